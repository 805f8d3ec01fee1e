// Private: the daily review of flagged households, for what time alone changes.
#pragma once

#include "core.hpp"

namespace xfl::api {

// Derives the flag of every flagged household again on the day of `now_us` and appends
// the clearings that time alone brings (a last seeker leaving working age). Each clearing has a
// fixed command id per household and day, so several nodes or a rerun append it once. Returns
// how many households were cleared; a household changed meanwhile is left for the next run.
Result<std::size_t> ReviewZeroEmployment(Services& services, std::int64_t now_us,
                                         const eventstore::Actor& actor);

}  // namespace xfl::api
