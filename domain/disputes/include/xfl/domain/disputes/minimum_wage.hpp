// The local minimum monthly wage (最低工资标准) the small-claims rule is measured against: set by
// the province and kept by admins as events, each amount with the day it takes effect and the
// notice it comes from.
#pragma once

#include <cereal/types/string.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "xfl/domain/kernel/event_codec.hpp"
#include "xfl/domain/kernel/event_type.hpp"
#include "xfl/domain/kernel/json_payload.hpp"

namespace xfl::domain {

struct MinimumWageSet {
    static constexpr std::string_view kType = "minimum_wage.set";
    std::string effective_from, source;  // source: the provincial notice (文号)
    std::int64_t monthly_fen = 0;
    XFL_FIELDS(CEREAL_NVP(effective_from), CEREAL_NVP(source), CEREAL_NVP(monthly_fen))
};

struct MinimumWages {
    std::vector<MinimumWageSet> amounts;  // in the order set
    // The amount in force on `day`: the latest effective on or before it.
    std::optional<MinimumWageSet> InForce(std::int64_t day) const;
};

MinimumWages Evolve(MinimumWages s, const MinimumWageSet& e);
Status ApplyMinimumWageEvent(MinimumWages& state, const StoredEvent& event);
// A positive whole amount of fen, a valid date not already set, a source named.
Result<std::vector<std::variant<MinimumWageSet>>> DecideSetMinimumWage(const MinimumWages& s,
                                                                       MinimumWageSet e);

// The city's one list.
inline constexpr StreamKind kMinimumWageStreams{"minimum-wage-"};
inline constexpr std::string_view kMinimumWageListId = "baoshan";

}  // namespace xfl::domain
