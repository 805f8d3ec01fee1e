// Households: members, survey visits (入户摸排), zero-employment tracking (零就业家庭动态清零) and
// assistance plans (帮扶计划). Pure: every rule is a decide function over state and inputs.
#pragma once

#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "xfl/domain/kernel/deadline.hpp"
#include "xfl/domain/kernel/event_codec.hpp"
#include "xfl/domain/kernel/event_type.hpp"
#include "xfl/domain/kernel/json_payload.hpp"
#include "xfl/domain/kernel/region_code.hpp"
#include "xfl/domain/kernel/resident_id.hpp"

namespace xfl::domain {

// Working ages and deadlines: configuration, with the policy's defaults.
struct ZeroEmploymentPolicy {
    int min_age = 16;
    int max_age_men = 60;
    int max_age_women = 55;
    int plan_within_days = 7;
    int clear_within_days = 30;
};
// The national defaults, which every route, job and import of the server applies.
inline const ZeroEmploymentPolicy kZeroEmploymentPolicy{};

struct HouseholdRegistered {
    static constexpr std::string_view kType = "household.registered";
    std::string household_id, region, address;
    std::string ledger_number;  // the survey ledger's own number (户编号), when it came from one
    template <class A>
    void serialize(A& ar) {
        ar(CEREAL_NVP(household_id), CEREAL_NVP(region), CEREAL_NVP(address));
        OptionalField(ar, "ledger_number", ledger_number);  // added after the first release
    }
};

// The ledger number (户编号) a household is kept under in its village's survey ledger, given
// or changed by an import: the next import of that ledger finds the household by it.
struct LedgerNumberRecorded {
    static constexpr std::string_view kType = "household.ledger_number_recorded";
    std::string ledger_number;
    XFL_FIELDS(CEREAL_NVP(ledger_number))
};

// A cell of a ledger's own column (组别, 备注, 低保户 …), kept with the member as the ledger
// wrote it.
struct ExtraCell {
    std::string column, value;
    XFL_FIELDS(CEREAL_NVP(column), CEREAL_NVP(value))
    bool operator==(const ExtraCell&) const = default;
};

struct MemberAdded {
    static constexpr std::string_view kType = "household.member_added";
    std::string person_id, name, resident_id, sex, birth_date, phone, education;
    std::vector<std::string> skills, categories;
    bool labour_capacity = false;
    bool wants_work = false;
    // The highest vocational qualification (职业技能等级) held: none, junior (初级工, level 5),
    // intermediate (中级工), senior (高级工), technician (技师), senior_technician (高级技师,
    // level 1); empty when not known.
    std::string skill_level;
    std::vector<ExtraCell> extra;  // the ledger's own columns, in its order
    template <class A>
    void serialize(A& ar) {
        ar(CEREAL_NVP(person_id), CEREAL_NVP(name), CEREAL_NVP(resident_id), CEREAL_NVP(sex),
           CEREAL_NVP(birth_date), CEREAL_NVP(phone), CEREAL_NVP(education), CEREAL_NVP(skills),
           CEREAL_NVP(categories), CEREAL_NVP(labour_capacity), CEREAL_NVP(wants_work));
        OptionalField(ar, "skill_level", skill_level);  // added after the first release
        OptionalField(ar, "extra", extra);              // added later still
    }
};

// A correction or change of a member's details; name, resident ID, sex and birth date are fixed
// by the resident ID and never change.
struct MemberUpdated {
    static constexpr std::string_view kType = "household.member_updated";
    std::string person_id, phone, education;
    std::vector<std::string> skills, categories;
    bool labour_capacity = false;
    bool wants_work = false;
    std::string skill_level;
    std::vector<ExtraCell> extra;
    template <class A>
    void serialize(A& ar) {
        ar(CEREAL_NVP(person_id), CEREAL_NVP(phone), CEREAL_NVP(education), CEREAL_NVP(skills),
           CEREAL_NVP(categories), CEREAL_NVP(labour_capacity), CEREAL_NVP(wants_work),
           CEREAL_NVP(skill_level));
        OptionalField(ar, "extra", extra);  // added after the first release
    }
};

struct MemberLeft {
    static constexpr std::string_view kType = "household.member_left";
    std::string person_id, reason, date;  // reason: moved_out, died, joined_other_household, left
    XFL_FIELDS(CEREAL_NVP(person_id), CEREAL_NVP(reason), CEREAL_NVP(date))
};

// A member who should never have been registered (a mistyped person, one of another household):
// off the register and out of every count from now on, the reason kept in the history. Not a
// departure: the person never lived here.
struct MemberEnteredInError {
    static constexpr std::string_view kType = "household.member_entered_in_error";
    std::string person_id, reason;
    XFL_FIELDS(CEREAL_NVP(person_id), CEREAL_NVP(reason))
};

struct VisitLine {
    std::string person_id, status, training_trade, note;
    std::int64_t monthly_income_fen = 0;
    bool wants_job = false, wants_training = false, wants_business = false;
    XFL_FIELDS(CEREAL_NVP(person_id), CEREAL_NVP(status), CEREAL_NVP(training_trade),
               CEREAL_NVP(note), CEREAL_NVP(monthly_income_fen), CEREAL_NVP(wants_job),
               CEREAL_NVP(wants_training), CEREAL_NVP(wants_business))
};

struct VisitRecorded {
    static constexpr std::string_view kType = "household.visit_recorded";
    std::string visit_id, date, visitor, corrects_visit, reason;  // a correction names a visit
    std::vector<VisitLine> members;
    XFL_FIELDS(CEREAL_NVP(visit_id), CEREAL_NVP(date), CEREAL_NVP(visitor),
               CEREAL_NVP(corrects_visit), CEREAL_NVP(reason), CEREAL_NVP(members))
};

struct ZeroEmploymentFlagged {
    static constexpr std::string_view kType = "household.zero_employment_flagged";
    std::string since, cause;  // cause: what made it true, e.g. "visit:v-…"
    XFL_FIELDS(CEREAL_NVP(since), CEREAL_NVP(cause))
};

struct ZeroEmploymentCleared {
    static constexpr std::string_view kType = "household.zero_employment_cleared";
    // reason: member_employed, household_dissolved, moved_out, no_longer_working_age,
    // no_longer_seeking_work
    std::string date, reason, cause;
    XFL_FIELDS(CEREAL_NVP(date), CEREAL_NVP(reason), CEREAL_NVP(cause))
};

struct PlanOpened {
    static constexpr std::string_view kType = "household.plan_opened";
    std::string plan_id, caseworker, date;
    std::vector<std::string> measures;
    XFL_FIELDS(CEREAL_NVP(plan_id), CEREAL_NVP(caseworker), CEREAL_NVP(date), CEREAL_NVP(measures))
};

struct AssistanceRecorded {
    static constexpr std::string_view kType = "household.assistance_recorded";
    // kind: career_guidance, job_referral, training_referral, public_welfare_job,
    // startup_support, social_insurance_subsidy, other
    std::string plan_id, kind, date, outcome;
    XFL_FIELDS(CEREAL_NVP(plan_id), CEREAL_NVP(kind), CEREAL_NVP(date), CEREAL_NVP(outcome))
};

// A member started work (就业/上岗): into a posting, with an employer outside the postings, in a
// public-welfare post (公益性岗位), self-employed, in flexible work or as a migrant worker
// elsewhere (外出务工). The member's employment status follows from it, as from a survey answer.
struct PlacementStarted {
    static constexpr std::string_view kType = "household.placement_started";
    // kind: posting, employer, public_welfare, self_employed, flexible, migrant.
    // schedule: full_time, seasonal, gig. wage_unit: hour, day, month, piece.
    std::string placement_id, person_id, kind, schedule, posting_id, employer_id, employer_name,
        trade, start_date, planned_end_date, wage_unit, destination;
    std::int64_t wage_fen = 0;
    bool contract_signed = false, social_insurance = false, work_injury_insurance = false;
    bool via_platform = false;  // through a labour-service platform / human-resources agency
    // Public-welfare posts: post type (road_maintenance, sanitation, forest_ranger,
    // village_assistant, water_management, elderly_care, security, other), who funds it, the
    // monthly subsidy and the term.
    std::string post_type, funding;
    std::int64_t monthly_subsidy_fen = 0, term_months = 0;
    // Why a public-welfare post goes to someone outside the priority groups (Art. 56).
    std::string priority_reason;
    // What a reviewer should look at: no_work_injury_insurance (a platform placement without it).
    std::vector<std::string> flags;
    XFL_FIELDS(CEREAL_NVP(placement_id), CEREAL_NVP(person_id), CEREAL_NVP(kind),
               CEREAL_NVP(schedule), CEREAL_NVP(posting_id), CEREAL_NVP(employer_id),
               CEREAL_NVP(employer_name), CEREAL_NVP(trade), CEREAL_NVP(start_date),
               CEREAL_NVP(planned_end_date), CEREAL_NVP(wage_unit), CEREAL_NVP(destination),
               CEREAL_NVP(wage_fen), CEREAL_NVP(contract_signed), CEREAL_NVP(social_insurance),
               CEREAL_NVP(work_injury_insurance), CEREAL_NVP(via_platform), CEREAL_NVP(post_type),
               CEREAL_NVP(funding), CEREAL_NVP(monthly_subsidy_fen), CEREAL_NVP(term_months),
               CEREAL_NVP(priority_reason), CEREAL_NVP(flags))
};

struct PlacementEnded {
    static constexpr std::string_view kType = "household.placement_ended";
    // reason: contract_ended, season_over, quit, dismissed, other
    std::string placement_id, date, reason, note;
    XFL_FIELDS(CEREAL_NVP(placement_id), CEREAL_NVP(date), CEREAL_NVP(reason), CEREAL_NVP(note))
};

using HouseholdEvent =
    std::variant<HouseholdRegistered, LedgerNumberRecorded, MemberAdded, MemberUpdated, MemberLeft,
                 MemberEnteredInError, VisitRecorded, ZeroEmploymentFlagged, ZeroEmploymentCleared,
                 PlanOpened, AssistanceRecorded, PlacementStarted, PlacementEnded>;

struct Member {
    MemberAdded record;
    std::int64_t birth_day = 0;
    bool active = true;
    std::string entered_in_error;  // the reason, when the member was registered by mistake
    std::string status;            // latest employment status from a visit; empty before the first
    std::int64_t monthly_income_fen = 0;
    // The placement the status comes from; empty when a visit set it.
    std::string status_placement;
};

struct Placement {
    PlacementStarted record;
    std::int64_t start_day = 0;
    std::string ended_on, end_reason;  // empty while the member works there

