// Household decisions. Each returns the events of one command; the zero-employment flag and its
// clearing are derived here from the state the command leaves, never set by hand.
#include <algorithm>
#include <set>

#include "xfl/domain/households/household.hpp"
#include "xfl/domain/kernel/checks.hpp"
#include "xfl/domain/kernel/text.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "zero_employment_change.hpp"

namespace xfl::domain {
namespace {

using Events = std::vector<HouseholdEvent>;

const std::set<std::string, std::less<>> kStatuses = {
    "employed_local", "employed_away", "flexible", "unemployed", "not_in_labour_force", "student"};
const std::set<std::string, std::less<>> kEducation = {
    "",           "none",    "primary",  "junior_secondary", "senior_secondary",
    "vocational", "college", "bachelor", "postgraduate"};
const std::set<std::string, std::less<>> kCategories = {"urban_labour",
                                                        "rural_labour",
                                                        "registered_unemployed",
                                                        "unemployed_graduate",
                                                        "hard_to_employ",
                                                        "poverty_alleviated",
                                                        "surplus_labour_unable_to_migrate"};
const std::set<std::string, std::less<>> kDepartures = {"moved_out", "died",
                                                        "joined_other_household", "left"};
const std::set<std::string, std::less<>> kAssistance = {"career_guidance",
                                                        "job_referral",
                                                        "training_referral",
                                                        "public_welfare_job",
                                                        "startup_support",
                                                        "social_insurance_subsidy",
                                                        "other"};

Error NoHousehold() { return Error::Make(Errc::kNotFound, "no such household"); }

// A month's income above 1,000,000 yuan is a typing error, not a household to assist.
constexpr std::int64_t kMaxMonthlyIncomeFen = 100'000'000;

std::vector<Error> DetailProblems(const std::string& phone, const std::string& education,
                                  const std::string& skill_level,
                                  const std::vector<std::string>& categories) {
    std::vector<Error> problems = Failures(
        {IsSkillLevel(skill_level) ? Status{}
                                   : InvalidField("skill_level", std::string(kSkillLevelsText)),
         CheckPhone(phone, "phone"),
         kEducation.contains(education)
             ? Status{}
             : InvalidField("education",
                            "one of none, primary, junior_secondary, senior_secondary, "
                            "vocational, college, bachelor, postgraduate")});
    for (const auto& c : categories) {
        if (!kCategories.contains(c)) {
            problems.push_back(
                InvalidField("categories", "unknown category " + c +
                                               "; known: urban_labour, "
                                               "rural_labour, registered_unemployed, "
                                               "unemployed_graduate, hard_to_employ, "
                                               "poverty_alleviated, "
                                               "surplus_labour_unable_to_migrate"));
            break;
        }
    }
    return problems;
}

Status ValidateVisitLine(const HouseholdState& s, const VisitLine& line, std::size_t i,
                         std::int64_t day) {
    const std::string at = "members[" + std::to_string(i) + "]";
    const Member* m = s.FindMember(line.person_id);
    if (m == nullptr || !m->active) {
        return RuleBroken(at + ".person_id", "is not a member of this household");
    }
    if (!IsKnownStatus(line.status)) {
        return InvalidField(at + ".status",
                            "one of employed_local, employed_away, flexible, "
                            "unemployed, not_in_labour_force, student");
    }
    if (line.monthly_income_fen < 0 || line.monthly_income_fen > kMaxMonthlyIncomeFen) {
        return InvalidField(at + ".monthly_income_fen", "0 to 100000000 fen (1,000,000 yuan)");
    }
    if (Status text = FirstFailure({CheckText(line.training_trade, at + ".training_trade"),
                                    CheckText(line.note, at + ".note", TextKind::kParagraph)});
        !text.ok()) {
        return text;
    }
    if (m->birth_day > day) {
        return RuleBroken(at + ".person_id", "the member was born after the visit date (" +
                                                 m->record.birth_date + ")");
    }
    const int age = AgeInYears(m->birth_day, day);
    const bool labour_status = IsEmployedStatus(line.status) || line.status == "unemployed";
    if (labour_status && age < 16 && line.note.empty()) {
        return RuleBroken(at + ".status",
                          "the member is " + std::to_string(age) +
                              ": a labour status under 16 needs a note explaining it");
    }
    return {};
}

std::string ClearReason(const HouseholdState& after) {
    bool any_active = false, any_employed = false, any_seeking_capable = false;
    for (const Member& m : after.members) {
        if (!m.active) continue;
        any_active = true;
        any_employed = any_employed || IsEmployedStatus(m.status);
        any_seeking_capable =
            any_seeking_capable || (m.record.labour_capacity && m.record.wants_work);
    }
    if (any_employed) return "member_employed";
    if (after.last_departure_reason == "entered_in_error") return "entered_in_error";
    if (!any_active) return "household_dissolved";
    if (after.last_departure_reason == "moved_out") return "moved_out";
    return any_seeking_capable ? "no_longer_working_age" : "no_longer_seeking_work";
}

}  // namespace

Events WithZeroEmploymentChange(const HouseholdState& before, Events events, std::int64_t day,
                                const ZeroEmploymentPolicy& p, const std::string& cause) {
    HouseholdState after = before;
    for (const auto& e : events) after = Evolve(std::move(after), e);
    const bool now = IsZeroEmployment(after, day, p);
    if (now && !before.zero_employment) {
        events.push_back(ZeroEmploymentFlagged{FormatDate(day), cause});
    } else if (!now && before.zero_employment) {
        events.push_back(ZeroEmploymentCleared{FormatDate(day), ClearReason(after), cause});
    }
    return events;
}

std::vector<Error> MemberProblems(const MemberAdded& m, std::int64_t today) {
    std::vector<Error> problems =
        Failures({m.name.empty() || m.name.size() > 60 ? InvalidField("name", "1 to 60 bytes")
                                                       : CheckText(m.name, "name"),
                  CheckLines(m.skills, "skills")});
    auto id = ResidentId::Parse(m.resident_id);
    if (!id.ok()) problems.push_back(id.error());
    if (m.sex != "male" && m.sex != "female") {
        problems.push_back(InvalidField("sex", "male or female"));
    } else if (id.ok() && m.sex != (id->sex() == Sex::kMale ? "male" : "female")) {
        problems.push_back(RuleBroken("sex", std::string("does not match the resident ID (") +
                                                 (id->sex() == Sex::kMale ? "male" : "female") +
                                                 ")"));
    }
    if (auto birth = ParseDate(m.birth_date, "birth_date"); !birth.ok()) {
        problems.push_back(birth.error());
    } else if (*birth > today) {
        problems.push_back(RuleBroken("birth_date", "is in the future"));
    } else if (id.ok() && *birth != id->birth_day()) {
        problems.push_back(RuleBroken(
            "birth_date", "does not match the resident ID (" + FormatDate(id->birth_day()) + ")"));
    }
    for (Error& e : DetailProblems(m.phone, m.education, m.skill_level, m.categories)) {
        problems.push_back(std::move(e));
    }
    return problems;
}

Status ValidateMember(const MemberAdded& m, std::int64_t today) {
    return FirstOf(MemberProblems(m, today));
}

bool IsKnownStatus(std::string_view status) { return kStatuses.contains(status); }

Result<std::vector<HouseholdEvent>> DecideRegisterHousehold(const HouseholdState& s,
                                                            std::string household_id,
                                                            const RegionCode& village,
                                                            std::string address,
                                                            std::string ledger_number) {
    if (s.exists) return Error::Make(Errc::kAlreadyExists, "the household exists already");
    if (village.level() != RegionLevel::kVillage) {
        return RuleBroken("region",
                          "a household belongs to a village or community (12-digit code)");
    }
    if (address.empty() || address.size() > 300) return InvalidField("address", "1 to 300 bytes");
    if (Status text = CheckText(address, "address"); !text.ok()) return std::move(text).error();
    return Events{HouseholdRegistered{std::move(household_id), village.str(), std::move(address),
                                      std::move(ledger_number)}};
}

Result<std::vector<HouseholdEvent>> DecideAddMember(const HouseholdState& s, MemberAdded member,
                                                    bool registered_elsewhere, std::int64_t today,
                                                    const ZeroEmploymentPolicy& policy) {
    if (!s.exists) return NoHousehold();
    if (Status valid = ValidateMember(member, today); !valid.ok()) return std::move(valid).error();
    for (const Member& m : s.members) {
        if (m.active && m.record.resident_id == member.resident_id) {
            return RuleBroken("resident_id", "is already a member of this household");
        }
    }
    if (registered_elsewhere) return RuleBroken("resident_id", "is a member of another household");
    const std::string cause = "member_added:" + member.person_id;
    return WithZeroEmploymentChange(s, {std::move(member)}, today, policy, cause);
}

Result<std::vector<HouseholdEvent>> DecideUpdateMember(const HouseholdState& s,
                                                       MemberUpdated update, std::int64_t today,
                                                       const ZeroEmploymentPolicy& policy) {
    if (!s.exists) return NoHousehold();
    const Member* m = s.FindMember(update.person_id);
    if (m == nullptr || !m->active)
        return RuleBroken("person_id", "is not a member of this household");
    if (Status valid = FirstOf(
            DetailProblems(update.phone, update.education, update.skill_level, update.categories));
        !valid.ok()) {
        return std::move(valid).error();
    }
    const MemberAdded& r = m->record;
    if (r.phone == update.phone && r.education == update.education && r.skills == update.skills &&
        r.skill_level == update.skill_level && r.categories == update.categories &&
        r.extra == update.extra && r.labour_capacity == update.labour_capacity &&
        r.wants_work == update.wants_work) {
        return Events{};
    }
    const std::string cause = "member_updated:" + update.person_id;
    return WithZeroEmploymentChange(s, {std::move(update)}, today, policy, cause);
}

Result<std::vector<HouseholdEvent>> DecideMemberLeaves(const HouseholdState& s, MemberLeft left,
                                                       std::int64_t today,
                                                       const ZeroEmploymentPolicy& policy) {
    if (!s.exists) return NoHousehold();
    const Member* m = s.FindMember(left.person_id);
    if (m == nullptr || !m->active)
        return RuleBroken("person_id", "is not a member of this household");
    if (!kDepartures.contains(left.reason)) {
        return InvalidField("reason", "one of moved_out, died, joined_other_household, left");
    }
    auto day = PastOrToday(left.date, "date", today);
    if (!day.ok()) return std::move(day).error();
    if (*day < m->birth_day) {
        return RuleBroken("date", "is before the member was born (" + m->record.birth_date + ")");
    }
    const std::string cause = "member_left:" + left.person_id;
    return WithZeroEmploymentChange(s, {std::move(left)}, *day, policy, cause);
}

Result<std::vector<HouseholdEvent>> DecideMemberEnteredInError(const HouseholdState& s,
                                                               MemberEnteredInError error,
                                                               std::int64_t today,
                                                               const ZeroEmploymentPolicy& policy) {
    if (!s.exists) return NoHousehold();
    // One recorded as having left may be marked too: the departure was how such mistakes were
    // put right before this event existed.
    const Member* m = s.FindMember(error.person_id);
    if (m == nullptr) return RuleBroken("person_id", "is not a member of this household");
    if (!m->entered_in_error.empty()) {
        return RuleBroken("person_id", "is already marked as entered in error");
    }
    if (error.reason.empty() || error.reason.size() > 500) {
        return InvalidField("reason", "1 to 500 bytes saying what the mistake was");
    }
    if (Status text = CheckText(error.reason, "reason", TextKind::kParagraph); !text.ok()) {
        return std::move(text).error();
    }
    for (const Placement& p : s.placements) {
        if (p.record.person_id == error.person_id && p.active()) {
            return RuleBroken("person_id", "holds placement " + p.record.placement_id +
                                               ": end it first (or correct it)");
        }
    }
    const std::string cause = "entered_in_error:" + error.person_id;
    return WithZeroEmploymentChange(s, {std::move(error)}, today, policy, cause);
}

Result<std::vector<HouseholdEvent>> DecideRecordVisit(const HouseholdState& s, VisitRecorded visit,
                                                      std::int64_t today,
                                                      const ZeroEmploymentPolicy& policy) {
    if (!s.exists) return NoHousehold();
    auto day = PastOrToday(visit.date, "date", today);
    if (!day.ok()) return std::move(day).error();
    if (visit.members.empty())
        return InvalidField("members", "a visit records at least one member");
    if (Status text = CheckText(visit.reason, "reason", TextKind::kParagraph); !text.ok()) {
        return std::move(text).error();
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < visit.members.size(); ++i) {
        if (Status ok = ValidateVisitLine(s, visit.members[i], i, *day); !ok.ok()) {
            return std::move(ok).error();
        }
        if (!seen.insert(visit.members[i].person_id).second) {
            return RuleBroken("members[" + std::to_string(i) + "].person_id", "appears twice");
        }
    }
    if (!visit.corrects_visit.empty()) {
        if (std::find(s.visit_ids.begin(), s.visit_ids.end(), visit.corrects_visit) ==
            s.visit_ids.end()) {
            return RuleBroken("corrects_visit", "names no visit of this household");
        }
        if (visit.reason.empty()) return InvalidField("reason", "a correction needs a reason");
    }
    const std::string cause = "visit:" + visit.visit_id;
    return WithZeroEmploymentChange(s, {std::move(visit)}, *day, policy, cause);
}

Result<std::vector<HouseholdEvent>> DecideReevaluateZeroEmployment(
    const HouseholdState& s, std::int64_t today, const ZeroEmploymentPolicy& policy) {
    if (!s.exists) return NoHousehold();
    return WithZeroEmploymentChange(s, {}, today, policy, "reevaluated:" + FormatDate(today));
}

Result<std::vector<HouseholdEvent>> DecideOpenPlan(const HouseholdState& s, PlanOpened plan,
                                                   std::int64_t today) {
    if (!s.exists) return NoHousehold();
    if (!s.open_plan_id.empty()) {
        return RuleBroken("plan",
                          "the household already has an open plan (" + s.open_plan_id + ")");
    }
    if (plan.caseworker.empty())
        return InvalidField("caseworker", "the responsible caseworker is required");
    if (plan.measures.empty()) return InvalidField("measures", "a plan names at least one measure");
    if (Status text = FirstFailure(
            {CheckText(plan.caseworker, "caseworker"), CheckLines(plan.measures, "measures")});
        !text.ok()) {
        return std::move(text).error();
    }
    auto day = PastOrToday(plan.date, "date", today);
    if (!day.ok()) return std::move(day).error();
    return Events{std::move(plan)};
}

Result<std::vector<HouseholdEvent>> DecideRecordAssistance(const HouseholdState& s,
                                                           AssistanceRecorded action,
                                                           std::int64_t today) {
    if (!s.exists) return NoHousehold();
    if (s.FindPlan(action.plan_id) == nullptr) {
        return RuleBroken("plan_id", "names no plan of this household");
    }
    if (!kAssistance.contains(action.kind)) {
        return InvalidField("kind",
                            "one of career_guidance, job_referral, training_referral, "
                            "public_welfare_job, startup_support, social_insurance_subsidy, other");
    }
    if (Status text = CheckText(action.outcome, "outcome", TextKind::kParagraph); !text.ok()) {
        return std::move(text).error();
    }
    auto day = PastOrToday(action.date, "date", today);
    if (!day.ok()) return std::move(day).error();
    return Events{std::move(action)};
}

}  // namespace xfl::domain
