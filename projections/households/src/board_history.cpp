#include "board_history.hpp"

#include <algorithm>
#include <array>
#include <map>

#include "recorded_steps.hpp"
#include "xfl/domain/kernel/deadline.hpp"
#include "xfl/domain/kernel/region_code.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/projections/core/delimited.hpp"
#include "xfl/projections/core/region_counters.hpp"
#include "xfl/projections/core/tally.hpp"

namespace xfl::projections {
namespace {

// Keys (beside the board's own): the steps by recording day under "k" (recorded_steps.hpp);
// "q/<day>/<village>/<recorded at>/<household>/<version>" → one change's steps, named
// "<from day>/<figure>": the changes recorded on a day, to the microsecond.
enum Figure : std::size_t {
    kOpen,
    kBackdatedOpen,
    kPlanOverdue,
    kClearOverdue,
    kOverdue,
    kCleared,
    kDaysToClear,
    kFigures
};
constexpr std::array<std::string_view, kFigures> kFigureNames = {"o", "b", "p", "c", "v", "n", "d"};

std::optional<std::size_t> FigureNamed(std::string_view name) {
    const auto* at = std::find(kFigureNames.begin(), kFigureNames.end(), name);
    if (at == kFigureNames.end()) return std::nullopt;
    return static_cast<std::size_t>(at - kFigureNames.begin());
}

using Figures = std::array<std::int64_t, kFigures>;
using Steps = std::map<std::int64_t, Figures>;  // from day → deltas

// A date as recorded; 0 when it does not parse (the board's own rule).
std::int64_t DayOf(std::string_view date) { return domain::DayOr(date, 0); }

enum class Phase { kOpenUnplanned, kOpenPlanned, kCleared };

// Adds `sign` times what an episode in `phase` adds to each figure, from business day `from`.
void AddPhase(Steps& steps, const ZeroEmploymentEpisode& ep, Phase phase, std::int64_t from,
              int sign, const domain::ZeroEmploymentPolicy& policy) {
    const std::int64_t since = DayOf(ep.since);
    const auto add = [&](Figure figure, std::int64_t first_day, std::int64_t amount) {
        steps[std::max(from, first_day)][figure] += sign * amount;
    };
    if (phase == Phase::kCleared) {
        add(kCleared, from, 1);
        add(kDaysToClear, from, DayOf(ep.cleared) - since);
        return;
    }
    const auto due = domain::ZeroEmploymentDue(since, policy);
    const std::int64_t plan_late = domain::FirstOverdueDay(due.plan_due);
    const std::int64_t clear_late = domain::FirstOverdueDay(due.clear_due);
    add(kOpen, from, 1);
    if (domain::ChinaDay(ep.flagged_at_us) > since) add(kBackdatedOpen, from, 1);
    add(kClearOverdue, clear_late, 1);
    if (phase == Phase::kOpenUnplanned) {
        add(kPlanOverdue, plan_late, 1);
        add(kOverdue, std::min(plan_late, clear_late), 1);
    } else {
        add(kOverdue, clear_late, 1);
    }
}

// The steps of one change. A plan or clearing dated before the flag counts from the flag's
// day, as the board reads an episode only once it is flagged.
Steps StepsOf(const ZeroEmploymentEpisode& ep, BoardChange change,
              const domain::ZeroEmploymentPolicy& policy) {
    Steps steps;
    const std::int64_t since = DayOf(ep.since);
    const std::int64_t planned = std::max(since, DayOf(ep.plan_opened));
    switch (change) {
        case BoardChange::kFlagged:
            AddPhase(steps, ep, Phase::kOpenUnplanned, since, +1, policy);
            break;
        case BoardChange::kPlanned:
            AddPhase(steps, ep, Phase::kOpenUnplanned, planned, -1, policy);
            AddPhase(steps, ep, Phase::kOpenPlanned, planned, +1, policy);
            break;
        case BoardChange::kCleared: {
            const std::int64_t cleared = std::max(since, DayOf(ep.cleared));
            AddPhase(steps, ep, Phase::kOpenUnplanned, cleared, -1, policy);
            if (!ep.plan_opened.empty()) {
                const std::int64_t both = std::max(planned, cleared);
                AddPhase(steps, ep, Phase::kOpenUnplanned, both, +1, policy);
                AddPhase(steps, ep, Phase::kOpenPlanned, both, -1, policy);
            }
            AddPhase(steps, ep, Phase::kCleared, cleared, +1, policy);
            break;
        }
    }
    return steps;
}

}  // namespace

void RecordBoardSteps(StateWriter& state, const ZeroEmploymentEpisode& episode, BoardChange change,
                      std::int64_t recorded_at_us, std::uint64_t version,
                      const domain::ZeroEmploymentPolicy& policy) {
    const std::int64_t day = domain::ChinaDay(recorded_at_us);
    const Steps steps = StepsOf(episode, change, policy);
    Tally change_steps;       // "<from day>/<figure>" → delta
    DatedSteps figure_steps;  // from day → figure → delta
    for (const auto& [from, figures] : steps) {
        for (std::size_t f = 0; f < kFigures; ++f) {
            if (figures[f] == 0) continue;
            change_steps[Digits(from, 8) + "/" + std::string(kFigureNames[f])] = figures[f];
            figure_steps[from][std::string(kFigureNames[f])] = figures[f];
        }
    }
    AddRecordedSteps(state, "k", episode.region, day, std::move(figure_steps));
    state.Put("q/" + Digits(day, 8) + "/" + episode.region + "/" + Digits(recorded_at_us, 20) +
                  "/" + episode.household_id + "/" + Digits(static_cast<std::int64_t>(version), 20),
              EncodeTally(change_steps));
}

BoardSummary SummariseZeroEmploymentAt(const StateView& board, const domain::RegionCode& region,
                                       std::optional<std::int64_t> as_of_us, std::int64_t day) {
    Figures sum{};
    const auto add_tally = [&](std::string_view tally) {
        const bool ok = ForEachInTally(tally, [&](std::string_view name, std::int64_t count) {
            if (auto f = FigureNamed(name)) sum[*f] += count;
        });
        if (!ok) throw std::runtime_error("corrupt board history entry");
    };
    const std::optional<std::int64_t> as_of_day =
        as_of_us ? std::optional(domain::ChinaDay(*as_of_us)) : std::nullopt;
    ScanRecordedSteps(board, "k", region.str(), day, as_of_day, add_tally);
    if (as_of_us) {
        // The day of as_of itself, change by change up to the instant.
        board.Scan("q/" + Digits(*as_of_day, 8) + "/" + std::string(region.SignificantPrefix()),
                   [&](std::string_view key, std::string_view value) {
                       // key: q/<day>/<village>/<recorded at>/<household>/<version>
                       constexpr std::size_t kRecordedAt = 2 + 8 + 1 + 12 + 1;
                       if (ParseInt(key.substr(kRecordedAt, 20)) > *as_of_us) return true;
                       const bool ok =
                           ForEachInTally(value, [&](std::string_view name, std::int64_t count) {
                               if (ParseInt(name.substr(0, 8)) > day) return;
                               if (auto f = FigureNamed(name.substr(9))) sum[*f] += count;
                           });
                       if (!ok) throw std::runtime_error("corrupt board history entry");
                       return true;
                   });
    }
    BoardSummary out;
    out.open = sum[kOpen];
    out.backdated_open = sum[kBackdatedOpen];
    out.plan_overdue = sum[kPlanOverdue];
    out.clear_overdue = sum[kClearOverdue];
    out.overdue = sum[kOverdue];
    out.cleared = sum[kCleared];
    out.days_to_clear = sum[kDaysToClear];
    return out;
}

}  // namespace xfl::projections
