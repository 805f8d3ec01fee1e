// Labour-force statistics: counts of active household members by sex, education, register
// category, employment status, skill and birth year, per village. Present counts are kept as
// counters; each day's changes are kept per village too, so a past date sums the changes up to
// it. Age bands are computed at query time from birth years (age = year of the date - birth year).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "xfl/projections/projection.hpp"

namespace xfl::projections {

inline constexpr std::string_view kLabourStats = "labour_stats";

std::unique_ptr<Projection> MakeLabourStatsProjection();

// dimension ("sex", "education", "category", "status", "skill", "age_band") -> value -> count
using LabourCounts = std::map<std::string, std::map<std::string, std::int64_t>>;

// Counts for villages whose code starts with `region_prefix`: now, or at the end of
// `as_of_day` (days since 1970-01-01, China time) when given.
LabourCounts CountLabourForce(const StateView& stats, std::string_view region_prefix,
                              std::optional<std::int64_t> as_of_day, std::int64_t today);

}  // namespace xfl::projections
