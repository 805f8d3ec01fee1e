// Household state: how each event changes it, and the zero-employment condition.
#include "xfl/domain/households/household.hpp"

#include <algorithm>

#include "xfl/domain/households/access.hpp"
#include "xfl/domain/kernel/deadline.hpp"
#include "xfl/domain/kernel/time.hpp"

namespace xfl::domain {

const Member* HouseholdState::FindMember(const std::string& person_id) const {
    for (const Member& m : members) {
        if (m.record.person_id == person_id) return &m;
    }
    return nullptr;
}

const Placement* HouseholdState::FindPlacement(std::string_view placement_id) const {
    for (const Placement& p : placements) {
        if (p.record.placement_id == placement_id) return &p;
    }
    return nullptr;
}

const Plan* HouseholdState::FindPlan(std::string_view plan_id) const {
    for (const Plan& p : plans) {
        if (p.record.plan_id == plan_id) return &p;
    }
    return nullptr;
}

HouseholdState Evolve(HouseholdState s, const HouseholdRegistered& e) {
    s.exists = true;
    s.id = e.household_id;
    s.region = e.region;
    s.address = e.address;
    s.ledger_number = e.ledger_number;
    return s;
}

HouseholdState Evolve(HouseholdState s, const LedgerNumberRecorded& e) {
    s.ledger_number = e.ledger_number;
    return s;
}

HouseholdState Evolve(HouseholdState s, const MemberAdded& e) {
    Member m;
    m.record = e;
    auto birth = ParseDate(e.birth_date, "birth_date");
    m.birth_day = birth.ok() ? *birth : 0;
    s.members.push_back(std::move(m));
    return s;
}

HouseholdState Evolve(HouseholdState s, const MemberUpdated& e) {
    for (Member& m : s.members) {
        if (m.record.person_id != e.person_id) continue;
        m.record.phone = e.phone;
        m.record.education = e.education;
        m.record.skill_level = e.skill_level;
        m.record.skills = e.skills;
        m.record.categories = e.categories;
        m.record.labour_capacity = e.labour_capacity;
        m.record.wants_work = e.wants_work;
        m.record.extra = e.extra;
    }
    return s;
}

HouseholdState Evolve(HouseholdState s, const MemberLeft& e) {
    for (Member& m : s.members) {
        if (m.record.person_id == e.person_id) m.active = false;
    }
    s.last_departure_reason = e.reason;
    return s;
}

HouseholdState Evolve(HouseholdState s, const MemberEnteredInError& e) {
    for (Member& m : s.members) {
        if (m.record.person_id != e.person_id) continue;
        m.active = false;
        m.entered_in_error = e.reason;
    }
    s.last_departure_reason = "entered_in_error";
    return s;
}

HouseholdState Evolve(HouseholdState s, const VisitRecorded& e) {
    for (const VisitLine& line : e.members) {
        for (Member& m : s.members) {
            if (m.record.person_id != line.person_id) continue;
            m.status = line.status;
            m.status_placement.clear();
            m.monthly_income_fen = line.monthly_income_fen;
            m.record.wants_work = line.wants_job || IsEmployedStatus(line.status);
        }
    }
    s.visit_ids.push_back(e.visit_id);
    return s;
}

HouseholdState Evolve(HouseholdState s, const ZeroEmploymentFlagged& e) {
    s.zero_employment = true;
    s.zero_since = e.since;
    return s;
}

HouseholdState Evolve(HouseholdState s, const ZeroEmploymentCleared& e) {
    s.zero_employment = false;
    s.zero_since.clear();
    // The plan served its purpose; a new flag needs a new plan.
    for (Plan& plan : s.plans) {
        if (plan.record.plan_id == s.open_plan_id) plan.closed_on = e.date;
    }
    s.open_plan_id.clear();
    return s;
}

HouseholdState Evolve(HouseholdState s, const PlanOpened& e) {
    s.open_plan_id = e.plan_id;
    s.plans.push_back(Plan{e, {}, {}});
    return s;
}

HouseholdState Evolve(HouseholdState s, const AssistanceRecorded& e) {
    for (Plan& plan : s.plans) {
        if (plan.record.plan_id == e.plan_id) plan.actions.push_back(e);
    }
    return s;
}

namespace {

// The employment status a placement of `kind` stands for, as a survey would record it.
std::string StatusOfPlacement(std::string_view kind) {
    if (kind == "migrant") return "employed_away";
    if (kind == "self_employed" || kind == "flexible") return "flexible";
    return "employed_local";
}

}  // namespace

HouseholdState Evolve(HouseholdState s, const PlacementStarted& e) {
    Placement p;
    p.record = e;
    auto start = ParseDate(e.start_date, "start_date");
    p.start_day = start.ok() ? *start : 0;
    s.placements.push_back(std::move(p));
    for (Member& m : s.members) {
        if (m.record.person_id != e.person_id) continue;
        m.status = StatusOfPlacement(e.kind);
        m.status_placement = e.placement_id;
        m.record.wants_work = true;
    }
    return s;
}

HouseholdState Evolve(HouseholdState s, const PlacementEnded& e) {
    std::string person;
    for (Placement& p : s.placements) {
        if (p.record.placement_id != e.placement_id) continue;
        p.ended_on = e.date;
        p.end_reason = e.reason;
        person = p.record.person_id;
    }
    // The member's status follows another placement still held, else the member is out of work
    // again; a status a later visit recorded stands.
    for (Member& m : s.members) {
        if (m.record.person_id != person || m.status_placement != e.placement_id) continue;
        m.status = "unemployed";
        m.status_placement.clear();
        for (const Placement& p : s.placements) {
            if (p.record.person_id == person && p.active()) {
                m.status = StatusOfPlacement(p.record.kind);
                m.status_placement = p.record.placement_id;
            }
        }
    }
    return s;
}

HouseholdState Evolve(HouseholdState s, const HouseholdEvent& e) {
    return std::visit([&](const auto& event) { return Evolve(std::move(s), event); }, e);
}

Status ApplyHouseholdEvent(HouseholdState& state, const StoredEvent& event) {
    return ApplyAny<HouseholdState, HouseholdRegistered, LedgerNumberRecorded, MemberAdded,
                    MemberUpdated, MemberLeft, MemberEnteredInError, VisitRecorded,
                    ZeroEmploymentFlagged, ZeroEmploymentCleared, PlanOpened, AssistanceRecorded,
                    PlacementStarted, PlacementEnded>(state, event);
}

bool IsEmployedStatus(std::string_view status) {
    return status == "employed_local" || status == "employed_away" || status == "flexible";
}

bool IsOfWorkingAge(const Member& m, std::int64_t day, const ZeroEmploymentPolicy& p) {
    const int age = AgeInYears(m.birth_day, day);
    const int max_age = m.record.sex == "female" ? p.max_age_women : p.max_age_men;
    return age >= p.min_age && age <= max_age;
}

bool IsZeroEmployment(const HouseholdState& s, std::int64_t day, const ZeroEmploymentPolicy& p) {
    int unemployed_seekers = 0;
    int unsurveyed_seekers = 0;
    for (const Member& m : s.members) {
        if (!m.active || !m.record.labour_capacity || !IsOfWorkingAge(m, day, p)) continue;
        if (IsEmployedStatus(m.status)) return false;
        if (!m.record.wants_work) continue;
        if (m.status == "unemployed") {
            ++unemployed_seekers;
        } else if (m.status.empty()) {
            ++unsurveyed_seekers;
        }
    }
    if (unemployed_seekers == 0) return false;
    // A seeker not yet surveyed is not known to be jobless: it neither raises the flag nor, as
    // nobody is known to be employed, clears it.
    return unsurveyed_seekers == 0 || s.zero_employment;
}

std::string HouseholdStreamId(std::string_view household_id) {
    return kHouseholdStreams.Of(household_id);
}

Status RegisterHouseholdsEvents(EventRegistry& registry) {
    constexpr std::string_view kContext = "households";
    for (const StreamKind& kind : {kHouseholdStreams, kAccessStreams}) {
        if (Status s = registry.AddStreams(kind, kContext); !s.ok()) return s;
    }
    return registry
        .Add<HouseholdRegistered, LedgerNumberRecorded, MemberAdded, MemberUpdated, MemberLeft,
             MemberEnteredInError, VisitRecorded, ZeroEmploymentFlagged, ZeroEmploymentCleared,
             PlanOpened, AssistanceRecorded, PlacementStarted, PlacementEnded, ResidentIdsViewed>(
            kContext);
}

ZeroEmploymentLimits ZeroEmploymentDue(std::int64_t since, const ZeroEmploymentPolicy& policy) {
    return {Deadline::CalendarDays(policy.plan_within_days).DueInCalendarDays(since),
            Deadline::CalendarDays(policy.clear_within_days).DueInCalendarDays(since)};
}

ZeroEmploymentLateness ZeroEmploymentLate(std::int64_t since, bool planned, std::int64_t today,
                                          const ZeroEmploymentPolicy& policy) {
    const ZeroEmploymentLimits due = ZeroEmploymentDue(since, policy);
    return {!planned && Overdue(due.plan_due, today), Overdue(due.clear_due, today)};
}

std::vector<PendingLimit> PendingZeroEmploymentLimits(const HouseholdState& s,
                                                      const ZeroEmploymentPolicy& policy) {
    if (!s.zero_employment) return {};
    auto since = ParseDate(s.zero_since, "zero_since");
    if (!since.ok()) return {};  // a flag without its date has no limits to count
    const ZeroEmploymentLimits due = ZeroEmploymentDue(*since, policy);
    std::vector<PendingLimit> pending;
    if (s.open_plan_id.empty())
        pending.push_back({"zero-employment assistance plan", due.plan_due});
    pending.push_back({"zero-employment clearing", due.clear_due});
    return pending;
}

}  // namespace xfl::domain
