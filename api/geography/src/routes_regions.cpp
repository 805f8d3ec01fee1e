// /api/v1/regions: the region tree (county → township → village).
#include "routes.hpp"
#include "xfl/api/core/record_changes.hpp"
#include "xfl/api/core/service.hpp"
#include "xfl/api/geography/geography.hpp"
#include "xfl/domain/geography/region.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/projections/geography/region_tree.hpp"

namespace xfl::api {
namespace {

using domain::RegionCode;
using projections::RegionView;

const RoleSet kAdmin = {domain::Role::kAdmin};

// A region is visible inside the caller's scope and on the path above it (so a village
// caseworker sees their township and county); children outside the scope are left out.
bool Visible(const RequestContext& ctx, const RegionCode& code) {
    for (const auto& scope : ctx.caller().Scopes(ctx.roles)) {
        if (scope.Contains(code) || code.Contains(scope)) return true;
    }
    return false;
}

Result<RegionCode> VisibleCode(const RequestContext& ctx, const std::string& text) {
    XFL_TRY(code, RegionCode::Parse(text, "code"));
    if (!Visible(ctx, code)) return OutOfScope();
    return code;
}

// A region, with its children when given (already JSON).
std::string RegionJson(const RegionCode& code, std::string_view name, std::string_view parent,
                       std::uint64_t version, std::optional<std::string> children = {}) {
    JsonOut out;
    out.Open()
        .Field("code", code.str())
        .Field("name", name)
        .Field("level", domain::RegionLevelName(code.level()))
        .Field("parent", parent)
        .Field("version", version);
    if (children) out.FieldRaw("children", *children);
    return out.Close().Take();
}

std::string ChildrenJson(const RequestContext& ctx, const std::vector<RegionView>& children) {
    JsonOut out;
    out.OpenArray();
    for (const auto& child : children) {
        auto code = RegionCode::Parse(child.code);
        if (!code.ok() || !Visible(ctx, *code)) continue;
        out.Item(JsonOut()
                     .Open()
                     .Field("code", child.code)
                     .Field("name", child.name)
                     .Field("level", domain::RegionLevelName(code->level()))
                     .Close()
                     .Take());
    }
    return out.CloseArray().Take();
}

Result<domain::RegionState> LoadRegion(Services& services, const RegionCode& code,
                                       std::optional<std::int64_t> as_of, std::uint64_t& version) {
    XFL_TRY(loaded, [&]() -> Result<Loaded<domain::RegionState>> {
        if (!as_of) {
            return services.Current<domain::RegionState>(domain::RegionStreamId(code),
                                                         domain::ApplyRegionEvent);
        }
        XFL_TRY(events, services.Stream(domain::RegionStreamId(code), as_of));
        return LoadFrom<domain::RegionState>(events, domain::ApplyRegionEvent);
    }());
    version = loaded.version;
    return std::move(loaded.state);
}

Result<HttpResponse> GetRegion(Services& services, RequestContext& ctx) {
    XFL_TRY(code, VisibleCode(ctx, ctx.request.path_params["code"]));
    auto tree = services.store.View(projections::kRegionTree);
    XFL_TRY(as_of, ctx.AsOfOnly("regions have no business dates"));
    if (as_of) {
        std::uint64_t version = 0;
        XFL_TRY(state, LoadRegion(services, code, as_of, version));
        if (!state.exists) {
            if (!projections::FindRegion(*tree, code.str())) {
                return Error::Make(Errc::kNotFound, "no region " + code.str());
            }
            return Error::Make(Errc::kNotFound, "the region did not exist then", "as_of");
        }
        HttpResponse r = JsonResponse(200, RegionJson(code, state.name, state.parent, version));
        r.headers.emplace_back("ETag", ETag(version));
        return r;
    }
    auto view = projections::FindRegion(*tree, code.str());
    if (!view) return Error::Make(Errc::kNotFound, "no region " + code.str());
    HttpResponse r = JsonResponse(
        200, RegionJson(
                 code, view->name, view->parent, view->version,
                 ChildrenJson(ctx, projections::RegionChildren(*tree, code.str(), "", SIZE_MAX))));
    r.headers.emplace_back("ETag", ETag(view->version));
    return r;
}

Result<HttpResponse> ListRegions(Services& services, RequestContext& ctx) {
    auto parent_text = ctx.Query("parent");
    if (!parent_text) {
        return Error::Make(Errc::kInvalidArgument, "give the parent region: ?parent=<code>",
                           "parent");
    }
    XFL_TRY(parent, RegionCode::Parse(*parent_text, "parent"));
    if (!Visible(ctx, parent)) return OutOfScope();
    XFL_TRY(page, ReadPage(ctx));
    auto children = projections::RegionChildren(*services.store.View(projections::kRegionTree),
                                                parent.str(), page.after, page.limit);
    JsonOut out;
    out.Open().FieldRaw("regions", ChildrenJson(ctx, children));
    if (children.size() == page.limit) out.Field("next_cursor", EncodeCursor(children.back().code));
    return JsonResponse(200, out.Close().Take());
}

Result<CommandSpec> CreateRegion(Services& services, RequestContext& ctx) {
    XFL_TRY(body, ReadJson(ctx));
    XFL_TRY(code_text, body.String("code", 12));
    XFL_TRY(name, body.String("name", 100));
    XFL_CHECK(body.Finish());
    XFL_TRY(code, RegionCode::Parse(code_text, "code"));
    auto parent_code = code.Parent();
    if (parent_code && !ctx.caller().Covers(ctx.roles, *parent_code)) return OutOfScope();
    std::uint64_t version = 0, parent_version = 0;
    XFL_TRY(existing, LoadRegion(services, code, std::nullopt, version));
    domain::RegionState parent;
    if (parent_code) {
        XFL_TRY(loaded, LoadRegion(services, *parent_code, std::nullopt, parent_version));
        parent = std::move(loaded);
    }
    XFL_TRY(created, domain::DecideCreateRegion(existing, code, std::move(name), parent));
    return CommandSpec{domain::RegionStreamId(code),
                       eventstore::ExpectedVersion::NoStream(),
                       {MakeEvent(created, ctx.now_us)},
                       code,
                       {projections::kRegionTree}};
}

Result<CommandSpec> RenameRegion(Services& services, RequestContext& ctx) {
    XFL_TRY(code, RegionCode::Parse(ctx.request.path_params["code"], "code"));
    if (!ctx.caller().Covers(ctx.roles, code)) return OutOfScope();
    XFL_TRY(body, ReadJson(ctx));
    XFL_TRY(name, body.String("name", 100));
    XFL_CHECK(body.Finish());
    std::uint64_t version = 0;
    XFL_TRY(region, LoadRegion(services, code, std::nullopt, version));
    XFL_CHECK(ctx.CheckIfMatch(version));
    XFL_TRY(renamed, domain::DecideRenameRegion(region, std::move(name)));
    return CommandSpec{domain::RegionStreamId(code),
                       eventstore::ExpectedVersion::Exactly({version}),
                       {MakeEvent(renamed, ctx.now_us)},
                       code,
                       {projections::kRegionTree}};
}

HttpResponse RegionCommitted(int status, const Commit& commit) {
    return CommitResponse(status, domain::kRegionStreams.IdOf(commit.result.stream_id).value_or(""),
                          commit);
}

}  // namespace

void AddRegionRoutes(RouteBuilder& routes, Services& services) {
    routes.Query("GET", "/api/v1/regions", kAllRoles,
                 [&](RequestContext& ctx) { return ListRegions(services, ctx); });
    routes.Query("GET", "/api/v1/regions/{code}", kAllRoles,
                 [&](RequestContext& ctx) { return GetRegion(services, ctx); });
    routes.Query("GET", "/api/v1/regions/{code}/history", kAllRoles,
                 [&](RequestContext& ctx) -> Result<HttpResponse> {
                     XFL_TRY(code, VisibleCode(ctx, ctx.request.path_params["code"]));
                     XFL_TRY(events, services.Stream(domain::RegionStreamId(code)));
                     if (events.empty())
                         return Error::Make(Errc::kNotFound, "no region " + code.str());
                     XFL_TRY(changes, ChangesByEvent<domain::RegionState>(
                                          events, domain::ApplyRegionEvent,
                                          [&](const domain::RegionState& r, std::uint64_t version) {
                                              return RegionJson(code, r.name, r.parent, version);
                                          }));
                     return HistoryResponse(events, ResidentIds::kMasked, changes);
                 });
    routes.Command(
        "POST", "/api/v1/regions", kAdmin,
        [&](RequestContext& ctx) { return CreateRegion(services, ctx); },
        [](const Commit& c) { return RegionCommitted(201, c); });
    routes.Command(
        "PATCH", "/api/v1/regions/{code}", kAdmin,
        [&](RequestContext& ctx) { return RenameRegion(services, ctx); },
        [](const Commit& c) { return RegionCommitted(200, c); });
}

Status CheckKnownRegion(Services& services, const domain::RegionCode& region) {
    if (!projections::FindRegion(*services.store.View(projections::kRegionTree), region.str())) {
        return Error::Make(Errc::kRuleViolated, "region: unknown region " + region.str(), "region");
    }
    return {};
}

std::string RegionLabel(Services& services, const domain::RegionCode& region) {
    auto found =
        projections::FindRegion(*services.store.View(projections::kRegionTree), region.str());
    if (!found) return region.str();
    return found->name + "（" + region.str() + "）";
}

}  // namespace xfl::api
