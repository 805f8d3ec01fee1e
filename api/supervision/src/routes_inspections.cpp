// /api/v1/inspections: an inspection with the sample it checks, drawn from a recorded seed, the
// result per sampled record, its closing; and the sample drawn again to show it reproduces.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <set>

#include "routes.hpp"
#include "xfl/api/core/credentials.hpp"
#include "xfl/api/core/record_changes.hpp"
#include "xfl/api/geography/geography.hpp"
#include "xfl/domain/kernel/checks.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/projections/disputes/disputes.hpp"
#include "xfl/projections/households/households.hpp"

namespace xfl::api {
namespace {

using domain::InspectionState;
using domain::SamplePlan;

std::int64_t Today(const RequestContext& ctx) { return domain::ChinaDay(ctx.now_us); }

// The records a sample is drawn from (inspection.hpp, SamplePlan), as recorded at drawn_at_us:
// their ids in byte order.
std::vector<std::string> Population(Services& services, const domain::RegionCode& region,
                                    const SamplePlan& plan) {
    const std::string from = plan.from, to = plan.to;
    const std::int64_t at = plan.drawn_at_us;
    std::set<std::string> ids;
    if (plan.kind == "disputes") {
        projections::ScanDisputes(*services.store.View(projections::kDisputeIndex),
                                  region.SignificantPrefix(), {at, {}},
                                  [&](const projections::DisputeListing& d) {
                                      const std::string& filed = d.state.filed.filed_on;
                                      if (filed >= from && filed <= to) {
                                          ids.insert(d.state.filed.dispute_id);
                                      }
                                      return true;
                                  });
    } else {
        const bool cleared_only = plan.kind == "zero_employment_cleared";
        auto visit = [&](const std::string&, const projections::ZeroEmploymentEpisode& ep) {
            if (ep.flagged_at_us > at) return true;
            const bool cleared = ep.cleared_at_us != 0 && ep.cleared_at_us <= at;
            const bool in_period = cleared_only
                                       ? cleared && ep.cleared >= from && ep.cleared <= to
                                       // zero-employment at some time in the period
                                       : ep.since <= to && (!cleared || ep.cleared >= from);
            if (in_period) ids.insert(ep.household_id);
            return true;
        };
        auto board = services.store.View(projections::kZeroEmploymentBoard);
        for (auto list : {projections::EpisodeList::kOpen, projections::EpisodeList::kCleared}) {
            projections::ScanZeroEmployment(*board, list, region.SignificantPrefix(), {}, visit);
        }
    }
    return {ids.begin(), ids.end()};
}

std::string SampleJson(const SamplePlan& p) {
    JsonOut out;
    out.Open()
        .Field("kind", p.kind)
        .Field("from", p.from)
        .Field("to", p.to)
        .Field("drawn_at", domain::FormatRfc3339(p.drawn_at_us))
        .Field("seed", std::to_string(p.seed))
        .Field("population", p.population)
        .Field("size", p.size)
        .FieldRaw("records", StringArrayJson(p.sampled));
    return out.Close().Take();
}

// The inspection as GET shows it; also what its history's changes compare.
std::string InspectionJson(const InspectionState& s, std::uint64_t version) {
    const domain::InspectionOpened& o = s.opened;
    JsonOut results;
    results.OpenArray();
    for (const std::string& record : o.sample.sampled) {
        JsonOut item;
        item.Open().Field("record_id", record);
        if (const auto* r = s.ResultOf(record)) {
            item.Field("result", r->result)
                .Field("note", r->note)
                .Field("date", r->date)
                .Field("by", r->by);
            if (!r->finding_id.empty()) item.Field("finding_id", r->finding_id);
        } else {
            item.Field("result", "unchecked");
        }
        results.Item(item.Close().Take());
    }
    JsonOut out;
    out.Open()
        .Field("id", o.inspection_id)
        .Field("region", o.region)
        .Field("unit_kind", o.unit_kind)
        .Field("unit_name", o.unit_name)
        .Field("starts_on", o.starts_on)
        .Field("ends_on", o.ends_on)
        .FieldRaw("inspectors", StringArrayJson(o.inspectors))
        .FieldRaw("methods", StringArrayJson(o.methods))
        .Field("opened_by", o.opened_by)
        .FieldRaw("sample", SampleJson(o.sample))
        .FieldRaw("results", results.CloseArray().Take())
        .Field("status", s.closing.date.empty() ? "open" : "closed");
    if (!s.closing.date.empty()) {
        out.Field("closed_on", s.closing.date)
            .Field("closed_by", s.closing.by)
            .Field("summary", s.closing.summary);
    }
    return out.Field("version", version).Close().Take();
}

Result<HttpResponse> InspectionResponse(const LoadedRecord<InspectionState>& i, int status = 200) {
    HttpResponse r = JsonResponse(status, InspectionJson(i.state, i.version));
    r.headers.emplace_back("ETag", ETag(i.version));
    return r;
}

Result<HttpResponse> InspectionCommitted(Services& services, RequestContext& ctx,
                                         const Commit& commit, int status) {
    const std::string id(domain::kInspectionStreams.IdOf(commit.result.stream_id).value_or(""));
    XFL_TRY(inspection, LoadInspection(services, ctx, id));
    XFL_TRY(r, InspectionResponse(inspection, status));
    if (commit.result.duplicate) r.headers.emplace_back("Idempotent-Replayed", "true");
    return r;
}

Result<std::uint64_t> ReadSeed(JsonBody& sample) {
    XFL_TRY(text, sample.OptionalString("seed", 20));
    if (!text) {
        // A seed nobody chose: drawn by the server, recorded with the sample.
        const std::string hex = RandomHex(8);
        return std::stoull(hex, nullptr, 16);
    }
    const bool digits = !text->empty() && std::all_of(text->begin(), text->end(),
                                                      [](char c) { return c >= '0' && c <= '9'; });
    errno = 0;
    const unsigned long long seed = digits ? std::strtoull(text->c_str(), nullptr, 10) : 0;
    if (!digits || errno == ERANGE) {
        return Error::Make(Errc::kInvalidArgument,
                           "sample.seed: a whole number from 0 to 18446744073709551615, as text",
                           "sample.seed");
    }
    return static_cast<std::uint64_t>(seed);
}

Result<CommandSpec> OpenInspection(Services& services, RequestContext& ctx) {
    XFL_TRY(body, ReadJson(ctx));
    domain::InspectionOpened o;
    XFL_TRY(region_text, body.String("region", 12));
    XFL_TRY(unit_kind, body.String("unit_kind", 20));
    XFL_TRY(unit_name, body.String("unit_name", 200));
    XFL_TRY(starts_on, body.String("starts_on", 10));
    XFL_TRY(ends_on, body.String("ends_on", 10));
    XFL_TRY(inspectors, body.StringArray("inspectors", 20));
    XFL_TRY(methods, body.StringArray("methods", 3));
    XFL_TRY(sample_body, body.OptionalObject("sample"));
    if (!sample_body) {
        return Error::Make(Errc::kInvalidArgument, "sample is required", "sample");
    }
    XFL_TRY(kind, sample_body->String("kind", 40));
    XFL_TRY(from, sample_body->String("from", 10));
    XFL_TRY(to, sample_body->String("to", 10));
    XFL_TRY(size, sample_body->OptionalInt("size"));
    XFL_TRY(seed, ReadSeed(*sample_body));
    XFL_CHECK(sample_body->Finish());
    XFL_CHECK(body.Finish());
    XFL_TRY(region, domain::RegionCode::Parse(region_text, "region"));
    if (!ctx.caller().Covers(ctx.roles, region)) return OutOfScope();
    XFL_CHECK(CheckKnownRegion(services, region));
    o.region = region.str();
    o.unit_kind = std::move(unit_kind);
    o.unit_name = std::move(unit_name);
    o.starts_on = std::move(starts_on);
    o.ends_on = std::move(ends_on);
    o.inspectors = std::move(inspectors);
    // The inspector opening it is one of them.
    if (std::find(o.inspectors.begin(), o.inspectors.end(), ctx.caller().username) ==
        o.inspectors.end()) {
        o.inspectors.insert(o.inspectors.begin(), ctx.caller().username);
    }
    o.methods = std::move(methods);
    o.opened_by = ctx.caller().username;
    o.sample = {
        std::move(kind), std::move(from), std::move(to), ctx.now_us, 0, size.value_or(0), seed, {}};
    // The population as recorded at drawn_at: the read models must hold everything the log had
    // then, or drawing again later would read a larger one.
    const std::vector<std::string_view> models = {projections::kZeroEmploymentBoard,
                                                  projections::kDisputeIndex};
    if (!services.runner.WaitFor(services.log.Head(), models, std::chrono::seconds(10))) {
        return Error::Make(Errc::kUnavailable,
                           "the read models are behind the log; try again in a moment");
    }
    const std::vector<std::string> population = domain::IsSampleKind(o.sample.kind)
                                                    ? Population(services, region, o.sample)
                                                    : std::vector<std::string>{};
    o.inspection_id =
        services.NewWritableKey([] { return "i" + RandomHex(8); }, domain::InspectionStreamId);
    XFL_TRY(events, domain::DecideOpenInspection({}, o, population, Today(ctx)));
    return CommandSpec{domain::InspectionStreamId(o.inspection_id),
                       eventstore::ExpectedVersion::NoStream(),
                       eventstore::MakeEvents(events, ctx.now_us), region, kInspectionReadModels};
}

using InspectionDecider = std::function<Result<domain::InspectionEvents>(
    JsonBody&, const InspectionState&, RequestContext&)>;

void AddInspectionStep(RouteBuilder& routes, Services& services, std::string_view path,
                       InspectionDecider decide) {
    AddRecordStep<InspectionState, domain::InspectionEvents>(
        routes, services, "/api/v1/inspections/{id}/" + std::string(path), kInspectors,
        LoadInspection, domain::kInspectionStreams, std::move(decide), kInspectionReadModels,
        [&services](RequestContext& ctx, const Commit& c) {
            return InspectionCommitted(services, ctx, c, 200);
        });
}

Result<HttpResponse> ListInspections(Services& services, RequestContext& ctx) {
    XFL_TRY(region, ReadRegionInScope(ctx));
    XFL_TRY(vantage, ctx.ReadVantage());
    std::vector<InspectionState> rows;
    projections::ScanInspections(*services.store.View(projections::kInspectionIndex),
                                 region.SignificantPrefix(), vantage.Records(ctx.now_us),
                                 [&](const InspectionState& i) {
                                     rows.push_back(i);
                                     return true;
                                 });
    // The latest first.
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        return a.opened.starts_on > b.opened.starts_on;
    });
    JsonOut out;
    out.Open().OpenArray("inspections");
    for (const InspectionState& i : rows) {
        const auto checked = static_cast<std::int64_t>(i.results.size());
        const auto problems = std::count_if(i.results.begin(), i.results.end(),
                                            [](const auto& r) { return r.result == "problem"; });
        JsonOut item;
        item.Open()
            .Field("id", i.opened.inspection_id)
            .Field("region", i.opened.region)
            .Field("unit_name", i.opened.unit_name)
            .Field("starts_on", i.opened.starts_on)
            .Field("ends_on", i.opened.ends_on)
            .Field("sample_kind", i.opened.sample.kind)
            .Field("sample_size", i.opened.sample.size)
            .Field("checked", checked)
            .Field("problems", static_cast<std::int64_t>(problems))
            .Field("status", i.closing.date.empty() ? "open" : "closed");
        out.Item(item.Close().Take());
    }
    return JsonResponse(200, out.CloseArray().Close().Take());
}

