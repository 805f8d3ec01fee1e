// /api/v1/households and /api/v1/people: the caseworker's daily work on the register.
#include <algorithm>
#include <cstdio>

#include "routes.hpp"
#include "xfl/api/core/credentials.hpp"
#include "xfl/api/core/record_changes.hpp"
#include "xfl/api/core/records.hpp"
#include "xfl/api/core/throttle.hpp"
#include "xfl/api/geography/geography.hpp"
#include "xfl/domain/households/access.hpp"
#include "xfl/domain/households/household.hpp"
#include "xfl/domain/kernel/resident_id.hpp"
#include "xfl/domain/kernel/text.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/projections/households/households.hpp"

namespace xfl::api {
namespace {

using domain::HouseholdState;
using domain::Role;

const RoleSet kCaseWork = {Role::kAdmin, Role::kCaseworker};
const RoleSet kAuditors = {Role::kAdmin, Role::kInspector};

using LoadedHousehold = LoadedRecord<HouseholdState>;

// As recorded now, or as known at `as_of` and, with `valid_on`, as true on that day.
Result<LoadedHousehold> LoadHousehold(Services& services, RequestContext& ctx,
                                      const Vantage& vantage = {}) {
    return LoadRecord<HouseholdState>(services, ctx, {domain::kHouseholdStreams, "household", "id"},
                                      ctx.request.path_params["id"], vantage,
                                      domain::ApplyHouseholdEvent,
                                      [](const HouseholdState& s) { return s.region; });
}

// A command on an existing household: load, check If-Match, decide, append at that version.
template <class Decide>
Result<CommandSpec> ChangeHousehold(Services& services, RequestContext& ctx, Decide decide) {
    XFL_TRY(household, LoadHousehold(services, ctx));
    XFL_CHECK(ctx.CheckIfMatch(household.version));
    XFL_TRY(events, decide(household.state));
    return CommandSpec{domain::HouseholdStreamId(household.state.id),
                       eventstore::ExpectedVersion::Exactly({household.version}),
                       eventstore::MakeEvents(events, ctx.now_us), household.region,
                       kHouseholdReadModels};
}

std::int64_t Today(const RequestContext& ctx) { return domain::ChinaDay(ctx.now_us); }

std::string MemberJson(const domain::Member& m, std::int64_t today, bool reveal) {
    JsonOut skills, categories;
    skills.OpenArray();
    for (const auto& s : m.record.skills) skills.Value(s);
    categories.OpenArray();
    for (const auto& c : m.record.categories) categories.Value(c);
    JsonOut out;
    out.Open()
        .Field("person_id", m.record.person_id)
        .Field("name", m.record.name)
        .Field("resident_id",
               reveal ? m.record.resident_id : domain::MaskResidentId(m.record.resident_id))
        .Field("sex", m.record.sex)
        .Field("birth_date", m.record.birth_date)
        .Field("age", domain::AgeInYears(m.birth_day, today))
        .Field("education", m.record.education)
        .Field("skill_level", m.record.skill_level)
        .FieldRaw("skills", skills.CloseArray().Take())
        .FieldRaw("categories", categories.CloseArray().Take())
        .Field("labour_capacity", m.record.labour_capacity)
        .Field("wants_work", m.record.wants_work)
        .Field("status", m.status)
        .Field("monthly_income_fen", m.monthly_income_fen)
        .Field("active", m.active);
    if (!m.entered_in_error.empty()) out.Field("entered_in_error", m.entered_in_error);
    if (!m.record.extra.empty()) {
        JsonOut extra;
        extra.Open();
        for (const auto& cell : m.record.extra) extra.Field(cell.column, cell.value);
        out.FieldRaw("ledger_columns", extra.Close().Take());
    }
    return out.Close().Take();
}

// An assistance plan with its actions, as GET …/plans lists it.
std::string PlanJson(const domain::Plan& plan) {
    JsonOut measures, actions;
    measures.OpenArray();
    for (const auto& m : plan.record.measures) measures.Value(m);
    actions.OpenArray();
    for (const auto& a : plan.actions) {
        actions.Item(JsonOut()
                         .Open()
                         .Field("kind", a.kind)
                         .Field("date", a.date)
                         .Field("outcome", a.outcome)
                         .Close()
                         .Take());
    }
    JsonOut out;
    out.Open()
        .Field("id", plan.record.plan_id)
        .Field("caseworker", plan.record.caseworker)
        .Field("date", plan.record.date)
        .FieldRaw("measures", measures.CloseArray().Take())
        .Field("status", plan.closed_on.empty() ? "open" : "closed");
    if (!plan.closed_on.empty()) out.Field("closed_on", plan.closed_on);
    return out.FieldRaw("actions", actions.CloseArray().Take()).Close().Take();
}

// The household as GET shows it; also what its history's field-level changes compare.
std::string HouseholdJson(const HouseholdState& h, std::uint64_t version, std::int64_t today,
                          bool reveal) {
    JsonOut members;
    members.OpenArray();
    for (const auto& m : h.members) members.Item(MemberJson(m, today, reveal));
    JsonOut out;
    out.Open().Field("id", h.id).Field("region", h.region).Field("address", h.address);
    if (!h.ledger_number.empty()) out.Field("ledger_number", h.ledger_number);
    out.Field("version", version).Field("zero_employment", h.zero_employment);
    if (h.zero_employment) out.Field("zero_employment_since", h.zero_since);
    if (!h.open_plan_id.empty()) out.Field("open_plan", h.open_plan_id);
    out.FieldRaw("members", members.CloseArray().Take());
    // The placements of its members (GET /api/v1/placements/{id} has the whole record).
    out.OpenArray("placements");
    for (const domain::Placement& p : h.placements) {
        JsonOut item;
        item.Open()
            .Field("id", p.record.placement_id)
            .Field("person_id", p.record.person_id)
            .Field("kind", p.record.kind)
            .Field("start_date", p.record.start_date)
            .Field("status", p.active() ? "active" : "ended");
        if (!p.ended_on.empty()) item.Field("ended_on", p.ended_on);
        if (!p.record.employer_name.empty()) item.Field("employer_name", p.record.employer_name);
        out.Item(item.Close().Take());
    }
    return out.CloseArray().Close().Take();
}

HttpResponse HouseholdResponse(const LoadedHousehold& h, std::int64_t today, bool reveal) {
    HttpResponse r = JsonResponse(200, HouseholdJson(h.state, h.version, today, reveal));
    r.headers.emplace_back("ETag", ETag(h.version));
    return r;
}

Result<CommandSpec> RegisterHousehold(Services& services, RequestContext& ctx) {
    XFL_TRY(body, ReadJson(ctx));
    XFL_TRY(region_text, body.String("region", 12));
    XFL_TRY(address, body.String("address", 300));
    XFL_CHECK(body.Finish());
    XFL_TRY(region, domain::RegionCode::Parse(region_text, "region"));
    if (!ctx.caller().Covers(ctx.roles, region)) return OutOfScope();
    XFL_CHECK(CheckKnownRegion(services, region));
    const std::string id =
        services.NewWritableKey([] { return "h" + RandomHex(8); }, domain::HouseholdStreamId);
    XFL_TRY(events, domain::DecideRegisterHousehold({}, id, region, std::move(address)));
    return CommandSpec{domain::HouseholdStreamId(id), eventstore::ExpectedVersion::NoStream(),
                       eventstore::MakeEvents(events, ctx.now_us), region, kHouseholdReadModels};
}

Result<domain::MemberAdded> ReadMember(RequestContext& ctx) {
    XFL_TRY(body, ReadJson(ctx));
    domain::MemberAdded m;
    m.person_id = "p" + RandomHex(8);
    XFL_TRY(name, body.String("name", 60));
    XFL_TRY(resident_id, body.String("resident_id", 18));
    XFL_TRY(sex, body.String("sex", 10));
    XFL_TRY(birth_date, body.String("birth_date", 10));
    XFL_TRY(phone, body.OptionalString("phone", 20));
    XFL_TRY(education, body.OptionalString("education", 30));
    XFL_TRY(skill_level, body.OptionalString("skill_level", 30));
    XFL_TRY(skills, body.StringArray("skills", 20));
    XFL_TRY(categories, body.StringArray("categories", 10));
    XFL_TRY(capacity, body.Bool("labour_capacity"));
    XFL_TRY(wants_work, body.Bool("wants_work"));
    XFL_CHECK(body.Finish());
    m.name = std::move(name);
    m.resident_id = std::move(resident_id);
    if (!m.resident_id.empty() && m.resident_id.back() == 'x') m.resident_id.back() = 'X';
    m.sex = std::move(sex);
    m.birth_date = std::move(birth_date);
    m.phone = phone.value_or("");
    m.education = education.value_or("");
    m.skill_level = skill_level.value_or("");
    m.skills = std::move(skills);
    m.categories = std::move(categories);
    m.labour_capacity = capacity;
    m.wants_work = wants_work;
    return m;
}

Result<domain::VisitRecorded> ReadVisit(RequestContext& ctx) {
    XFL_TRY(body, ReadJson(ctx));
    domain::VisitRecorded v;
    v.visit_id = "v" + RandomHex(8);
    v.visitor = ctx.caller().username;
    XFL_TRY(date, body.String("date", 10));
    XFL_TRY(corrects, body.OptionalString("corrects_visit", 40));
    XFL_TRY(reason, body.OptionalString("reason", 500));
    XFL_TRY(lines, body.Objects("members", 50));
    for (JsonBody& line_body : lines) {
        domain::VisitLine line;
        XFL_TRY(person, line_body.String("person_id", 40));
        XFL_TRY(status, line_body.String("status", 30));
        XFL_TRY(income, line_body.OptionalInt("monthly_income_fen"));
        XFL_TRY(wants_job, line_body.OptionalBool("wants_job"));
        XFL_TRY(wants_training, line_body.OptionalBool("wants_training"));
        XFL_TRY(trade, line_body.OptionalString("training_trade", 100));
        XFL_TRY(wants_business, line_body.OptionalBool("wants_business"));
        XFL_TRY(note, line_body.OptionalString("note", 500));
        XFL_CHECK(line_body.Finish());
        line.person_id = std::move(person);
        line.status = std::move(status);
        line.monthly_income_fen = income.value_or(0);
        line.wants_job = wants_job.value_or(false);
        line.wants_training = wants_training.value_or(false);
        line.training_trade = trade.value_or("");
        line.wants_business = wants_business.value_or(false);
        line.note = note.value_or("");
        v.members.push_back(std::move(line));
    }
    XFL_CHECK(body.Finish());
    v.date = std::move(date);
    v.corrects_visit = corrects.value_or("");
    v.reason = reason.value_or("");
    return v;
}

// Responses to household commands: the household, the new ids the commit made, and the flag.
HttpResponse HouseholdCommitted(Services& services, int status, const Commit& commit) {
    JsonOut out;
    out.Open()
        .Field("id", domain::kHouseholdStreams.IdOf(commit.result.stream_id).value_or(""))
        .Field("version", commit.result.last_version.value);
    auto events = services.CommitEvents(commit);
    if (events.ok()) {
        for (const auto& e : *events) {
            if (e.type == domain::MemberAdded::kType) {
                out.Field("person_id",
                          domain::FromJsonPayload<domain::MemberAdded>(e.payload)->person_id);
            } else if (e.type == domain::VisitRecorded::kType) {
                out.Field("visit_id",
                          domain::FromJsonPayload<domain::VisitRecorded>(e.payload)->visit_id);
            } else if (e.type == domain::PlanOpened::kType) {
                out.Field("plan_id",
                          domain::FromJsonPayload<domain::PlanOpened>(e.payload)->plan_id);
            } else if (e.type == domain::ZeroEmploymentFlagged::kType) {
                out.Field("zero_employment", true);
            } else if (e.type == domain::ZeroEmploymentCleared::kType) {
                out.Field("zero_employment", false);
            }
        }
    }
    HttpResponse r = JsonResponse(status, out.Close().Take());
    r.headers.emplace_back("ETag", ETag(commit.result.last_version.value));
    if (commit.result.duplicate) r.headers.emplace_back("Idempotent-Replayed", "true");
    return r;
}

// ?reveal=resident_ids with a required ?reason=: the caller asks for full resident IDs. The
// reason, or nullopt when not asked.
Result<std::optional<std::string>> ReadReveal(const RequestContext& ctx) {
    const auto reveal = ctx.Query("reveal");
    if (!reveal) return std::optional<std::string>();
    if (*reveal != "resident_ids") {
        return Error::Make(Errc::kInvalidArgument, "reveal: only resident_ids", "reveal");
    }
    XFL_TRY(reason, ReadAccessReason(ctx, "full resident IDs are shown"));
    return std::optional<std::string>(std::move(reason));
}

Result<HttpResponse> GetHousehold(Services& services, RequestContext& ctx) {
    XFL_TRY(vantage, ctx.ReadVantage());
    XFL_TRY(reveal, ReadReveal(ctx));
    XFL_TRY(household, LoadHousehold(services, ctx, vantage));
    if (reveal) {
        XFL_CHECK(RecordAccess(services, ctx, kCaseWork, household.state.id, household.region,
                               vantage.as_of ? "household_as_of" : "household", *reveal));
    }
    return HouseholdResponse(household, vantage.Day(ctx.now_us), reveal.has_value());
}

// The household's assistance plans (?as_of= and ?valid_on= as for the household), or one of
// them.
Result<HttpResponse> ListPlans(Services& services, RequestContext& ctx) {
    XFL_TRY(vantage, ctx.ReadVantage());
    XFL_TRY(household, LoadHousehold(services, ctx, vantage));
    JsonOut out;
    out.Open().OpenArray("plans");
    for (const auto& plan : household.state.plans) out.Item(PlanJson(plan));
    return JsonResponse(200, out.CloseArray().Close().Take());
}

Result<HttpResponse> GetPlan(Services& services, RequestContext& ctx) {
    XFL_TRY(vantage, ctx.ReadVantage());
    XFL_TRY(household, LoadHousehold(services, ctx, vantage));
    const domain::Plan* plan = household.state.FindPlan(ctx.request.path_params["plan_id"]);
    if (plan == nullptr) {
        return Error::Make(Errc::kNotFound, "no such plan of this household", "plan_id");
    }
    return JsonResponse(200, PlanJson(*plan));
}

Result<HttpResponse> GetHistory(Services& services, RequestContext& ctx) {
    XFL_TRY(reveal, ReadReveal(ctx));
    XFL_TRY(household, LoadHousehold(services, ctx));
    if (reveal) {
        XFL_CHECK(RecordAccess(services, ctx, kCaseWork, household.state.id, household.region,
                               "history", *reveal));
    }
    XFL_TRY(events, services.Stream(domain::HouseholdStreamId(household.state.id)));
    const std::int64_t today = domain::ChinaDay(ctx.now_us);
    XFL_TRY(changes, ChangesByEvent<HouseholdState>(
                         events, domain::ApplyHouseholdEvent,
                         [&](const HouseholdState& state, std::uint64_t version) {
                             return HouseholdJson(state, version, today, reveal.has_value());
                         }));
    return HistoryResponse(events, reveal ? ResidentIds::kShown : ResidentIds::kMasked, changes);
}

// PATCH of a member's details: fields left out keep their value. Setting the values the register
// already has changes nothing and appends nothing, so a retry is harmless without a key.
Result<HttpResponse> UpdateMember(Services& services, RequestContext& ctx) {
    XFL_TRY(household, LoadHousehold(services, ctx));
    XFL_CHECK(ctx.CheckIfMatch(household.version));
    const std::string& person_id = ctx.request.path_params["person_id"];
    const domain::Member* m = household.state.FindMember(person_id);
    if (m == nullptr || !m->active) {
        return Error::Make(Errc::kNotFound, "no such member of this household", "person_id");
    }
    XFL_TRY(body, ReadJson(ctx));
    domain::MemberUpdated u{person_id,
                            m->record.phone,
                            m->record.education,
                            m->record.skills,
                            m->record.categories,
                            m->record.labour_capacity,
                            m->record.wants_work,
                            m->record.skill_level,
                            m->record.extra};
    XFL_TRY(phone, body.OptionalString("phone", 20));
    XFL_TRY(education, body.OptionalString("education", 30));
    XFL_TRY(skill_level, body.OptionalString("skill_level", 30));
    XFL_TRY(capacity, body.OptionalBool("labour_capacity"));
    XFL_TRY(wants_work, body.OptionalBool("wants_work"));
    const bool has_skills = body.Has("skills"), has_categories = body.Has("categories");
    XFL_TRY(skills, body.StringArray("skills", 20));
    XFL_TRY(categories, body.StringArray("categories", 10));
    XFL_CHECK(body.Finish());
    u.phone = phone.value_or(u.phone);
    u.education = education.value_or(u.education);
    u.skill_level = skill_level.value_or(u.skill_level);
    u.labour_capacity = capacity.value_or(u.labour_capacity);
    u.wants_work = wants_work.value_or(u.wants_work);
    if (has_skills) u.skills = std::move(skills);
    if (has_categories) u.categories = std::move(categories);
    XFL_TRY(events,
            domain::DecideUpdateMember(household.state, std::move(u), domain::ChinaDay(ctx.now_us),
                                       domain::kZeroEmploymentPolicy));
    if (events.empty()) return HouseholdResponse(household, domain::ChinaDay(ctx.now_us), false);
    // Decided on the fields sent and the version read: no new decision on a conflict.
    XFL_TRY(commit, services.commands.Execute(
                        Authority::Caller(ctx.caller(), ctx.roles), [&]() -> Result<CommandSpec> {
                            return CommandSpec{
                                domain::HouseholdStreamId(household.state.id),
                                eventstore::ExpectedVersion::Exactly({household.version}),
                                eventstore::MakeEvents(events, ctx.now_us), household.region,
                                kHouseholdReadModels};
                        }));
    return HouseholdCommitted(services, 200, commit);
}

}  // namespace

Status RecordAccess(Services& services, RequestContext& ctx, const RoleSet& allowed,
                    const std::string& household_id, const domain::RegionCode& region,
                    std::string view, std::string reason) {
    domain::ResidentIdsViewed viewed{household_id, std::move(reason), std::move(view)};
    auto actor = Authority::Caller(ctx.caller(), allowed).ActorFor(region);
    if (!actor) return OutOfScope();
    // Read by no read model: the history of the access stream is the record.
    return services.access.Record(std::move(*actor), domain::AccessStreamId(household_id), region,
                                  MakeEvent(viewed, ctx.now_us));
}

void AddHouseholdRoutes(RouteBuilder& routes, Services& services) {
    auto committed = [&services](int status) {
        return [&services, status](const Commit& c) {
            return HouseholdCommitted(services, status, c);
        };
    };
    const auto& policy = domain::kZeroEmploymentPolicy;
    routes.Command(
        "POST", "/api/v1/households", kCaseWork,
        [&](RequestContext& ctx) { return RegisterHousehold(services, ctx); }, committed(201));
    routes.Query("GET", "/api/v1/households/{id}", kCaseRead,
                 [&](RequestContext& ctx) { return GetHousehold(services, ctx); });
    routes.Query("GET", "/api/v1/households/{id}/access", kAuditors,
                 [&](RequestContext& ctx) -> Result<HttpResponse> {
                     XFL_TRY(household, LoadHousehold(services, ctx));
                     services.access.Flush();  // every view recorded so far is listed
                     XFL_TRY(events, services.Stream(domain::AccessStreamId(household.state.id)));
                     return HistoryResponse(events);
                 });
    routes.Query("GET", "/api/v1/households/{id}/history", kCaseRead,
                 [&](RequestContext& ctx) { return GetHistory(services, ctx); });
    routes.Command(
        "POST", "/api/v1/households/{id}/members", kCaseWork,
        [&](RequestContext& ctx) -> Result<CommandSpec> {
            XFL_TRY(member, ReadMember(ctx));
            const auto elsewhere = projections::HouseholdOfResident(
                *services.store.View(projections::kHouseholdIndex), member.resident_id);
            return ChangeHousehold(services, ctx, [&](const HouseholdState& s) {
                const bool taken = elsewhere.has_value() && *elsewhere != s.id;
                return domain::DecideAddMember(s, member, taken, Today(ctx), policy);
            });
        },
        committed(201));
    routes.Query("PATCH", "/api/v1/households/{id}/members/{person_id}", kCaseWork,
                 [&](RequestContext& ctx) { return UpdateMember(services, ctx); });
    routes.Command(
        "POST", "/api/v1/households/{id}/members/{person_id}/leave", kCaseWork,
        [&](RequestContext& ctx) -> Result<CommandSpec> {
            XFL_TRY(body, ReadJson(ctx));
            XFL_TRY(reason, body.String("reason", 40));
            XFL_TRY(date, body.String("date", 10));
            XFL_CHECK(body.Finish());
            domain::MemberLeft left{ctx.request.path_params["person_id"], reason, date};
            return ChangeHousehold(services, ctx, [&](const HouseholdState& s) {
                return domain::DecideMemberLeaves(s, left, Today(ctx), policy);
            });
        },
        committed(200));
    routes.Command(
        "POST", "/api/v1/households/{id}/members/{person_id}/entered-in-error", kCaseWork,
        [&](RequestContext& ctx) -> Result<CommandSpec> {
            XFL_TRY(body, ReadJson(ctx));
            XFL_TRY(reason, body.String("reason", 500));
            XFL_CHECK(body.Finish());
            domain::MemberEnteredInError error{ctx.request.path_params["person_id"], reason};
            return ChangeHousehold(services, ctx, [&](const HouseholdState& s) {
                return domain::DecideMemberEnteredInError(s, error, Today(ctx), policy);
            });
        },
        committed(200));
    routes.Command(
        "POST", "/api/v1/households/{id}/visits", kCaseWork,
        [&](RequestContext& ctx) -> Result<CommandSpec> {
            XFL_TRY(visit, ReadVisit(ctx));
            return ChangeHousehold(services, ctx, [&](const HouseholdState& s) {
                return domain::DecideRecordVisit(s, visit, Today(ctx), policy);
            });
        },
        committed(201));
    routes.Command(
        "POST", "/api/v1/households/{id}/plans", kCaseWork,
        [&](RequestContext& ctx) -> Result<CommandSpec> {
            XFL_TRY(body, ReadJson(ctx));
            XFL_TRY(caseworker, body.String("caseworker", 32));
            XFL_TRY(measures, body.StringArray("measures", 20));
            XFL_TRY(date, body.String("date", 10));
            XFL_CHECK(body.Finish());
            domain::PlanOpened plan{"plan" + RandomHex(6), caseworker, date, measures};
            return ChangeHousehold(services, ctx, [&](const HouseholdState& s) {
                return domain::DecideOpenPlan(s, plan, Today(ctx));
            });
        },
        committed(201));
    routes.Query("GET", "/api/v1/households/{id}/plans", kCaseRead,
                 [&](RequestContext& ctx) { return ListPlans(services, ctx); });
    routes.Query("GET", "/api/v1/households/{id}/plans/{plan_id}", kCaseRead,
                 [&](RequestContext& ctx) { return GetPlan(services, ctx); });
    routes.Command(
        "POST", "/api/v1/households/{id}/plans/{plan_id}/actions", kCaseWork,
        [&](RequestContext& ctx) -> Result<CommandSpec> {
            XFL_TRY(body, ReadJson(ctx));
            XFL_TRY(kind, body.String("kind", 40));
            XFL_TRY(date, body.String("date", 10));
            XFL_TRY(outcome, body.OptionalString("outcome", 1000));
            XFL_CHECK(body.Finish());
            domain::AssistanceRecorded action{ctx.request.path_params["plan_id"], kind, date,
                                              outcome.value_or("")};
            return ChangeHousehold(services, ctx, [&](const HouseholdState& s) {
                return domain::DecideRecordAssistance(s, action, Today(ctx));
            });
        },
        committed(201));
}

}  // namespace xfl::api
