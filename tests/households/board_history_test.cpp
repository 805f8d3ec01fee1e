// The zero-employment board at past moments: figures summed from the board's steps against a
// reading of every episode, for random histories with back-dated flags, plans dated before
// their flag or after the clearing, and moments on the day of a change.
#include <algorithm>
#include <catch2/catch.hpp>
#include <limits>

#include "support/household_history.hpp"
#include "xfl/domain/households/household.hpp"
#include "xfl/domain/kernel/json_payload.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/projections/households/households.hpp"

using namespace xfl;
using namespace xfl::projections;
using namespace xfl::testing;

namespace {

std::int64_t DayOf(const std::string& date) { return *domain::ParseDate(date, "date"); }

// The figures as the board read them before it kept steps: every episode of the region,
// judged at the moment by its recorded times and dates.
BoardSummary ReadEveryEpisode(const StateView& board, const domain::RegionCode& region,
                              std::optional<std::int64_t> as_of_us, std::int64_t day) {
    const std::int64_t at = as_of_us.value_or(std::numeric_limits<std::int64_t>::max());
    BoardSummary sum;
    for (auto list : {EpisodeList::kOpen, EpisodeList::kCleared}) {
        ScanZeroEmployment(
            board, list, region.SignificantPrefix(), {},
            [&](const std::string&, const ZeroEmploymentEpisode& ep) {
                const std::int64_t since = DayOf(ep.since);
                if (ep.flagged_at_us > at || since > day) return true;
                if (ep.cleared_at_us != 0 && ep.cleared_at_us <= at && DayOf(ep.cleared) <= day) {
                    ++sum.cleared;
                    sum.days_to_clear += DayOf(ep.cleared) - since;
                    return true;
                }
                const bool planned = !ep.plan_opened.empty() && ep.plan_recorded_at_us <= at &&
                                     DayOf(ep.plan_opened) <= day;
                const auto late =
                    domain::ZeroEmploymentLate(since, planned, day, domain::kZeroEmploymentPolicy);
                ++sum.open;
                sum.backdated_open += domain::ChinaDay(ep.flagged_at_us) > since;
                sum.plan_overdue += late.plan;
                sum.clear_overdue += late.clear;
                sum.overdue += late.any();
                return true;
            });
    }
    return sum;
}

void RequireEqual(const BoardSummary& got, const BoardSummary& want) {
    CHECK(got.open == want.open);
    CHECK(got.backdated_open == want.backdated_open);
    CHECK(got.plan_overdue == want.plan_overdue);
    CHECK(got.clear_overdue == want.clear_overdue);
    CHECK(got.overdue == want.overdue);
    CHECK(got.cleared == want.cleared);
    CHECK(got.days_to_clear == want.days_to_clear);
}

}  // namespace

TEST_CASE("the board at any past moment sums its steps to what every episode says") {
    const unsigned seed = GENERATE(1u, 2u, 3u, 4u);
    INFO("seed " << seed);
    Draw uniform(seed);
    const std::vector<std::string> villages = {"530502001001", "530502001002", "530502002001",
                                               "530523100201"};
    const std::int64_t first_day = domain::DaysFromCivil(2024, 11, 20);
    std::vector<HouseholdEvent> changes;
    std::int64_t last_us = 0;
    for (int h = 0; h < 60; ++h) {
        const std::string household = "h" + std::to_string(h);
        const std::string& village = villages[static_cast<std::size_t>(h) % villages.size()];
        std::int64_t t = StartOfChinaDay(first_day) + uniform(0, 20 * kDayUs);
        changes.push_back(
            {household, t, std::string(domain::HouseholdRegistered::kType),
             domain::ToJsonPayload(domain::HouseholdRegistered{household, village, "", ""})});
        for (int episode = 0; episode < 4; ++episode) {
            t += uniform(kDayUs / 2, 90 * kDayUs);
            const std::int64_t flagged_day = domain::ChinaDay(t);
            const std::int64_t since =
                uniform(0, 3) == 0 ? flagged_day - uniform(1, 45) : flagged_day;
            changes.push_back({household, t, std::string(domain::ZeroEmploymentFlagged::kType),
                               domain::ToJsonPayload(domain::ZeroEmploymentFlagged{
                                   domain::FormatDate(since), "visit:v"})});
            if (uniform(0, 9) < 6) {
                t += uniform(1, 12 * kDayUs);
                domain::PlanOpened plan{"p" + std::to_string(episode),
                                        "w",
                                        domain::FormatDate(domain::ChinaDay(t) - uniform(0, 20)),
                                        {}};
                changes.push_back({household, t, std::string(domain::PlanOpened::kType),
                                   domain::ToJsonPayload(plan)});
            }
            if (uniform(0, 9) < 7) {
                t += uniform(1, 60 * kDayUs);
                domain::ZeroEmploymentCleared cleared{
                    domain::FormatDate(domain::ChinaDay(t) - uniform(0, 25)), "member_employed",
                    "visit:v"};
                changes.push_back({household, t, std::string(domain::ZeroEmploymentCleared::kType),
                                   domain::ToJsonPayload(cleared)});
            } else {
                break;  // still open
            }
        }
        last_us = std::max(last_us, t);
    }
    MemoryState state;
    auto board = MakeZeroEmploymentBoardProjection();
    ApplyInLogOrder(changes, *board, state);
    std::vector<domain::RegionCode> regions = VillageAndAbove(villages[0]);
    for (const auto& region : VillageAndAbove(villages[3])) regions.push_back(region);
    const std::int64_t last_day = domain::ChinaDay(last_us);
    for (int moment = 0; moment < 300; ++moment) {
        std::optional<std::int64_t> as_of;
        if (moment % 3 != 0) {
            // Often the very instant of a change or just before it, to find the day's edge.
            const HouseholdEvent& near = changes[static_cast<std::size_t>(
                uniform(0, static_cast<std::int64_t>(changes.size()) - 1))];
            // Or any instant, up to weeks after the last change: its day's steps are then
            // not yet in the buckets of its month and year.
            as_of = moment % 3 == 1
                        ? near.at_us - uniform(0, 1)
                        : uniform(StartOfChinaDay(first_day) - kDayUs, last_us + 45 * kDayUs);
        }
        const std::int64_t day = moment % 2 == 0 && as_of ? domain::ChinaDay(*as_of)
                                                          : uniform(first_day - 60, last_day + 60);
        for (const auto& region : regions) {
            INFO("region " << region.str() << " as_of " << (as_of ? std::to_string(*as_of) : "-")
                           << " day " << domain::FormatDate(day));
            RequireEqual(SummariseZeroEmploymentAt(state, region, as_of, day),
                         ReadEveryEpisode(state, region, as_of, day));
        }
    }
    // Everything recorded, on the present day: the present counters.
    for (const auto& region : regions) {
        RequireEqual(
            SummariseZeroEmploymentAt(state, region, std::nullopt, last_day),
            SummariseZeroEmployment(state, region.str(), last_day, domain::kZeroEmploymentPolicy));
    }
}
