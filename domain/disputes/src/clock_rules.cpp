#include "xfl/domain/disputes/clock_rules.hpp"

#include <algorithm>

namespace xfl::domain {

const std::vector<ClockRule>& DisputeClocks() {
    static const std::vector<ClockRule> rules = {
        {"mediation", "mediation concluded, else the claimant may apply for arbitration",
         Deadline::CalendarDays(15), "劳动争议调解仲裁法 第十四条"},
        {"acceptance", "the application accepted or refused", Deadline::WorkingDays(5),
         "劳动争议调解仲裁法 第二十九条"},
        {"tribunal", "the tribunal's composition notified to the parties", Deadline::WorkingDays(5),
         "劳动争议调解仲裁法 第三十二条"},
        {"defence", "the respondent's defence after service of the copy", Deadline::WorkingDays(10),
         "劳动争议调解仲裁法 第三十条"},
        {"hearing_notice", "the parties notified of the hearing before it",
         Deadline::WorkingDays(5), "劳动争议调解仲裁法 第三十三条"},
        {"award", "the award after acceptance (plus one extension of at most 15 days)",
         Deadline::CalendarDaysEndingOnWorkingDay(45), "劳动争议调解仲裁法 第四十三条"},
    };
    return rules;
}

const ClockRule& DisputeClock(std::string_view name) {
    const auto& rules = DisputeClocks();
    auto it = std::find_if(rules.begin(), rules.end(),
                           [&](const ClockRule& r) { return r.name == name; });
    return *it;  // callers name rules of this table
}

}  // namespace xfl::domain
