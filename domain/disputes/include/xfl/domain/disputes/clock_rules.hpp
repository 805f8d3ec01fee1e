// Which statutory limit of a wage dispute counts which way, each with its source: one table
// that both the decisions (may this step be taken now?) and the clocks (when is it due?) read.
#pragma once

#include <string_view>
#include <vector>

#include "xfl/domain/kernel/deadline.hpp"

namespace xfl::domain {

struct ClockRule {
    std::string_view name;    // limitation, mediation, acceptance, tribunal, defence, award …
    std::string_view counts;  // what the limit is for, in a phrase
    Deadline limit;
    std::string_view source;  // the article that sets it
};

// Labour Dispute Mediation and Arbitration Law (劳动争议调解仲裁法, 2007) and the Rules for
// Handling Labour and Personnel Dispute Arbitration Cases (劳动人事争议仲裁办案规则, 2017):
// the 3-, 5- and 10-day limits count working days, the 15- and 45-day limits calendar days, and
// a calendar-day limit that ends on a day off moves to the next working day.
const std::vector<ClockRule>& DisputeClocks();
// The rule named (one of the table's names; any other is a programming error).
const ClockRule& DisputeClock(std::string_view name);

// An award limit is extended once, by at most this many days (Art. 43).
inline constexpr int kMaxAwardExtensionDays = 15;

}  // namespace xfl::domain
