// /api/v1/households and /api/v1/reports/zero-employment: the caseworker's daily work.
#include <algorithm>
#include <cstdio>

#include "households_policy.hpp"
#include "routes.hpp"
#include "xfl/api/core/credentials.hpp"
#include "xfl/api/core/service.hpp"
#include "xfl/api/core/throttle.hpp"
#include "xfl/domain/households/access.hpp"
#include "xfl/domain/households/household.hpp"
#include "xfl/domain/kernel/resident_id.hpp"
#include "xfl/domain/kernel/text.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/projections/geography/region_tree.hpp"
#include "xfl/projections/households/households.hpp"

namespace xfl::api {
namespace {

using domain::HouseholdState;
using domain::Role;

const RoleSet kCaseWork = {Role::kAdmin, Role::kCaseworker};
const RoleSet kCaseRead = {Role::kAdmin, Role::kCaseworker, Role::kInspector};
const RoleSet kAuditors = {Role::kAdmin, Role::kInspector};

struct LoadedHousehold {
    HouseholdState state;
    std::uint64_t version = 0;
    domain::RegionCode region;
};

Result<LoadedHousehold> LoadHousehold(Services& services, RequestContext& ctx,
                                      std::optional<std::int64_t> as_of = {}) {
    const std::string& id = ctx.request.path_params["id"];
    if (id.empty() || id.size() > 64)
        return Error::Make(Errc::kInvalidArgument, "bad household id", "id");
    XFL_TRY(events, services.Stream(domain::HouseholdStreamId(id), as_of));
    XFL_TRY(loaded, LoadFrom<HouseholdState>(events, domain::ApplyHouseholdEvent));
    if (!loaded.state.exists) {
        // "Did not exist then" only for a household the caller may see now: for any other,
        // missing and hidden must answer alike.
        if (as_of) {
            XFL_TRY(now, LoadHousehold(services, ctx));
            (void)now;
            return Error::Make(Errc::kNotFound, "the household did not exist then", "as_of");
        }
        return MissingOrHidden(ctx, ctx.roles, "household " + id);
    }
    auto region = domain::RegionCode::Parse(loaded.state.region);
    if (!region.ok() || !ctx.caller().Covers(ctx.roles, *region)) return OutOfScope();
    return LoadedHousehold{std::move(loaded.state), loaded.version, *region};
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
    return JsonOut()
        .Open()
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
        .Field("active", m.active)
        .Close()
        .Take();
}

HttpResponse HouseholdResponse(const LoadedHousehold& h, std::int64_t today, bool reveal) {
    JsonOut members;
    members.OpenArray();
    for (const auto& m : h.state.members) members.Item(MemberJson(m, today, reveal));
    JsonOut out;
    out.Open()
        .Field("id", h.state.id)
        .Field("region", h.state.region)
        .Field("address", h.state.address)
        .Field("version", h.version)
        .Field("zero_employment", h.state.zero_employment);
    if (h.state.zero_employment) out.Field("zero_employment_since", h.state.zero_since);
    if (!h.state.open_plan_id.empty()) out.Field("open_plan", h.state.open_plan_id);
    out.FieldRaw("members", members.CloseArray().Take()).Close();
    HttpResponse r = JsonResponse(200, out.Take());
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
    if (!projections::FindRegion(*services.store.View(projections::kRegionTree), region.str())) {
        return Error::Make(Errc::kRuleViolated, "region: unknown region " + region.str(), "region");
    }
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

std::string OpenEpisodeJson(const projections::ZeroEmploymentEpisode& ep, std::int64_t at,
                            const domain::ZeroEmploymentPolicy& policy) {
    const std::int64_t day = domain::ChinaDay(at);
    const std::int64_t since = *domain::ParseDate(ep.since, "since");
    const bool planned = !ep.plan_opened.empty() && ep.plan_recorded_at_us <= at;
    const auto due = domain::ZeroEmploymentDue(since, policy);
    const auto late = domain::ZeroEmploymentLate(since, planned, day, policy);
    JsonOut item;
    item.Open()
        .Field("id", ep.household_id)
        .Field("region", ep.region)
        .Field("since", ep.since)
        .Field("days_open", day - since)
        .Field("plan_due", domain::FormatDate(due.plan_due))
        .Field("clear_due", domain::FormatDate(due.clear_due));
    if (planned) item.Field("plan_opened", ep.plan_opened);
    return item.Field("plan_overdue", late.plan)
        .Field("clear_overdue", late.clear)
        .Field("overdue", late.any())
        .Close()
        .Take();
}

std::string ClearedEpisodeJson(const projections::ZeroEmploymentEpisode& ep) {
    return JsonOut()
        .Open()
        .Field("id", ep.household_id)
        .Field("region", ep.region)
        .Field("since", ep.since)
        .Field("cleared", ep.cleared)
        .Field("days_to_clear",
               *domain::ParseDate(ep.cleared, "cleared") - *domain::ParseDate(ep.since, "since"))
        .Field("reason", ep.clear_reason)
        .Field("cause", ep.clear_cause)
        .Close()
        .Take();
}

// The board of a region: figures for the whole region and one page of the open (or, with
// ?list=cleared, the cleared) households. The present comes from counters and one page of keys;
// a past date (?as_of=) reads every episode of the region, open and cleared, as it stood then.
Result<HttpResponse> ZeroEmploymentReport(Services& services, RequestContext& ctx) {
    XFL_TRY(region, ReadRegionInScope(ctx));
    XFL_TRY(as_of, ctx.AsOf());
    XFL_TRY(page, ReadPage(ctx));
    const std::string list_name = ctx.Query("list").value_or("open");
    if (list_name != "open" && list_name != "cleared") {
        return Error::Make(Errc::kInvalidArgument, "list: open or cleared", "list");
    }
    const auto list =
        list_name == "open" ? projections::EpisodeList::kOpen : projections::EpisodeList::kCleared;
    const std::int64_t at = as_of.value_or(ctx.now_us);
    const std::int64_t day = domain::ChinaDay(at);
    const auto& policy = kZeroEmploymentPolicy;
    auto board = services.store.View(projections::kZeroEmploymentBoard);

    projections::BoardSummary sum;
    std::vector<std::pair<std::string, std::string>> items;  // position, JSON
    auto item_json = [&](const projections::ZeroEmploymentEpisode& ep) {
        return list == projections::EpisodeList::kOpen ? OpenEpisodeJson(ep, at, policy)
                                                       : ClearedEpisodeJson(ep);
    };
    if (!as_of) {
        sum = projections::SummariseZeroEmployment(*board, region.str(), day, policy);
        projections::ScanZeroEmployment(
            *board, list, region.SignificantPrefix(), page.after,
            [&](const std::string& position, const projections::ZeroEmploymentEpisode& ep) {
                items.emplace_back(position, item_json(ep));
                return items.size() < page.limit;
            });
    } else {
        auto visit = [&](const std::string& position,
                         const projections::ZeroEmploymentEpisode& ep) {
            if (ep.flagged_at_us > at) return true;
            const std::int64_t since = *domain::ParseDate(ep.since, "since");
            const bool is_cleared = ep.cleared_at_us != 0 && ep.cleared_at_us <= at;
            if (is_cleared) {
                ++sum.cleared;
                sum.days_to_clear += *domain::ParseDate(ep.cleared, "cleared") - since;
            } else {
                const bool planned = !ep.plan_opened.empty() && ep.plan_recorded_at_us <= at;
                const auto late = domain::ZeroEmploymentLate(since, planned, day, policy);
                ++sum.open;
                sum.plan_overdue += late.plan ? 1 : 0;
                sum.clear_overdue += late.clear ? 1 : 0;
                sum.overdue += late.any() ? 1 : 0;
            }
            const bool listed = is_cleared == (list == projections::EpisodeList::kCleared);
            if (listed && position > page.after) items.emplace_back(position, item_json(ep));
            return true;
        };
        for (auto l : {projections::EpisodeList::kOpen, projections::EpisodeList::kCleared}) {
            projections::ScanZeroEmployment(*board, l, region.SignificantPrefix(), {}, visit);
        }
        std::sort(items.begin(), items.end());
        if (items.size() > page.limit) items.resize(page.limit);
    }
    JsonOut households;
    households.OpenArray();
    for (const auto& item : items) households.Item(item.second);
    auto n = [](std::int64_t v) { return static_cast<std::uint64_t>(v); };
    JsonOut out;
    out.Open()
        .Field("region", region.str())
        .Field("as_of", domain::FormatRfc3339(at))
        .Field("open", n(sum.open))
        .Field("overdue", n(sum.overdue))
        .Field("plan_overdue", n(sum.plan_overdue))
        .Field("clear_overdue", n(sum.clear_overdue))
        .Field("cleared_count", n(sum.cleared));
    if (sum.cleared > 0) {
        char mean[32];
        std::snprintf(mean, sizeof mean, "%.1f",
                      static_cast<double>(sum.days_to_clear) / static_cast<double>(sum.cleared));
        out.FieldRaw("mean_days_to_clear", mean);
    }
    out.Field("list", list_name).FieldRaw("households", households.CloseArray().Take());
    if (items.size() == page.limit) out.Field("next_cursor", EncodeCursor(items.back().first));
    return JsonResponse(200, out.Close().Take());
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

// Records that the caller saw full resident IDs of a household (who, when, which household,
// which view, why) before they are shown. Only a grant with one of `allowed` covering the
// household's region allows it, and it is recorded under that grant.
Status RecordAccess(Services& services, RequestContext& ctx, const RoleSet& allowed,
                    const std::string& household_id, const domain::RegionCode& region,
                    std::string view, std::string reason) {
    domain::ResidentIdsViewed viewed{household_id, std::move(reason), std::move(view)};
    // Read by no read model: the history of the access stream is the record.
    XFL_TRY(recorded, services.commands.Execute(
                          Authority::Caller(ctx.caller(), allowed), [&]() -> Result<CommandSpec> {
                              return CommandSpec{domain::AccessStreamId(household_id),
                                                 eventstore::ExpectedVersion::Any(),
                                                 {MakeEvent(viewed, ctx.now_us)},
                                                 region,
                                                 {}};
                          }));
    (void)recorded;
    return {};
}

Result<HttpResponse> GetHousehold(Services& services, RequestContext& ctx) {
    XFL_TRY(as_of, ctx.AsOf());
    XFL_TRY(reveal, ReadReveal(ctx));
    XFL_TRY(household, LoadHousehold(services, ctx, as_of));
    if (reveal) {
        XFL_CHECK(RecordAccess(services, ctx, kCaseWork, household.state.id, household.region,
                               as_of ? "household_as_of" : "household", *reveal));
    }
    return HouseholdResponse(household, domain::ChinaDay(as_of.value_or(ctx.now_us)),
                             reveal.has_value());
}

Result<HttpResponse> GetHistory(Services& services, RequestContext& ctx) {
    XFL_TRY(reveal, ReadReveal(ctx));
    XFL_TRY(household, LoadHousehold(services, ctx));
    if (reveal) {
        XFL_CHECK(RecordAccess(services, ctx, kCaseWork, household.state.id, household.region,
                               "history", *reveal));
    }
    XFL_TRY(events, services.Stream(domain::HouseholdStreamId(household.state.id)));
    return HistoryResponse(events, reveal ? ResidentIds::kShown : ResidentIds::kMasked);
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
                            m->record.skill_level};
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
                                       kZeroEmploymentPolicy));
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

// The active member holding a resident ID, by the index and then the household's own stream.
Result<std::optional<projections::PersonMatch>> FindByResidentId(
    Services& services, const projections::StateView& index, const std::string& resident_id) {
    auto household_id = projections::HouseholdOfResident(index, resident_id);
    if (!household_id) return std::optional<projections::PersonMatch>();
    XFL_TRY(events, services.Stream(domain::HouseholdStreamId(*household_id)));
    XFL_TRY(loaded, LoadFrom<HouseholdState>(events, domain::ApplyHouseholdEvent));
    const HouseholdState& state = loaded.state;
    for (const auto& m : state.members) {
        if (m.active && m.record.resident_id == resident_id) {
            return std::optional<projections::PersonMatch>(projections::PersonMatch{
                m.record.name, state.id, m.record.person_id, state.region, resident_id});
        }
    }
    return std::optional<projections::PersonMatch>();
}

// Orders matches as the name index does: name, household, person.
std::string SearchKey(const projections::PersonMatch& m) {
    return m.name + '\x1f' + m.household_id + '\x1f' + m.person_id;
}

// ?q= a name (prefix) or a full resident ID; only people whose village is in the caller's scope.
// A search by full resident ID says who holds it: it needs a ?reason=, a hit is recorded as an
// access to that household, and misses are throttled per user, so that trying the candidates a
// masked ID and a birth date leave does not find the person.
Result<HttpResponse> SearchPeople(Services& services, FailureThrottle& id_misses,
                                  RequestContext& ctx) {
    const std::string q = ctx.Query("q").value_or("");
    if (q.empty() || q.size() > 60) {
        return Error::Make(Errc::kInvalidArgument, "q: a name or a resident ID, 1 to 60 bytes",
                           "q");
    }
    XFL_TRY(page, ReadPage(ctx));
    auto index = services.store.View(projections::kHouseholdIndex);
    std::vector<projections::PersonMatch> matches;
    auto in_scope = [&](const std::string& village) {
        auto code = domain::RegionCode::Parse(village);
        return code.ok() && ctx.caller().Covers(ctx.roles, *code);
    };
    if (auto id = domain::ResidentId::Parse(q); id.ok()) {
        XFL_TRY(reason, ReadAccessReason(ctx, "a search by full resident ID shows who holds it"));
        const std::string& who = ctx.caller().username;
        if (auto wait = id_misses.RetryAfterSeconds(who, ctx.now_us)) {
            return RateLimited("too many searches by resident ID found no one", *wait);
        }
        XFL_TRY(found, FindByResidentId(services, *index, id->str()));
        auto region = domain::RegionCode::Parse(found ? found->village : std::string());
        if (!found || !region.ok() || !ctx.caller().Covers(ctx.roles, *region)) {
            id_misses.Failed(who, ctx.now_us);
        } else {
            XFL_CHECK(RecordAccess(services, ctx, ctx.roles, found->household_id, *region, "search",
                                   reason));
            matches.push_back(*found);
        }
    } else {
        projections::SearchPeopleByName(*index, q, [&](const projections::PersonMatch& m) {
            if (SearchKey(m) > page.after && in_scope(m.village)) {
                matches.push_back(m);
            }
            return matches.size() < page.limit;
        });
    }
    JsonOut out;
    out.Open().OpenArray("people");
    for (const auto& m : matches) {
        out.Item(JsonOut()
                     .Open()
                     .Field("name", m.name)
                     .Field("person_id", m.person_id)
                     .Field("household_id", m.household_id)
                     .Field("region", m.village)
                     .Field("resident_id", domain::MaskResidentId(m.resident_id))
                     .Close()
                     .Take());
    }
    out.CloseArray();
    if (matches.size() == page.limit) {
        const auto& last = matches.back();
        out.Field("next_cursor", EncodeCursor(SearchKey(last)));
    }
    return JsonResponse(200, out.Close().Take());
}

}  // namespace

void AddHouseholdRoutes(RouteBuilder& routes, Services& services) {
    auto committed = [&services](int status) {
        return [&services, status](const Commit& c) {
            return HouseholdCommitted(services, status, c);
        };
    };
    const auto& policy = kZeroEmploymentPolicy;
    routes.Command(
        "POST", "/api/v1/households", kCaseWork,
        [&](RequestContext& ctx) { return RegisterHousehold(services, ctx); }, committed(201));
    routes.Query("GET", "/api/v1/households/{id}", kCaseRead,
                 [&](RequestContext& ctx) { return GetHousehold(services, ctx); });
    routes.Query("GET", "/api/v1/households/{id}/access", kAuditors,
                 [&](RequestContext& ctx) -> Result<HttpResponse> {
                     XFL_TRY(household, LoadHousehold(services, ctx));
                     XFL_TRY(events, services.Stream(domain::AccessStreamId(household.state.id)));
                     return HistoryResponse(events);
                 });
    auto id_misses = std::make_shared<FailureThrottle>(5, std::chrono::minutes(15));
    routes.Query("GET", "/api/v1/people", kCaseRead, [&services, id_misses](RequestContext& ctx) {
        return SearchPeople(services, *id_misses, ctx);
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
    routes.Query("GET", "/api/v1/reports/zero-employment", kCaseRead,
                 [&](RequestContext& ctx) { return ZeroEmploymentReport(services, ctx); });
}

}  // namespace xfl::api
