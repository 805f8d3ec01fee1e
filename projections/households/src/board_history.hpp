// Private: the zero-employment board's figures at any past moment, kept as steps so that a
// past board is a sum of a few hundred keys rather than a read of every episode.
//
// A moment is an instant `at` (what had been recorded by then) and a business day `day` (what
// the recorded dates say was true on it). An episode at a moment is unflagged, open without a
// plan, open with one, or cleared; each phase's indicator is a sum of "recorded by `at` and
// dated on or before `day`" terms (open without a plan = [flag] - [plan] - [clearing] + [plan
// and clearing]), and what a phase adds to a figure changes only on known days (the plan's
// limit passes, the clearing's). So every change of an episode is a set of steps: `delta` to a
// figure, for moments recorded at or after the change and business days from `from` on. A
// figure at (at, day) is the sum of the steps recorded by `at` with `from` <= day.
#pragma once

#include <cstdint>
#include <string>

#include "xfl/domain/households/household.hpp"
#include "xfl/projections/core/projection.hpp"
#include "xfl/projections/households/households.hpp"

namespace xfl::projections {

enum class BoardChange { kFlagged, kPlanned, kCleared };

// Records the steps of `change` to `episode` (as it is after the change), recorded at
// `recorded_at_us` by the household stream's event `version`.
void RecordBoardSteps(StateWriter& state, const ZeroEmploymentEpisode& episode, BoardChange change,
                      std::int64_t recorded_at_us, std::uint64_t version,
                      const domain::ZeroEmploymentPolicy& policy);

}  // namespace xfl::projections
