#include <algorithm>
#include <limits>

#include "xfl/domain/households/placement.hpp"
#include "xfl/domain/kernel/checks.hpp"
#include "xfl/domain/kernel/text.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "zero_employment_change.hpp"

namespace xfl::domain {
namespace {

using Events = std::vector<HouseholdEvent>;

constexpr std::int64_t kOpenEnded = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMaxFen = 100'000'000;

bool OneOf(std::string_view value, std::initializer_list<std::string_view> known) {
    return std::find(known.begin(), known.end(), value) != known.end();
}

// The last day a placement occupies: its end, else its planned end, else open.
std::int64_t LastDay(const Placement& p) {
    const std::string& last = p.active() ? p.record.planned_end_date : p.ended_on;
    if (last.empty()) return kOpenEnded;
    auto day = ParseDate(last, "date");
    return day.ok() ? *day : kOpenEnded;
}

Status CheckKindFields(const PlacementStarted& p) {
    if (!OneOf(p.kind,
               {"posting", "employer", "public_welfare", "self_employed", "flexible", "migrant"})) {
        return InvalidField("kind",
                            "one of posting, employer, public_welfare, self_employed, flexible, "
                            "migrant");
    }
    if (!OneOf(p.schedule, {"full_time", "seasonal", "gig"})) {
        return InvalidField("schedule", "one of full_time, seasonal, gig");
    }
    if (p.wage_fen < 0 || p.wage_fen > kMaxFen) {
        return InvalidField("wage_fen", "0 to 100000000 fen (1,000,000 yuan)");
    }
    if (!OneOf(p.wage_unit, {"", "hour", "day", "month", "piece"})) {
        return InvalidField("wage_unit", "one of hour, day, month, piece");
    }
    if (p.wage_fen > 0 && p.wage_unit.empty()) {
        return InvalidField("wage_unit", "a wage needs its unit (hour, day, month, piece)");
    }
    if (Status text =
            FirstFailure({CheckText(p.employer_name, "employer_name"),
                          CheckText(p.destination, "destination"), CheckText(p.funding, "funding"),
                          CheckText(p.priority_reason, "priority_reason", TextKind::kParagraph)});
        !text.ok()) {
        return text;
    }
    if (p.kind == "posting" && p.posting_id.empty()) {
        return InvalidField("posting_id", "a placement into a posting names it");
    }
    if (p.kind == "employer" && p.employer_id.empty() && p.employer_name.empty()) {
        return InvalidField("employer_id", "a placement with an employer names it");
    }
    if (p.kind == "migrant" && p.destination.empty()) {
        return InvalidField("destination", "migrant work names where (外出务工 destination)");
    }
    if (p.kind != "public_welfare") return {};
    if (!OneOf(p.post_type, {"road_maintenance", "sanitation", "forest_ranger", "village_assistant",
                             "water_management", "elderly_care", "security", "other"})) {
        return InvalidField("post_type",
                            "one of road_maintenance, sanitation, forest_ranger, "
                            "village_assistant, water_management, elderly_care, security, other");
    }
    if (p.funding.empty()) return InvalidField("funding", "who funds the post is required");
    if (p.monthly_subsidy_fen <= 0 || p.monthly_subsidy_fen > kMaxFen) {
        return InvalidField("monthly_subsidy_fen", "1 to 100000000 fen");
    }
    if (p.term_months < 1 || p.term_months > 60) {
        return InvalidField("term_months", "1 to 60 months");
    }
    return {};
}

// Art. 56 of the Employment Promotion Law: public-welfare posts go first to people certified
// hard-to-employ and to zero-employment households.
bool InPriorityGroup(const HouseholdState& s, const Member& m) {
    const auto& c = m.record.categories;
    return s.zero_employment || std::find(c.begin(), c.end(), "hard_to_employ") != c.end();
}

Status CheckNoOverlap(const HouseholdState& s, const PlacementStarted& p, std::int64_t start,
                      std::int64_t last) {
    if (p.schedule == "gig") return {};
    for (const Placement& held : s.placements) {
        if (held.record.person_id != p.person_id || held.record.schedule == "gig") continue;
        if (held.start_day <= last && start <= LastDay(held)) {
            return RuleBroken("start_date", "overlaps placement " + held.record.placement_id +
                                                " (" + held.record.schedule + ", from " +
                                                held.record.start_date +
                                                "): one person holds one full-time or seasonal "
                                                "job at a time");
        }
    }
    return {};
}

}  // namespace

Result<std::vector<HouseholdEvent>> DecideStartPlacement(const HouseholdState& s,
                                                         PlacementStarted p, std::int64_t today,
                                                         const ZeroEmploymentPolicy& policy) {
    if (!s.exists) return Error::Make(Errc::kNotFound, "no such household");
    if (s.FindPlacement(p.placement_id) != nullptr) return Events{};
    const Member* m = s.FindMember(p.person_id);
    if (m == nullptr || !m->active) {
        return RuleBroken("person_id",
                          "is not in the register (an active member of the household)");
    }
    if (Status ok = CheckKindFields(p); !ok.ok()) return std::move(ok).error();
    auto start = PastOrToday(p.start_date, "start_date", today);
    if (!start.ok()) return std::move(start).error();
    std::int64_t last = kOpenEnded;
    if (!p.planned_end_date.empty()) {
        auto end = ParseDate(p.planned_end_date, "planned_end_date");
        if (!end.ok()) return std::move(end).error();
        if (*end < *start) return RuleBroken("planned_end_date", "is before start_date");
        last = *end;
    }
    if (!IsOfWorkingAge(*m, *start, policy)) {
        return RuleBroken("person_id", "is " + std::to_string(AgeInYears(m->birth_day, *start)) +
                                           " on the start date: not of working age");
    }
    if (Status ok = CheckNoOverlap(s, p, *start, last); !ok.ok()) return std::move(ok).error();
    if (p.kind == "public_welfare" && !InPriorityGroup(s, *m) && p.priority_reason.empty()) {
        return RuleBroken("priority_reason",
                          "a public-welfare post goes first to people certified hard-to-employ "
                          "and to zero-employment households (Employment Promotion Law, Art. "
                          "56): say why it goes to this person");
    }
    p.flags.clear();
    if (p.via_platform && !p.work_injury_insurance) p.flags.push_back("no_work_injury_insurance");
    const std::string cause = "placement:" + p.placement_id;
    return WithZeroEmploymentChange(s, {std::move(p)}, *start, policy, cause);
}

Result<std::vector<HouseholdEvent>> DecideEndPlacement(const HouseholdState& s,
                                                       PlacementEnded ended, std::int64_t today,
                                                       const ZeroEmploymentPolicy& policy) {
    if (!s.exists) return Error::Make(Errc::kNotFound, "no such household");
    const Placement* p = s.FindPlacement(ended.placement_id);
    if (p == nullptr) return Error::Make(Errc::kNotFound, "no such placement");
    if (!p->active()) {
        return RuleBroken("placement", "the placement ended on " + p->ended_on);
    }
    if (!OneOf(ended.reason, {"contract_ended", "season_over", "quit", "dismissed", "other"})) {
        return InvalidField("reason", "one of contract_ended, season_over, quit, dismissed, other");
    }
    if (Status text = CheckText(ended.note, "note", TextKind::kParagraph); !text.ok()) {
        return std::move(text).error();
    }
    auto day = PastOrToday(ended.date, "date", today);
    if (!day.ok()) return std::move(day).error();
    if (*day < p->start_day) {
        return RuleBroken("date", "is before the placement started (" + p->record.start_date + ")");
    }
    const std::string cause = "placement_ended:" + ended.placement_id;
    return WithZeroEmploymentChange(s, {std::move(ended)}, *day, policy, cause);
}

}  // namespace xfl::domain