// The sample drawn again from its recorded seed, population and time: anyone can see that the
// records checked were the ones the seed picks.
Result<HttpResponse> Redraw(Services& services, RequestContext& ctx) {
    XFL_TRY(inspection, LoadInspection(services, ctx, ctx.request.path_params["id"]));
    const SamplePlan& plan = inspection.state.opened.sample;
    const std::vector<std::string> population = Population(services, inspection.region, plan);
    auto again = domain::DrawSample(population, plan.size, plan.seed);
    const bool reproduced = again.ok() && *again == plan.sampled &&
                            static_cast<std::int64_t>(population.size()) == plan.population;
    JsonOut out;
    out.Open()
        .Field("population", static_cast<std::int64_t>(population.size()))
        .FieldRaw("records", StringArrayJson(again.ok() ? *again : std::vector<std::string>{}))
        .Field("reproduced", reproduced);
    return JsonResponse(200, out.Close().Take());
}

}  // namespace

Result<LoadedRecord<InspectionState>> LoadInspection(Services& services, const RequestContext& ctx,
                                                     const std::string& id,
                                                     const Vantage& vantage) {
    return LoadRecord<InspectionState>(
        services, ctx, {domain::kInspectionStreams, "inspection", "id"}, id, vantage,
        domain::ApplyInspectionEvent, [](const InspectionState& s) { return s.opened.region; });
}

