// /api/v1/findings: a finding opened by an inspector, answered by the responsible side,
// accepted (closed) or sent back; the list of a region and the overdue ones per county.
#include <algorithm>
#include <cstdlib>
#include <map>

#include "routes.hpp"
#include "xfl/api/core/credentials.hpp"
#include "xfl/api/core/record_changes.hpp"
#include "xfl/api/geography/geography.hpp"
#include "xfl/domain/kernel/checks.hpp"
#include "xfl/domain/kernel/time.hpp"

namespace xfl::api {
namespace {

using domain::FindingState;

std::int64_t Today(const RequestContext& ctx) { return domain::ChinaDay(ctx.now_us); }

std::int64_t DaysOverdue(const FindingState& s, std::int64_t today) {
    return s.OverdueOn(today) ? today - domain::DayOr(s.deadline, today) : 0;
}

// The finding as GET shows it on `today`; also what its history's changes compare.
std::string FindingJson(const FindingState& s, std::uint64_t version, std::int64_t today) {
    const domain::FindingOpened& f = s.opened;
    JsonOut answers;
    answers.OpenArray();
    for (const auto& a : s.answers) {
        JsonOut item;
        item.Open()
            .Field("kind", a.kind)
            .Field("text", a.text)
            .Field("date", a.date)
            .Field("by", a.by)
            .FieldRaw("evidence", StringArrayJson(a.evidence));
        answers.Item(item.Close().Take());
    }
    JsonOut rejections;
    rejections.OpenArray();
    for (const auto& r : s.rejections) {
        JsonOut item;
        item.Open()
            .Field("date", r.date)
            .Field("by", r.by)
            .Field("reason", r.reason)
            .Field("new_deadline", r.new_deadline);
        rejections.Item(item.Close().Take());
    }
    JsonOut out;
    out.Open()
        .Field("id", f.finding_id)
        .Field("region", f.region)
        .Field("category", f.category)
        .Field("description", f.description)
        .Field("responsible_unit", f.responsible_unit);
    if (!f.responsible_person.empty()) out.Field("responsible_person", f.responsible_person);
    if (!f.inspection_id.empty()) out.Field("inspection_id", f.inspection_id);
    out.FieldRaw("evidence", StringArrayJson(f.evidence))
        .Field("opened_by", f.opened_by)
        .Field("opened_on", f.opened_on)
        .Field("status", s.status)
        .Field("deadline", s.deadline)
        .Field("overdue", s.OverdueOn(today))
        .Field("days_overdue", DaysOverdue(s, today))
        .FieldRaw("answers", answers.CloseArray().Take())
        .FieldRaw("rejections", rejections.CloseArray().Take());
    if (!s.acceptance.date.empty()) {
        JsonOut accepted;
        accepted.Open()
            .Field("date", s.acceptance.date)
            .Field("by", s.acceptance.by)
            .Field("note", s.acceptance.note);
        out.FieldRaw("accepted", accepted.Close().Take());
    }
    return out.Field("version", version).Close().Take();
}

Result<HttpResponse> FindingResponse(const LoadedRecord<FindingState>& f, std::int64_t today,
                                     int status = 200) {
    HttpResponse r = JsonResponse(status, FindingJson(f.state, f.version, today));
    r.headers.emplace_back("ETag", ETag(f.version));
    return r;
}

Result<HttpResponse> FindingCommitted(Services& services, RequestContext& ctx, const Commit& commit,
                                      int status) {
    const std::string id(domain::kFindingStreams.IdOf(commit.result.stream_id).value_or(""));
    XFL_TRY(finding, LoadFinding(services, ctx, id));
    XFL_TRY(r, FindingResponse(finding, Today(ctx), status));
    if (commit.result.duplicate) r.headers.emplace_back("Idempotent-Replayed", "true");
    return r;
}

Result<CommandSpec> OpenFinding(Services& services, RequestContext& ctx) {
    XFL_TRY(body, ReadJson(ctx));
    domain::FindingOpened f;
    XFL_TRY(region_text, body.String("region", 12));
    XFL_TRY(category, body.String("category", 40));
    XFL_TRY(description, body.String("description", 5000));
    XFL_TRY(unit, body.String("responsible_unit", 200));
    XFL_TRY(person, body.OptionalString("responsible_person", 32));
    XFL_TRY(deadline, body.String("deadline", 10));
    XFL_TRY(inspection_id, body.OptionalString("inspection_id", 64));
    XFL_TRY(evidence, body.StringArray("evidence", 50));
    XFL_CHECK(body.Finish());
    XFL_TRY(region, domain::RegionCode::Parse(region_text, "region"));
    if (!ctx.caller().Covers(ctx.roles, region)) return OutOfScope();
    XFL_CHECK(CheckKnownRegion(services, region));
    if (inspection_id) {
        // The inspection that found it: one the caller may see, and whose region holds this one.
        auto inspection = LoadInspection(services, ctx, *inspection_id);
        if (!inspection.ok() || !inspection->region.Contains(region)) {
            return domain::RuleBroken("inspection_id",
                                      "no inspection of yours with this id covers the region");
        }
    }
    f.region = region.str();
    f.category = std::move(category);
    f.description = std::move(description);
    f.responsible_unit = std::move(unit);
    f.responsible_person = person.value_or("");
    f.deadline = std::move(deadline);
    f.inspection_id = inspection_id.value_or("");
    f.evidence = std::move(evidence);
    f.opened_by = ctx.caller().username;
    f.finding_id =
        services.NewWritableKey([] { return "f" + RandomHex(8); }, domain::FindingStreamId);
    XFL_TRY(events, domain::DecideOpenFinding({}, f, Today(ctx)));
    return CommandSpec{domain::FindingStreamId(f.finding_id),
                       eventstore::ExpectedVersion::NoStream(),
                       eventstore::MakeEvents(events, ctx.now_us), region, kFindingReadModels};
}

using FindingDecider =
    std::function<Result<domain::FindingEvents>(JsonBody&, const FindingState&, RequestContext&)>;

void AddFindingStep(RouteBuilder& routes, Services& services, std::string_view path,
                    const RoleSet& roles, FindingDecider decide) {
    AddRecordStep<FindingState, domain::FindingEvents>(
        routes, services, "/api/v1/findings/{id}/" + std::string(path), roles, LoadFinding,
        domain::kFindingStreams, std::move(decide), kFindingReadModels,
        [&services](RequestContext& ctx, const Commit& c) {
            return FindingCommitted(services, ctx, c, 200);
        });
}

// ?status= open, answered, closed; ?overdue=true; ?inspection_id=. Most urgent first: overdue
// ones by how late, then by deadline.
Result<HttpResponse> ListFindings(Services& services, RequestContext& ctx) {
    XFL_TRY(region, ReadRegionInScope(ctx));
    XFL_TRY(page, ReadPage(ctx));
    XFL_TRY(vantage, ctx.ReadVantage());
    XFL_TRY(overdue_only, ctx.BoolQuery("overdue", false));
    const auto status = ctx.Query("status");
    if (status && *status != "open" && *status != "answered" && *status != "closed") {
        return Error::Make(Errc::kInvalidArgument, "status: one of open, answered, closed",
                           "status");
    }
    const auto inspection = ctx.Query("inspection_id");
    const std::int64_t today = vantage.Day(ctx.now_us);
    std::vector<FindingState> rows;
    projections::ScanFindings(
        *services.store.View(projections::kFindingIndex), region.SignificantPrefix(),
        vantage.Records(ctx.now_us), [&](const FindingState& f) {
            if ((!status || f.status == *status) && (!overdue_only || f.OverdueOn(today)) &&
                (!inspection || f.opened.inspection_id == *inspection)) {
                rows.push_back(f);
            }
            return true;
        });
    std::stable_sort(rows.begin(), rows.end(), [&](const FindingState& a, const FindingState& b) {
        if (DaysOverdue(a, today) != DaysOverdue(b, today)) {
            return DaysOverdue(a, today) > DaysOverdue(b, today);
        }
        return a.deadline < b.deadline;
    });
    std::size_t offset = 0;
    if (!page.after.empty()) {
        offset = static_cast<std::size_t>(std::strtoull(page.after.c_str(), nullptr, 10));
    }
    JsonOut out;
    out.Open().OpenArray("findings");
    const std::size_t end = std::min(rows.size(), offset + page.limit);
    for (std::size_t i = offset; i < end; ++i) {
        const FindingState& f = rows[i];
        JsonOut item;
        item.Open()
            .Field("id", f.opened.finding_id)
            .Field("region", f.opened.region)
            .Field("category", f.opened.category)
            .Field("description", f.opened.description)
            .Field("responsible_unit", f.opened.responsible_unit)
            .Field("status", f.status)
            .Field("deadline", f.deadline)
            .Field("overdue", f.OverdueOn(today))
            .Field("days_overdue", DaysOverdue(f, today))
            .Field("opened_on", f.opened.opened_on);
        out.Item(item.Close().Take());
    }
    out.CloseArray();
    if (end < rows.size()) out.Field("next_cursor", EncodeCursor(std::to_string(end)));
    return JsonResponse(200, out.Close().Take());
}

// The county a region lies in (the city itself for the city).
std::string CountyOf(const std::string& code) {
    auto region = domain::RegionCode::Parse(code);
    if (!region.ok()) return code;
    domain::RegionCode county = *region;
    while (county.level() > domain::RegionLevel::kCounty) county = *county.Parent();
    return county.str();
}

// Per county under ?region=: how many findings are open, answered and closed, and the overdue
// ones, the latest first — what the city office ranks counties by.
Result<HttpResponse> FindingsByCounty(Services& services, RequestContext& ctx) {
    XFL_TRY(region, ReadRegionInScope(ctx));
    XFL_TRY(vantage, ctx.ReadVantage());
    const std::int64_t today = vantage.Day(ctx.now_us);
    struct County {
        std::int64_t open = 0, answered = 0, closed = 0;
        std::vector<FindingState> overdue;
    };
    std::map<std::string, County> counties;
    projections::ScanFindings(*services.store.View(projections::kFindingIndex),
                              region.SignificantPrefix(), vantage.Records(ctx.now_us),
                              [&](const FindingState& f) {
                                  County& c = counties[CountyOf(f.opened.region)];
                                  if (f.status == "open") ++c.open;
                                  if (f.status == "answered") ++c.answered;
                                  if (f.status == "closed") ++c.closed;
                                  if (f.OverdueOn(today)) c.overdue.push_back(f);
                                  return true;
                              });
    JsonOut out;
    out.Open().Field("region", region.str()).Field("date", domain::FormatDate(today));
    out.OpenArray("counties");
    for (auto& [code, c] : counties) {
        std::stable_sort(c.overdue.begin(), c.overdue.end(),
                         [&](const FindingState& a, const FindingState& b) {
                             return DaysOverdue(a, today) > DaysOverdue(b, today);
                         });
        JsonOut overdue;
        overdue.OpenArray();
        for (const FindingState& f : c.overdue) {
            JsonOut item;
            item.Open()
                .Field("id", f.opened.finding_id)
                .Field("region", f.opened.region)
                .Field("category", f.opened.category)
                .Field("responsible_unit", f.opened.responsible_unit)
                .Field("deadline", f.deadline)
                .Field("days_overdue", DaysOverdue(f, today));
            overdue.Item(item.Close().Take());
        }
        JsonOut row;
        row.Open()
            .Field("county", code)
            .Field("open", c.open)
            .Field("answered", c.answered)
            .Field("closed", c.closed)
            .Field("overdue_count", static_cast<std::int64_t>(c.overdue.size()))
            .FieldRaw("overdue", overdue.CloseArray().Take());
        out.Item(row.Close().Take());
    }
    return JsonResponse(200, out.CloseArray().Close().Take());
}

}  // namespace

Result<LoadedRecord<FindingState>> LoadFinding(Services& services, const RequestContext& ctx,
                                               const std::string& id, const Vantage& vantage) {
    return LoadRecord<FindingState>(services, ctx, {domain::kFindingStreams, "finding", "id"}, id,
                                    vantage, domain::ApplyFindingEvent,
                                    [](const FindingState& s) { return s.opened.region; });
}

void AddFindingRoutes(RouteBuilder& routes, Services& services) {
    routes.Query("GET", "/api/v1/findings", kFindingRead,
                 [&](RequestContext& ctx) { return ListFindings(services, ctx); });
    routes.Query("GET", "/api/v1/findings/by-county", kFindingRead,
                 [&](RequestContext& ctx) { return FindingsByCounty(services, ctx); });
    routes.Command(
        "POST", "/api/v1/findings", kInspectors,
        [&](RequestContext& ctx) { return OpenFinding(services, ctx); },
        [&services](RequestContext& ctx, const Commit& c) {
            return FindingCommitted(services, ctx, c, 201);
        });
    routes.Query("GET", "/api/v1/findings/{id}", kFindingRead,
                 [&](RequestContext& ctx) -> Result<HttpResponse> {
                     XFL_TRY(vantage, ctx.ReadVantage());
                     XFL_TRY(finding,
                             LoadFinding(services, ctx, ctx.request.path_params["id"], vantage));
                     return FindingResponse(finding, vantage.Day(ctx.now_us));
                 });
    routes.Query(
        "GET", "/api/v1/findings/{id}/history", kFindingRead,
        [&](RequestContext& ctx) -> Result<HttpResponse> {
            XFL_TRY(finding, LoadFinding(services, ctx, ctx.request.path_params["id"]));
            XFL_TRY(events,
                    services.Stream(domain::FindingStreamId(finding.state.opened.finding_id)));
            const std::int64_t today = Today(ctx);
            XFL_TRY(changes,
                    ChangesByEvent<FindingState>(events, domain::ApplyFindingEvent,
                                                 [&](const FindingState& s, std::uint64_t version) {
                                                     return FindingJson(s, version, today);
                                                 }));
            return HistoryResponse(events, ResidentIds::kMasked, changes);
        });
    AddFindingStep(routes, services, "answers", kResponsible,
                   [](JsonBody& body, const FindingState& s,
                      RequestContext& ctx) -> Result<domain::FindingEvents> {
                       XFL_TRY(kind, body.String("kind", 20));
                       XFL_TRY(text, body.String("text", 5000));
                       // The day it was done: today unless given.
                       XFL_TRY(date, body.OptionalString("date", 10));
                       XFL_TRY(evidence, body.StringArray("evidence", 50));
                       XFL_CHECK(body.Finish());
                       return domain::DecideAnswerFinding(
                           s,
                           {kind, text, date.value_or(domain::FormatDate(Today(ctx))),
                            ctx.caller().username, evidence},
                           Today(ctx));
                   });
    AddFindingStep(routes, services, "accept", kInspectors,
                   [](JsonBody& body, const FindingState& s,
                      RequestContext& ctx) -> Result<domain::FindingEvents> {
                       XFL_TRY(note, body.OptionalString("note", 2000));
                       XFL_CHECK(body.Finish());
                       return domain::DecideAcceptFinding(s, note.value_or(""),
                                                          ctx.caller().username, Today(ctx));
                   });
    AddFindingStep(routes, services, "reject", kInspectors,
                   [](JsonBody& body, const FindingState& s,
                      RequestContext& ctx) -> Result<domain::FindingEvents> {
                       XFL_TRY(reason, body.String("reason", 2000));
                       XFL_TRY(new_deadline, body.String("new_deadline", 10));
                       XFL_CHECK(body.Finish());
                       return domain::DecideRejectFinding(s, reason, new_deadline,
                                                          ctx.caller().username, Today(ctx));
                   });
}

}  // namespace xfl::api
