// Private: how every household decision derives the zero-employment flag.
#pragma once

#include <string>
#include <vector>

#include "xfl/domain/households/household.hpp"

namespace xfl::domain {

// The command's events, with a flag or a clearing appended when they change the
// zero-employment condition on `day`; `cause` names what did it ("visit:v…").
std::vector<HouseholdEvent> WithZeroEmploymentChange(const HouseholdState& before,
                                                     std::vector<HouseholdEvent> events,
                                                     std::int64_t day,
                                                     const ZeroEmploymentPolicy& p,
                                                     const std::string& cause);

}  // namespace xfl::domain