void AddInspectionRoutes(RouteBuilder& routes, Services& services) {
    routes.Query("GET", "/api/v1/inspections", kInspectionRead,
                 [&](RequestContext& ctx) { return ListInspections(services, ctx); });
    routes.Command(
        "POST", "/api/v1/inspections", kInspectors,
        [&](RequestContext& ctx) { return OpenInspection(services, ctx); },
        [&services](RequestContext& ctx, const Commit& c) {
            return InspectionCommitted(services, ctx, c, 201);
        });
    routes.Query("GET", "/api/v1/inspections/{id}", kInspectionRead,
                 [&](RequestContext& ctx) -> Result<HttpResponse> {
                     XFL_TRY(vantage, ctx.ReadVantage());
                     XFL_TRY(inspection,
                             LoadInspection(services, ctx, ctx.request.path_params["id"], vantage));
                     return InspectionResponse(inspection);
                 });
    routes.Query("GET", "/api/v1/inspections/{id}/redraw", kInspectionRead,
                 [&](RequestContext& ctx) { return Redraw(services, ctx); });
    routes.Query(
        "GET", "/api/v1/inspections/{id}/history", kInspectionRead,
        [&](RequestContext& ctx) -> Result<HttpResponse> {
            XFL_TRY(inspection, LoadInspection(services, ctx, ctx.request.path_params["id"]));
            XFL_TRY(events, services.Stream(
                                domain::InspectionStreamId(inspection.state.opened.inspection_id)));
            XFL_TRY(changes, ChangesByEvent<InspectionState>(
                                 events, domain::ApplyInspectionEvent,
                                 [](const InspectionState& s, std::uint64_t version) {
                                     return InspectionJson(s, version);
                                 }));
            return HistoryResponse(events, ResidentIds::kMasked, changes);
        });
    AddInspectionStep(
        routes, services, "results",
        [&services](JsonBody& body, const InspectionState& s,
                    RequestContext& ctx) -> Result<domain::InspectionEvents> {
            XFL_TRY(record_id, body.String("record_id", 64));
            XFL_TRY(result, body.String("result", 20));
            XFL_TRY(note, body.OptionalString("note", 2000));
            XFL_TRY(finding_id, body.OptionalString("finding_id", 64));
            XFL_TRY(date, body.String("date", 10));
            XFL_CHECK(body.Finish());
            if (finding_id && !LoadFinding(services, ctx, *finding_id).ok()) {
                return domain::RuleBroken("finding_id", "no finding of yours has this id");
            }
            return domain::DecideCheckSample(s,
                                             {record_id, result, note.value_or(""),
                                              finding_id.value_or(""), date, ctx.caller().username},
                                             Today(ctx));
        });
    AddInspectionStep(routes, services, "close",
                      [](JsonBody& body, const InspectionState& s,
                         RequestContext& ctx) -> Result<domain::InspectionEvents> {
                          XFL_TRY(summary, body.String("summary", 5000));
                          XFL_CHECK(body.Finish());
                          return domain::DecideCloseInspection(
                              s, {"", ctx.caller().username, summary}, Today(ctx));
                      });
}

}  // namespace xfl::api
