// log_stats: how many events of each type the log holds (for /metrics and operators).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "xfl/projections/core/projection.hpp"

namespace xfl::projections {

std::unique_ptr<Projection> MakeLogStatsProjection();

// Reads the counts from the projection's committed state.
std::map<std::string, std::uint64_t> ReadEventCounts(const StateView& log_stats);

}  // namespace xfl::projections
