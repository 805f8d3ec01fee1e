// /api/v1/disputes: filing a case, the case view with its statutory clocks, its history.
#include <algorithm>
#include <cstdlib>

#include "routes.hpp"
#include "xfl/api/calendar/calendar.hpp"
#include "xfl/api/core/credentials.hpp"
#include "xfl/api/core/record_changes.hpp"
#include "xfl/api/geography/geography.hpp"
#include "xfl/domain/disputes/clocks.hpp"
#include "xfl/domain/employment/credit_code.hpp"
#include "xfl/domain/kernel/resident_id.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/projections/disputes/disputes.hpp"

namespace xfl::api {
namespace {

using domain::DisputeState;

Result<domain::DisputeFiled> ReadFiling(JsonBody& body) {
    domain::DisputeFiled f;
    XFL_TRY(region, body.String("region", 12));
    XFL_TRY(filed_on, body.String("filed_on", 10));
    XFL_TRY(first_stage, body.String("first_stage", 20));
    XFL_TRY(name, body.OptionalString("claimant_name", 60));
    XFL_TRY(resident_id, body.OptionalString("resident_id", 18));
    XFL_TRY(person_id, body.OptionalString("claimant_person_id", 64));
    XFL_TRY(household_id, body.OptionalString("claimant_household_id", 64));
    XFL_TRY(respondent_id, body.String("respondent_id", 18));
    XFL_TRY(respondent_name, body.String("respondent_name", 200));
    XFL_TRY(facts, body.String("facts", 5000));
    XFL_TRY(known_on, body.String("known_on", 10));
    XFL_TRY(still_employed, body.Bool("still_employed"));
    XFL_TRY(claims, body.Objects("claims", 20));
    for (JsonBody& item : claims) {
        domain::Claim c;
        XFL_TRY(kind, item.String("kind", 40));
        XFL_TRY(amount, item.OptionalInt("amount_fen"));
        XFL_TRY(from, item.OptionalString("period_from", 10));
        XFL_TRY(to, item.OptionalString("period_to", 10));
        XFL_CHECK(item.Finish());
        c.kind = std::move(kind);
        c.amount_fen = amount.value_or(0);
        c.period_from = from.value_or("");
        c.period_to = to.value_or("");
        f.claims.push_back(std::move(c));
    }
    XFL_TRY(evidence, body.Objects("evidence", 50));
    for (JsonBody& item : evidence) {
        XFL_TRY(doc_name, item.String("name", 200));
        XFL_TRY(sha256, item.String("sha256", 64));
        XFL_CHECK(item.Finish());
        f.evidence.push_back({std::move(doc_name), std::move(sha256)});
    }
    XFL_CHECK(body.Finish());
    XFL_TRY(respondent, domain::CreditCode::Parse(respondent_id, "respondent_id"));
    f.region = std::move(region);
    f.filed_on = std::move(filed_on);
    f.first_stage = std::move(first_stage);
    f.claimant_name = name.value_or("");
    f.resident_id = resident_id.value_or("");
    f.claimant_person_id = person_id.value_or("");
    f.claimant_household_id = household_id.value_or("");
    f.respondent_id = respondent.str();
    f.respondent_name = std::move(respondent_name);
    f.facts = std::move(facts);
    f.known_on = std::move(known_on);
    f.still_employed = still_employed;
    return f;
}

Result<CommandSpec> FileDispute(Services& services, RequestContext& ctx) {
    XFL_TRY(body, ReadJson(ctx));
    XFL_TRY(filed, ReadFiling(body));
    XFL_TRY(region, domain::RegionCode::Parse(filed.region, "region"));
    if (!ctx.caller().Covers(ctx.roles, region)) return OutOfScope();
    // A mediator files for mediation; arbitration is the officers' work.
    if (filed.first_stage == "arbitration" && !ctx.caller().Covers(kDisputeWork, region)) {
        return OutOfScope();
    }
    XFL_CHECK(CheckKnownRegion(services, region));
    XFL_CHECK(TakeClaimantFromRegister(services, ctx, filed));
    filed.dispute_id =
        services.NewWritableKey([] { return "d" + RandomHex(8); }, domain::DisputeStreamId);
    XFL_TRY(events, domain::DecideFileDispute({}, filed, domain::ChinaDay(ctx.now_us)));
    return CommandSpec{domain::DisputeStreamId(filed.dispute_id),
                       eventstore::ExpectedVersion::NoStream(),
                       eventstore::MakeEvents(events, ctx.now_us), region, kDisputeReadModels};
}

std::string ClocksJson(const DisputeState& s, const domain::WorkingDayCalendar& calendar,
                       std::int64_t as_of) {
    JsonOut out;
    out.OpenArray();
    for (const auto& c : domain::DisputeClockViews(s, calendar, as_of)) {
        JsonOut item;
        item.Open()
            .Field("name", c.name)
            .Field("starts_on", c.starts_on)
            .Field("state", c.state)
            .Field("days_late", c.days_late);
        if (!c.due.empty()) item.Field("due", c.due);
        if (!c.met_on.empty()) item.Field("met_on", c.met_on);
        if (!c.problem.empty()) item.Field("problem", c.problem);
        out.Item(item.Close().Take());
    }
    return out.CloseArray().Take();
}

// The case as GET shows it on `as_of_day`; also what its history's field-level changes compare.
std::string DisputeJson(const DisputeState& s, std::uint64_t version,
                        const domain::WorkingDayCalendar& calendar, std::int64_t as_of_day) {
    const domain::DisputeFiled& f = s.filed;
    JsonOut claims;
    claims.OpenArray();
    for (std::size_t i = 0; i < f.claims.size(); ++i) {
        const auto& c = f.claims[i];
        JsonOut item;
        item.Open().Field("kind", c.kind).Field("amount_fen", c.amount_fen);
        if (!c.period_from.empty()) item.Field("period_from", c.period_from);
        if (!c.period_to.empty()) item.Field("period_to", c.period_to);
        if (i < s.award.granted_fen.size()) item.Field("granted_fen", s.award.granted_fen[i]);
        claims.Item(item.Close().Take());
    }
    JsonOut out;
    out.Open()
        .Field("id", f.dispute_id)
        .Field("region", f.region)
        .Field("stage", s.stage)
        .Field("filed_on", f.filed_on)
        .Field("first_stage", f.first_stage)
        .Field("claimant_name", f.claimant_name)
        .Field("resident_id", domain::MaskResidentId(f.resident_id))
        .Field("respondent_id", f.respondent_id)
        .Field("respondent_name", f.respondent_name)
        .Field("facts", f.facts)
        .Field("known_on", f.known_on)
        .Field("still_employed", f.still_employed)
        .FieldRaw("claims", claims.CloseArray().Take())
        .Field("claimed_fen", s.ClaimedFen())
        .Field("due_fen", s.DueFen())
        .Field("recovered_fen", s.RecoveredFen())
        .Field("limitation_ends", domain::FormatDate(domain::LimitationEnds(s)))
        .Field("may_apply_for_arbitration", domain::MediationLapsed(s, as_of_day));
    if (!f.claimant_person_id.empty()) {
        out.Field("claimant_household_id", f.claimant_household_id)
            .Field("claimant_person_id", f.claimant_person_id);
    }
    if (!s.outcome.empty()) out.Field("outcome", s.outcome);
    if (!s.closed_on.empty()) out.Field("closed_on", s.closed_on);
    if (!s.awarded_on.empty()) out.Field("final_for_employer", s.award.final_for_employer);
    return out.FieldRaw("clocks", ClocksJson(s, calendar, as_of_day))
        .Field("version", version)
        .Close()
        .Take();
}

Result<HttpResponse> DisputeResponse(Services& services, const LoadedDispute& d,
                                     std::int64_t as_of_day) {
    XFL_TRY(calendar, LoadWorkingDays(services));
    HttpResponse r = JsonResponse(200, DisputeJson(d.state, d.version, *calendar, as_of_day));
    r.headers.emplace_back("ETag", ETag(d.version));
    return r;
}

// The officers' board: the open cases of a region (or those of one stage), the next deadline
// first, each with how late it is; ?officer= the officer who accepted them; ?respondent_id= an
// employer's or ?claimant_person_id= a person's cases; ?as_of= as the board stood then (as
// recorded), ?valid_on= as it was on a day by the dates reported, or both. Offset
// cursors: the order changes as days pass, so a page is a place in it.
struct BoardRow {
    projections::DisputeListing listing;
    std::string next_clock, next_due;
    std::int64_t days_late = 0;
};

// The row with the earliest deadline still running (pending or overdue) as of `day`.
BoardRow WithNextDeadline(projections::DisputeListing listing,
                          const domain::WorkingDayCalendar& calendar, std::int64_t day) {
    BoardRow row{std::move(listing), "", "", 0};
    for (const auto& c : domain::DisputeClockViews(row.listing.state, calendar, day)) {
        if ((c.state != "pending" && c.state != "overdue") || c.due.empty()) continue;
        if (row.next_due.empty() || c.due < row.next_due) {
            row.next_due = c.due;
            row.next_clock = c.name;
            row.days_late = c.days_late;
        }
    }
    return row;
}

Result<HttpResponse> Board(Services& services, RequestContext& ctx) {
    XFL_TRY(region, ReadRegionInScope(ctx));
    XFL_TRY(page, ReadPage(ctx));
    XFL_TRY(vantage, ctx.ReadVantage());
    const std::int64_t day = vantage.Day(ctx.now_us);
    const auto stage = ctx.Query("stage");
    const auto officer = ctx.Query("officer");
    // One party's cases: every stage, closed ones too, unless a stage is asked for.
    const auto respondent = ctx.Query("respondent_id");
    const auto claimant = ctx.Query("claimant_person_id");
    const bool one_party = respondent || claimant;
    std::size_t offset = 0;
    if (!page.after.empty()) {
        offset = static_cast<std::size_t>(std::strtoull(page.after.c_str(), nullptr, 10));
    }
    XFL_TRY(calendar, LoadWorkingDays(services));
    std::vector<BoardRow> rows;
    projections::ScanDisputes(
        *services.store.View(projections::kDisputeIndex), region.SignificantPrefix(),
        vantage.Records(ctx.now_us), [&](const projections::DisputeListing& d) {
            const domain::DisputeFiled& f = d.state.filed;
            const bool in_stage = stage       ? d.state.stage == *stage
                                  : one_party ? true
                                              : d.state.stage != "closed";
            const bool wanted = in_stage && (!officer || d.officer == *officer) &&
                                (!respondent || f.respondent_id == *respondent) &&
                                (!claimant || f.claimant_person_id == *claimant);
            if (wanted) {
                rows.push_back(WithNextDeadline(d, *calendar, day));
            }
            return true;
        });
    std::stable_sort(rows.begin(), rows.end(), [](const BoardRow& a, const BoardRow& b) {
        if (a.next_due.empty() != b.next_due.empty()) return b.next_due.empty();
        return a.next_due < b.next_due;
    });
    JsonOut out;
    out.Open().OpenArray("disputes");
    const std::size_t end = std::min(rows.size(), offset + page.limit);
    for (std::size_t i = offset; i < end; ++i) {
        const BoardRow& r = rows[i];
        const domain::DisputeState& state = r.listing.state;
        const domain::DisputeFiled& f = state.filed;
        JsonOut item;
        item.Open()
            .Field("id", f.dispute_id)
            .Field("region", f.region)
            .Field("stage", state.stage)
            .Field("filed_on", f.filed_on)
            .Field("claimant_name", f.claimant_name)
            .Field("respondent_name", f.respondent_name)
            .Field("claimed_fen", state.ClaimedFen());
        if (!r.listing.officer.empty()) item.Field("officer", r.listing.officer);
        if (!r.next_due.empty()) {
            item.Field("next_clock", r.next_clock)
                .Field("next_due", r.next_due)
                .Field("overdue", r.days_late > 0)
                .Field("days_late", r.days_late);
        }
        out.Item(item.Close().Take());
    }
    out.CloseArray();
    if (end < rows.size()) out.Field("next_cursor", EncodeCursor(std::to_string(end)));
    return JsonResponse(200, out.Close().Take());
}

}  // namespace

Result<LoadedDispute> LoadDispute(Services& services, const RequestContext& ctx,
                                  const std::string& id, const Vantage& vantage) {
    return LoadRecord<DisputeState>(services, ctx, {domain::kDisputeStreams, "dispute", "id"}, id,
                                    vantage, domain::ApplyDisputeEvent,
                                    [](const DisputeState& s) { return s.filed.region; });
}

Result<HttpResponse> DisputeCommitted(Services& services, RequestContext& ctx, const Commit& commit,
                                      int status) {
    const std::string id(domain::kDisputeStreams.IdOf(commit.result.stream_id).value_or(""));
    XFL_TRY(dispute, LoadDispute(services, ctx, id));
    XFL_TRY(r, DisputeResponse(services, dispute, domain::ChinaDay(ctx.now_us)));
    r.status = status;
    if (commit.result.duplicate) r.headers.emplace_back("Idempotent-Replayed", "true");
    return r;
}

void AddDisputeRoutes(RouteBuilder& routes, Services& services) {
    routes.Query("GET", "/api/v1/disputes", kDisputeRead,
                 [&](RequestContext& ctx) { return Board(services, ctx); });
    routes.Command(
        "POST", "/api/v1/disputes", kMediation,
        [&](RequestContext& ctx) { return FileDispute(services, ctx); },
        [&services](RequestContext& ctx, const Commit& c) {
            return DisputeCommitted(services, ctx, c, 201);
        });
    routes.Query("GET", "/api/v1/disputes/{id}", kDisputeRead,
                 [&](RequestContext& ctx) -> Result<HttpResponse> {
                     XFL_TRY(vantage, ctx.ReadVantage());
                     XFL_TRY(dispute,
                             LoadDispute(services, ctx, ctx.request.path_params["id"], vantage));
                     return DisputeResponse(services, dispute, vantage.Day(ctx.now_us));
                 });
    routes.Query("GET", "/api/v1/disputes/{id}/history", kDisputeRead,
                 [&](RequestContext& ctx) -> Result<HttpResponse> {
                     XFL_TRY(dispute, LoadDispute(services, ctx, ctx.request.path_params["id"]));
                     XFL_TRY(events, services.Stream(
                                         domain::DisputeStreamId(dispute.state.filed.dispute_id)));
                     XFL_TRY(calendar, LoadWorkingDays(services));
                     // Every state shown on today's date: what changes is what the events did.
                     const std::int64_t today = domain::ChinaDay(ctx.now_us);
                     XFL_TRY(changes, ChangesByEvent<DisputeState>(
                                          events, domain::ApplyDisputeEvent,
                                          [&](const DisputeState& s, std::uint64_t version) {
                                              return DisputeJson(s, version, *calendar, today);
                                          }));
                     return HistoryResponse(events, ResidentIds::kMasked, changes);
                 });
}

}  // namespace xfl::api
