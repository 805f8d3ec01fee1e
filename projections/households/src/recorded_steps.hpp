// Private: figures kept as steps, so that a figure at any past moment is a sum of a few hundred
// keys. A step is a delta that counts for what was recorded from its recording day on and for
// business days from its from day on. Steps are summed per region in buckets by recording day:
// "A" (recorded ever), "Y<yyyy>", "M<yyyymm>" and "D<day>" (recorded in that year, month, day),
// so what was recorded before a day is at most a few years', eleven months' and thirty days'
// buckets, each read up to the business day asked.
//
// Keys, under a projection's `space`: "<space>/D<day>/<region>/<from day>" for a day's steps and
// "<space>/<region>/<A|Y…|M…>/<from day>" for the longer buckets, each a tally of named deltas.
// A day's steps go to its day bucket only, and are rolled up into the longer buckets once, when
// the first step of a later day comes ("<space>/last" names the day not yet rolled up): one write
// per step instead of four, as most steps come on the day they are recorded.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "xfl/projections/core/projection.hpp"
#include "xfl/projections/core/tally.hpp"

namespace xfl::projections {

// `n` in decimal, zero-padded to `width` digits.
std::string Digits(std::int64_t n, int width);

using DatedSteps = std::map<std::int64_t, Tally>;  // from day → name → delta

// Adds `steps`, recorded on `recorded_day` (days since 1970-01-01, China time), for `village`
// and every region above it; changes of zero are left out.
void AddRecordedSteps(StateWriter& state, std::string_view space, const std::string& village,
                      std::int64_t recorded_day, DatedSteps steps);

// Visits every tally of the steps of `region` (12-digit code) that count on business day
// `through`: of everything recorded (`recorded_before` absent), or of what was recorded before
// the day `recorded_before`.
void ScanRecordedSteps(const StateView& view, std::string_view space, const std::string& region,
                       std::int64_t through, std::optional<std::int64_t> recorded_before,
                       const std::function<void(std::string_view)>& visit);

}  // namespace xfl::projections
