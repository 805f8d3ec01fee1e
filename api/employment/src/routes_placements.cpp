// /api/v1/placements: a member of the register starts work (就业/上岗) and ends it. A placement
// into a posting takes a seat first (the posting's stream decides who gets the last one), then
// the household records it; other placements are the household's alone.
#include "routes.hpp"
#include "xfl/api/core/credentials.hpp"
#include "xfl/domain/households/placement.hpp"
#include "xfl/domain/kernel/time.hpp"

namespace xfl::api {
namespace {

using domain::HouseholdState;

std::int64_t Today(const RequestContext& ctx) { return domain::ChinaDay(ctx.now_us); }

// A household the caller works in (scope of the route's roles).
Result<LoadedRecord<HouseholdState>> LoadHousehold(Services& services, const RequestContext& ctx,
                                                   const std::string& id,
                                                   const Vantage& vantage = {}) {
    return LoadRecord<HouseholdState>(
        services, ctx, {domain::kHouseholdStreams, "household", "household_id"}, id, vantage,
        domain::ApplyHouseholdEvent, [](const HouseholdState& s) { return s.region; });
}

Result<domain::PlacementStarted> ReadPlacement(JsonBody& body) {
    domain::PlacementStarted p;
    XFL_TRY(person, body.String("person_id", 40));
    XFL_TRY(kind, body.String("kind", 20));
    XFL_TRY(schedule, body.OptionalString("schedule", 20));
    XFL_TRY(posting, body.OptionalString("posting_id", 64));
    XFL_TRY(employer, body.OptionalString("employer_id", 18));
    XFL_TRY(employer_name, body.OptionalString("employer_name", 200));
    XFL_TRY(trade, body.OptionalString("trade", 40));
    XFL_TRY(start, body.String("start_date", 10));
    XFL_TRY(planned_end, body.OptionalString("planned_end_date", 10));
    XFL_TRY(wage, body.OptionalInt("wage_fen"));
    XFL_TRY(wage_unit, body.OptionalString("wage_unit", 10));
    XFL_TRY(destination, body.OptionalString("destination", 200));
    XFL_TRY(contract, body.OptionalBool("contract_signed"));
    XFL_TRY(social, body.OptionalBool("social_insurance"));
    XFL_TRY(injury, body.OptionalBool("work_injury_insurance"));
    XFL_TRY(post_type, body.OptionalString("post_type", 40));
    XFL_TRY(funding, body.OptionalString("funding", 200));
    XFL_TRY(subsidy, body.OptionalInt("monthly_subsidy_fen"));
    XFL_TRY(term, body.OptionalInt("term_months"));
    XFL_TRY(priority, body.OptionalString("priority_reason", 500));
    p.placement_id = "pl" + RandomHex(8);
    p.person_id = std::move(person);
    p.kind = std::move(kind);
    p.schedule = schedule.value_or("");
    p.posting_id = posting.value_or("");
    p.employer_id = employer.value_or("");
    p.employer_name = employer_name.value_or("");
    p.trade = trade.value_or("");
    p.start_date = std::move(start);
    p.planned_end_date = planned_end.value_or("");
    p.wage_fen = wage.value_or(0);
    p.wage_unit = wage_unit.value_or("");
    p.destination = destination.value_or("");
    p.contract_signed = contract.value_or(false);
    p.social_insurance = social.value_or(false);
    p.work_injury_insurance = injury.value_or(false);
    p.post_type = post_type.value_or("");
    p.funding = funding.value_or("");
    p.monthly_subsidy_fen = subsidy.value_or(0);
    p.term_months = term.value_or(0);
    p.priority_reason = priority.value_or("");
    return p;
}

// What a posting or a registered employer says of the placement: its employer, trade, terms.
Status FillFromEmployer(Services& services, const RequestContext& ctx,
                        domain::PlacementStarted& p) {
    XFL_TRY(employer, services.Current<domain::EmployerState>(
                          domain::EmployerStreamId(p.employer_id), domain::ApplyEmployerEvent));
    if (!employer.state.exists) {
        return Error::Make(Errc::kRuleViolated, "employer_id: no such employer", "employer_id");
    }
    auto region = domain::RegionCode::Parse(employer.state.record.region);
    if (!region.ok() ||
        !(ctx.caller().Covers(ctx.roles, *region) || InCallersCounty(ctx, *region))) {
        return OutOfScope();
    }
    p.employer_name = employer.state.record.name;
    p.via_platform = employer.state.record.kind == "labour_platform";
    return {};
}

void FillFromPosting(const domain::PostingState& posting, domain::PlacementStarted& p) {
    const auto& r = posting.record;
    p.employer_id = r.employer_id;
    p.trade = r.trade;
    if (p.schedule.empty()) p.schedule = domain::ScheduleOfTerm(r.term);
    if (p.wage_fen == 0 && p.wage_unit.empty()) {
        p.wage_fen = r.wage_fen;
        p.wage_unit = r.wage_unit;
    }
    if (p.planned_end_date.empty()) p.planned_end_date = r.end_date;
    if (!p.work_injury_insurance) {
        for (const auto& provided : r.provides) {
            p.work_injury_insurance =
                p.work_injury_insurance || provided == "work_injury_insurance";
        }
    }
}

// Decides the placement: on the household always (nothing is written for a placement it cannot
// take), then, into a posting, the seat.
Result<CommandSpec> StartPlacement(Services& services, RequestContext& ctx) {
    XFL_TRY(body, ReadJson(ctx));
    XFL_TRY(household_id, body.String("household_id", 64));
    XFL_TRY(placement, ReadPlacement(body));
    XFL_CHECK(body.Finish());
    XFL_TRY(household, LoadHousehold(services, ctx, household_id));
    std::optional<LoadedRecord<domain::PostingState>> posting;
    if (placement.kind == "posting") {
        if (placement.posting_id.empty()) {
            return Error::Make(Errc::kInvalidArgument,
                               "posting_id: a placement into a posting names it", "posting_id");
        }
        XFL_TRY(loaded, LoadPosting(services, ctx, placement.posting_id, Nearby::kCountyToo));
        FillFromPosting(loaded.state, placement);
        posting = std::move(loaded);
    }
    if (!placement.employer_id.empty()) XFL_CHECK(FillFromEmployer(services, ctx, placement));
    if (placement.schedule.empty()) placement.schedule = "full_time";
    XFL_TRY(decided, domain::DecideStartPlacement(household.state, placement, Today(ctx),
                                                  domain::kZeroEmploymentPolicy));
    if (!posting) {
        return CommandSpec{domain::HouseholdStreamId(household.state.id),
                           eventstore::ExpectedVersion::Exactly({household.version}),
                           eventstore::MakeEvents(decided, ctx.now_us), household.region,
                           kPlacementReadModels};
    }
    const auto& started = std::get<domain::PlacementStarted>(decided.front());
    domain::SeatFilled seat{started.placement_id, household.state.id, started.person_id,
                            started.start_date, domain::ToJsonPayload(started)};
    XFL_TRY(seat_events, domain::DecideFillSeat(posting->state, std::move(seat), Today(ctx)));
    return CommandSpec{domain::PostingStreamId(posting->state.record.posting_id),
                       eventstore::ExpectedVersion::Exactly({posting->version}),
                       eventstore::MakeEvents(seat_events, ctx.now_us), household.region,
                       kPostingReadModels};
}

std::string PlacementJson(const HouseholdState& h, const domain::Placement& placement,
                          std::uint64_t version) {
    const auto& p = placement.record;
    const domain::Member* m = h.FindMember(p.person_id);
    JsonOut flags;
    flags.OpenArray();
    for (const auto& f : p.flags) flags.Value(f);
    JsonOut out;
    out.Open()
        .Field("id", p.placement_id)
        .Field("household_id", h.id)
        .Field("region", h.region)
        .Field("person_id", p.person_id)
        .Field("person_name", m != nullptr ? m->record.name : "")
        .Field("kind", p.kind)
        .Field("schedule", p.schedule)
        .Field("status", placement.active() ? "active" : "ended")
        .Field("start_date", p.start_date);
    auto optional = [&](const char* name, const std::string& value) {
        if (!value.empty()) out.Field(name, value);
    };
    optional("planned_end_date", p.planned_end_date);
    optional("ended_on", placement.ended_on);
    optional("end_reason", placement.end_reason);
    optional("posting_id", p.posting_id);
    optional("employer_id", p.employer_id);
    optional("employer_name", p.employer_name);
    optional("trade", p.trade);
    optional("destination", p.destination);
    out.Field("wage_fen", p.wage_fen);
    optional("wage_unit", p.wage_unit);
    out.Field("contract_signed", p.contract_signed)
        .Field("social_insurance", p.social_insurance)
        .Field("work_injury_insurance", p.work_injury_insurance)
        .Field("via_platform", p.via_platform);
    if (p.kind == "public_welfare") {
        out.Field("post_type", p.post_type)
            .Field("funding", p.funding)
            .Field("monthly_subsidy_fen", p.monthly_subsidy_fen)
            .Field("term_months", p.term_months);
        optional("priority_reason", p.priority_reason);
    }
    return out.FieldRaw("flags", flags.CloseArray().Take())
        .Field("household_zero_employment", h.zero_employment)
        .Field("version", version)
        .Close()
        .Take();
}

struct LoadedPlacement {
    LoadedRecord<HouseholdState> household;
    const domain::Placement* placement = nullptr;
};

Result<LoadedPlacement> LoadPlacement(Services& services, const RequestContext& ctx,
                                      const std::string& id, const Vantage& vantage = {}) {
    if (id.empty() || id.size() > 64) return Error::Make(Errc::kInvalidArgument, "bad id", "id");
    const auto household_id =
        projections::HouseholdOfPlacement(*services.store.View(projections::kPlacementIndex), id);
    if (!household_id) return MissingOrHidden(ctx, ctx.roles, "placement " + id);
    XFL_TRY(household, LoadHousehold(services, ctx, *household_id, vantage));
    LoadedPlacement out{std::move(household), nullptr};
    out.placement = out.household.state.FindPlacement(id);
    if (out.placement == nullptr) {
        // Indexed but not in the household: before it was recorded, or (a moment after its seat
        // was taken) not recorded yet.
        if (vantage.as_of || vantage.valid_on) return DidNotExistThen(vantage, "placement");
        return Error::Make(Errc::kNotFound, "placement " + id + " is not recorded yet");
    }
    return out;
}

HttpResponse PlacementResponse(int status, const LoadedPlacement& p) {
    HttpResponse r =
        JsonResponse(status, PlacementJson(p.household.state, *p.placement, p.household.version));
    r.headers.emplace_back("ETag", ETag(p.household.version));
    return r;
}

// The placement a commit made or changed, as the household now holds it. A seat taken is
// completed in the household first (or given back, and the household's refusal answered).
Result<HttpResponse> PlacementCommitted(Services& services, const RequestContext& ctx, int status,
                                        const Commit& commit) {
    XFL_TRY(events, services.CommitEvents(commit));
    std::string placement_id;
    for (const auto& e : events) {
        if (e.type == domain::SeatFilled::kType) {
            XFL_TRY(seat, domain::FromJsonPayload<domain::SeatFilled>(e.payload));
            XFL_TRY(
                recorded,
                CompleteSeat(services, Authority::Caller(ctx.caller(), ctx.roles),
                             std::string(domain::kPostingStreams.IdOf(e.stream_id).value_or("")),
                             seat.placement_id, e.recorded_at_us));
            (void)recorded;
            placement_id = seat.placement_id;
        } else if (e.type == domain::PlacementStarted::kType) {
            XFL_TRY(started, domain::FromJsonPayload<domain::PlacementStarted>(e.payload));
            placement_id = started.placement_id;
        } else if (e.type == domain::PlacementEnded::kType) {
            XFL_TRY(ended, domain::FromJsonPayload<domain::PlacementEnded>(e.payload));
            placement_id = ended.placement_id;
        }
    }
    XFL_TRY(placement, LoadPlacement(services, ctx, placement_id));
    HttpResponse r = PlacementResponse(status, placement);
    if (commit.result.duplicate) r.headers.emplace_back("Idempotent-Replayed", "true");
    return r;
}

// The events of the placement: the seat in the posting, the start and end in the household,
// and the zero-employment flags they caused.
Result<HttpResponse> PlacementHistory(Services& services, RequestContext& ctx) {
    const std::string& id = ctx.request.path_params["id"];
    XFL_TRY(placement, LoadPlacement(services, ctx, id));
    std::vector<eventstore::EventEnvelope> history;
    const std::string& posting = placement.placement->record.posting_id;
    if (!posting.empty()) {
        XFL_TRY(seat_events, services.Stream(domain::PostingStreamId(posting)));
        for (auto& e : seat_events) {
            if (e.payload.find("\"" + id + "\"") != std::string::npos) history.push_back(e);
        }
    }
    XFL_TRY(events, services.Stream(domain::HouseholdStreamId(placement.household.state.id)));
    for (auto& e : events) {
        const bool names_it = e.payload.find("\"" + id + "\"") != std::string::npos ||
                              e.payload.find(":" + id + "\"") != std::string::npos;
        if (names_it) history.push_back(std::move(e));
    }
    return HistoryResponse(history);
}

Result<HttpResponse> ListPlacements(Services& services, RequestContext& ctx) {
    XFL_TRY(region, ReadRegionInScope(ctx));
    XFL_TRY(page, ReadPage(ctx));
    const auto kind = ctx.Query("kind");
    XFL_TRY(active_only, ctx.BoolQuery("active", false));
    std::vector<projections::PlacementListing> listed;
    std::string last_position;
    projections::ScanPlacements(
        *services.store.View(projections::kPlacementIndex), region.SignificantPrefix(), page.after,
        [&](const projections::PlacementListing& p) {
            last_position = p.position;
            if ((kind && p.kind != *kind) || (active_only && !p.ended_on.empty())) return true;
            listed.push_back(p);
            return listed.size() < page.limit;
        });
    JsonOut out;
    out.Open().OpenArray("placements");
    for (const auto& p : listed) {
        JsonOut item;
        item.Open()
            .Field("id", p.placement_id)
            .Field("household_id", p.household_id)
            .Field("person_id", p.person_id)
            .Field("region", p.village)
            .Field("kind", p.kind)
            .Field("schedule", p.schedule)
            .Field("start_date", p.start_date)
            .Field("status", p.ended_on.empty() ? "active" : "ended");
        if (!p.ended_on.empty()) item.Field("ended_on", p.ended_on);
        if (!p.posting_id.empty()) item.Field("posting_id", p.posting_id);
        out.Item(item.Field("cleared_household", p.cleared_household).Close().Take());
    }
    out.CloseArray();
    if (listed.size() == page.limit) out.Field("next_cursor", EncodeCursor(last_position));
    return JsonResponse(200, out.Close().Take());
}

}  // namespace

void AddPlacementRoutes(RouteBuilder& routes, Services& services) {
    routes.Command(
        "POST", "/api/v1/placements", kDemandWork,
        [&](RequestContext& ctx) { return StartPlacement(services, ctx); },
        [&](RequestContext& ctx, const Commit& c) {
            return PlacementCommitted(services, ctx, 201, c);
        });
    routes.Query("GET", "/api/v1/placements", kDemandRead,
                 [&](RequestContext& ctx) { return ListPlacements(services, ctx); });
    routes.Query("GET", "/api/v1/placements/{id}", kDemandRead,
                 [&](RequestContext& ctx) -> Result<HttpResponse> {
                     XFL_TRY(vantage, ctx.ReadVantage());
                     XFL_TRY(placement,
                             LoadPlacement(services, ctx, ctx.request.path_params["id"], vantage));
                     return PlacementResponse(200, placement);
                 });
    routes.Query("GET", "/api/v1/placements/{id}/history", kDemandRead,
                 [&](RequestContext& ctx) { return PlacementHistory(services, ctx); });
    routes.Command(
        "POST", "/api/v1/placements/{id}/end", kDemandWork,
        [&](RequestContext& ctx) -> Result<CommandSpec> {
            XFL_TRY(body, ReadJson(ctx));
            XFL_TRY(date, body.String("date", 10));
            XFL_TRY(reason, body.String("reason", 40));
            XFL_TRY(note, body.OptionalString("note", 500));
            XFL_CHECK(body.Finish());
            XFL_TRY(placement, LoadPlacement(services, ctx, ctx.request.path_params["id"]));
            const auto& household = placement.household;
            XFL_CHECK(ctx.CheckIfMatch(household.version));
            XFL_TRY(events, domain::DecideEndPlacement(household.state,
                                                       {placement.placement->record.placement_id,
                                                        date, reason, note.value_or("")},
                                                       Today(ctx), domain::kZeroEmploymentPolicy));
            return CommandSpec{domain::HouseholdStreamId(household.state.id),
                               eventstore::ExpectedVersion::Exactly({household.version}),
                               eventstore::MakeEvents(events, ctx.now_us), household.region,
                               kPlacementReadModels};
        },
        [&](RequestContext& ctx, const Commit& c) {
            return PlacementCommitted(services, ctx, 200, c);
        });
}

}  // namespace xfl::api
