// Labour-force statistics: counts of active household members by sex, education, register
// category, employment status, skill and birth year, kept for every region (village up to the
// city). Counts as recorded (now, or as of a past day) and by business date (valid on a day) are
// both kept as steps summed in buckets by the day they were recorded, so either is a sum of a
// few dozen keys. Age bands are computed at query time from birth years (age = year of the date
// - birth year).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "xfl/projections/core/projection.hpp"

namespace xfl::projections {

inline constexpr std::string_view kLabourStats = "labour_stats";

std::unique_ptr<Projection> MakeLabourStatsProjection();

// dimension ("sex", "education", "category", "status", "skill", "age_band") -> value -> count
using LabourCounts = std::map<std::string, std::map<std::string, std::int64_t>>;

// Counts for a region (12-digit code): now, or at the end of `as_of_day` (days since
// 1970-01-01, China time) when given.
LabourCounts CountLabourForce(const StateView& stats, std::string_view region,
                              std::optional<std::int64_t> as_of_day, std::int64_t today);
// Counts by business dates: the people of a region (12-digit code) as they were on `valid_on` by
// the dates reported (a survey's date, a departure's), each person from their first dated entry;
// known by the end of `as_of_day` when given. Each entry of a person's timeline adds what it
// changes as steps by the day they count from, kept by the day it was recorded, so the counts are
// a sum of at most a few dozen buckets' steps whatever the number of people.
LabourCounts CountLabourForceValidOn(const StateView& stats, std::string_view region,
                                     std::int64_t valid_on, std::optional<std::int64_t> as_of_day,
                                     std::int64_t today);

}  // namespace xfl::projections