    bool active() const { return ended_on.empty(); }
};

// An assistance plan (帮扶计划) and the actions recorded under it, in order.
struct Plan {
    PlanOpened record;
    std::vector<AssistanceRecorded> actions;
    std::string closed_on;  // the day the flag it served was cleared; empty while it is open
};

struct HouseholdState {
    bool exists = false;
    std::string id, region, address, ledger_number;
    std::vector<Member> members;
    std::vector<std::string> visit_ids;
    std::string last_departure_reason;
    bool zero_employment = false;
    std::string zero_since;  // date of the current flag
    std::string open_plan_id;
    std::vector<Plan> plans;
    std::vector<Placement> placements;

    const Member* FindMember(const std::string& person_id) const;
    const Placement* FindPlacement(std::string_view placement_id) const;
    const Plan* FindPlan(std::string_view plan_id) const;
};

HouseholdState Evolve(HouseholdState s, const HouseholdRegistered& e);
HouseholdState Evolve(HouseholdState s, const LedgerNumberRecorded& e);
HouseholdState Evolve(HouseholdState s, const MemberAdded& e);
HouseholdState Evolve(HouseholdState s, const MemberUpdated& e);
HouseholdState Evolve(HouseholdState s, const MemberLeft& e);
HouseholdState Evolve(HouseholdState s, const MemberEnteredInError& e);
HouseholdState Evolve(HouseholdState s, const VisitRecorded& e);
HouseholdState Evolve(HouseholdState s, const ZeroEmploymentFlagged& e);
HouseholdState Evolve(HouseholdState s, const ZeroEmploymentCleared& e);
HouseholdState Evolve(HouseholdState s, const PlanOpened& e);
HouseholdState Evolve(HouseholdState s, const AssistanceRecorded& e);
HouseholdState Evolve(HouseholdState s, const PlacementStarted& e);
HouseholdState Evolve(HouseholdState s, const PlacementEnded& e);
HouseholdState Evolve(HouseholdState s, const HouseholdEvent& e);
Status ApplyHouseholdEvent(HouseholdState& state, const StoredEvent& event);

bool IsEmployedStatus(std::string_view status);
// Is the member between the policy's working ages on `day`?
bool IsOfWorkingAge(const Member& m, std::int64_t day, const ZeroEmploymentPolicy& p);
// Is the household a zero-employment household on `day`: at least one member of working age
// with labour capacity who wants work, every such member unemployed, and none employed?
// Members not yet surveyed keep the current flag as it is.
bool IsZeroEmployment(const HouseholdState& s, std::int64_t day, const ZeroEmploymentPolicy& p);

// The limits of a household flagged on `since` (a business day): a plan within
// plan_within_days, clearing within clear_within_days, in calendar days.
struct ZeroEmploymentLimits {
    std::int64_t plan_due = 0;
    std::int64_t clear_due = 0;
};
ZeroEmploymentLimits ZeroEmploymentDue(std::int64_t since, const ZeroEmploymentPolicy& policy);

// Which limits an open episode has missed by `today`.
struct ZeroEmploymentLateness {
    bool plan = false;   // no plan opened, and the plan's limit has passed
    bool clear = false;  // still flagged after the clearing limit
    bool any() const { return plan || clear; }
};
ZeroEmploymentLateness ZeroEmploymentLate(std::int64_t since, bool planned, std::int64_t today,
                                          const ZeroEmploymentPolicy& policy);
// The limits of the household's current flag not met yet: the plan's while none is open, the
// clearing's while flagged. None when not flagged.
std::vector<PendingLimit> PendingZeroEmploymentLimits(const HouseholdState& s,
                                                      const ZeroEmploymentPolicy& policy);

// Checks a new member's fields (resident ID and its check digit, sex and birth date against it,
// phone, education, categories): every problem, each naming its field, in that order.
std::vector<Error> MemberProblems(const MemberAdded& m, std::int64_t today);
// The first of MemberProblems, or success.
Status ValidateMember(const MemberAdded& m, std::int64_t today);
// The employment statuses a visit may record.
bool IsKnownStatus(std::string_view status);

// ---- decisions; `today` is the caller's calendar day (no clock in the domain) ----
Result<std::vector<HouseholdEvent>> DecideRegisterHousehold(const HouseholdState& s,
                                                            std::string household_id,
                                                            const RegionCode& village,
                                                            std::string address,
                                                            std::string ledger_number = {});
// `registered_elsewhere`: the resident ID is already a member of another household.
Result<std::vector<HouseholdEvent>> DecideAddMember(const HouseholdState& s, MemberAdded member,
                                                    bool registered_elsewhere, std::int64_t today,
                                                    const ZeroEmploymentPolicy& policy);
// The member's details as `update` gives them; no events when nothing differs.
Result<std::vector<HouseholdEvent>> DecideUpdateMember(const HouseholdState& s,
                                                       MemberUpdated update, std::int64_t today,
                                                       const ZeroEmploymentPolicy& policy);
Result<std::vector<HouseholdEvent>> DecideMemberLeaves(const HouseholdState& s, MemberLeft left,
                                                       std::int64_t today,
                                                       const ZeroEmploymentPolicy& policy);
// A member, on the register or recorded as having left, marked as never having belonged;
// `today` is the day the flag, if the error changes it, is raised or cleared.
Result<std::vector<HouseholdEvent>> DecideMemberEnteredInError(const HouseholdState& s,
                                                               MemberEnteredInError error,
                                                               std::int64_t today,
                                                               const ZeroEmploymentPolicy& policy);
Result<std::vector<HouseholdEvent>> DecideRecordVisit(const HouseholdState& s, VisitRecorded visit,
                                                      std::int64_t today,
                                                      const ZeroEmploymentPolicy& policy);
// The zero-employment condition derived again on `today` with nothing else changed: members
// leave working age with time alone, which clears the flag (no_longer_working_age). No events
// while the flag is still right.
Result<std::vector<HouseholdEvent>> DecideReevaluateZeroEmployment(
    const HouseholdState& s, std::int64_t today, const ZeroEmploymentPolicy& policy);
Result<std::vector<HouseholdEvent>> DecideOpenPlan(const HouseholdState& s, PlanOpened plan,
                                                   std::int64_t today);
Result<std::vector<HouseholdEvent>> DecideRecordAssistance(const HouseholdState& s,
                                                           AssistanceRecorded action,
                                                           std::int64_t today);

inline constexpr StreamKind kHouseholdStreams{"household-"};
std::string HouseholdStreamId(std::string_view household_id);

// The households context's event types and stream kinds (households, recorded access).
Status RegisterHouseholdsEvents(EventRegistry& registry);

}  // namespace xfl::domain
