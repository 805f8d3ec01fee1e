#include "recorded_steps.hpp"

#include <array>
#include <cstdio>
#include <limits>
#include <tuple>
#include <vector>

#include "xfl/domain/kernel/time.hpp"
#include "xfl/projections/core/delimited.hpp"
#include "xfl/projections/core/region_counters.hpp"

namespace xfl::projections {
namespace {

constexpr std::size_t kRegionDigits = 12;
constexpr std::int64_t kNoDay = std::numeric_limits<std::int64_t>::min();

// The day whose steps are not yet rolled up; kNoDay before the first step.
std::int64_t OpenDay(const StateView& view, std::string_view space) {
    const auto last = view.Get(std::string(space) + "/last");
    return last ? ParseInt(*last) : kNoDay;
}

std::string DayPrefix(std::string_view space, std::int64_t day) {
    return std::string(space) + "/D" + Digits(day, 8) + "/";
}

// The buckets longer than a day that hold what was recorded on `day`.
std::array<std::string, 3> LongerBuckets(std::int64_t day) {
    const auto civil = domain::CivilFromDays(day);
    return {"A", "Y" + Digits(civil.year, 4), "M" + Digits(civil.year * 100 + civil.month, 6)};
}

std::string LongerKey(std::string_view space, std::string_view region, std::string_view bucket,
                      std::string_view from) {
    std::string key(space);
    key += '/';
    key += region;
    key += '/';
    key += bucket;
    key += '/';
    key += from;
    return key;
}

// Adds the steps of `day`, every region's, to its longer buckets.
void RollUp(StateWriter& state, std::string_view space, std::int64_t day) {
    const std::string prefix = DayPrefix(space, day);
    std::vector<std::tuple<std::string, std::string, Tally>> found;  // region, from day, steps
    state.Scan(prefix, [&](std::string_view key, std::string_view value) {
        auto tally = DecodeTally(value);
        if (!tally) throw std::runtime_error("corrupt steps " + std::string(key));
        found.emplace_back(key.substr(prefix.size(), kRegionDigits), key.substr(key.size() - 8),
                           std::move(*tally));
        return true;
    });
    const auto buckets = LongerBuckets(day);
    for (const auto& [region, from, steps] : found) {
        for (const auto& bucket : buckets) {
            state.AddToTally(LongerKey(space, region, bucket, from), steps);
        }
    }
}

// The bucket's keys under `prefix` come in order of their from day.
void ScanThrough(const StateView& view, const std::string& prefix, std::int64_t through,
                 const std::function<void(std::string_view)>& visit) {
    view.Scan(prefix, [&](std::string_view key, std::string_view value) {
        if (ParseInt(key.substr(key.size() - 8)) > through) return false;
        visit(value);
        return true;
    });
}

}  // namespace

std::string Digits(std::int64_t n, int width) {
    char out[24];
    std::snprintf(out, sizeof out, "%0*lld", width, static_cast<long long>(n));
    return out;
}

void AddRecordedSteps(StateWriter& state, std::string_view space, const std::string& village,
                      std::int64_t recorded_day, DatedSteps steps) {
    // What cancels out (a change undone within one event) writes nothing.
    for (auto& [from, changes] : steps) {
        std::erase_if(changes, [](const auto& change) { return change.second == 0; });
    }
    std::erase_if(steps, [](const auto& step) { return step.second.empty(); });
    if (steps.empty()) return;
    const std::int64_t open_day = OpenDay(state, space);
    if (recorded_day > open_day) {
        if (open_day != kNoDay) RollUp(state, space, open_day);
        state.Put(std::string(space) + "/last", std::to_string(recorded_day));
    }
    // A day already rolled up (an entry in error takes back steps of days past) gets its
    // longer buckets written at once.
    const bool rolled = recorded_day < open_day;
    const std::string day_prefix = DayPrefix(space, recorded_day);
    const auto buckets = LongerBuckets(recorded_day);
    ForEveryLevel(village, [&](const std::string& region) {
        for (const auto& [from, changes] : steps) {
            const std::string from_day = Digits(from, 8);
            state.AddToTally(day_prefix + region + "/" + from_day, changes);
            if (!rolled) continue;
            for (const auto& bucket : buckets) {
                state.AddToTally(LongerKey(space, region, bucket, from_day), changes);
            }
        }
    });
}

void ScanRecordedSteps(const StateView& view, std::string_view space, const std::string& region,
                       std::int64_t through, std::optional<std::int64_t> recorded_before,
                       const std::function<void(std::string_view)>& visit) {
    const std::int64_t open_day = OpenDay(view, space);
    const std::string region_prefix = std::string(space) + "/" + region + "/";
    const auto scan_day = [&](std::int64_t day) {
        ScanThrough(view, DayPrefix(space, day) + region + "/", through, visit);
    };
    if (!recorded_before) {
        ScanThrough(view, region_prefix + "A/", through, visit);
        if (open_day != kNoDay) scan_day(open_day);
        return;
    }
    const auto civil = domain::CivilFromDays(*recorded_before);
    // Years before the one of the day: one scan over their buckets, which come in year order.
    view.Scan(region_prefix + "Y", [&](std::string_view key, std::string_view value) {
        if (ParseInt(key.substr(region_prefix.size() + 1, 4)) >= civil.year) return false;
        if (ParseInt(key.substr(key.size() - 8)) <= through) visit(value);
        return true;
    });
    for (unsigned month = 1; month < civil.month; ++month) {
        ScanThrough(view, region_prefix + "M" + Digits(civil.year * 100 + month, 6) + "/", through,
                    visit);
    }
    const std::int64_t month_start = domain::DaysFromCivil(civil.year, civil.month, 1);
    for (std::int64_t d = month_start; d < *recorded_before; ++d) scan_day(d);
    // A day before this month not yet rolled up into the years' and months' buckets read.
    if (open_day != kNoDay && open_day < month_start) scan_day(open_day);
}

}  // namespace xfl::projections
