#include "recorded_steps.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <limits>
#include <tuple>
#include <vector>

#include "xfl/domain/kernel/time.hpp"
#include "xfl/projections/core/delimited.hpp"
#include "xfl/projections/core/region_counters.hpp"

namespace xfl::projections {

std::string Digits(std::int64_t n, int width) {
    char out[24];
    std::snprintf(out, sizeof out, "%0*lld", width, static_cast<long long>(n));
    return out;
}

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

// Writes steps (without zeros) of regions, recorded on `day`; none when `steps` is empty.
class DayWriter {
  public:
    DayWriter(StateWriter& state, std::string_view space, std::int64_t day)
        : state_(state),
          space_(space),
          day_prefix_(DayPrefix(space, day)),
          buckets_(LongerBuckets(day)) {
        const std::int64_t open_day = OpenDay(state, space);
        if (day > open_day) {
            if (open_day != kNoDay) RollUp(state, space, open_day);
            state.Put(std::string(space) + "/last", std::to_string(day));
        }
        // A day already rolled up (an entry in error takes back steps of days past) gets its
        // longer buckets written at once.
        rolled_ = day < open_day;
    }

    void Add(const std::string& region, std::int64_t from, const Tally& changes) {
        const std::string from_day = Digits(from, 8);
        state_.AddToTally(day_prefix_ + region + "/" + from_day, changes);
        if (!rolled_) return;
        for (const auto& bucket : buckets_) {
            state_.AddToTally(LongerKey(space_, region, bucket, from_day), changes);
        }
    }

  private:
    StateWriter& state_;
    std::string_view space_;
    std::string day_prefix_;
    std::array<std::string, 3> buckets_;
    bool rolled_ = false;
};

}  // namespace

void AddRecordedSteps(StateWriter& state, std::string_view space, const std::string& village,
                      std::int64_t recorded_day, DatedSteps steps) {
    // What cancels out (a change undone within one event) writes nothing.
    for (auto& [from, changes] : steps) {
        std::erase_if(changes, [](const auto& change) { return change.second == 0; });
    }
    std::erase_if(steps, [](const auto& step) { return step.second.empty(); });
    if (steps.empty()) return;
    DayWriter day(state, space, recorded_day);
    ForEveryLevel(village, [&](const std::string& region) {
        for (const auto& [from, changes] : steps) day.Add(region, from, changes);
    });
}

std::uint32_t GatheredSteps::Numbering::Of(std::string_view text) {
    if (auto it = numbers_.find(text); it != numbers_.end()) return it->second;
    const auto n = static_cast<std::uint32_t>(texts_.size());
    texts_.emplace_back(text);
    numbers_.emplace(texts_.back(), n);
    return n;
}

void GatheredSteps::Add(StateWriter& state, const std::string& village, std::int64_t recorded_day,
                        std::int64_t from, const Tally& changes) {
    if (day_ && *day_ != recorded_day) Write(state);
    day_ = recorded_day;
    const std::uint32_t v = villages_.Of(village);
    for (const auto& [name, delta] : changes) {
        if (delta != 0) deltas_[{v, names_.Of(name), from}] += delta;
    }
    if (deltas_.size() >= kMostHeld) Write(state);
}

void GatheredSteps::Add(StateWriter& state, const std::string& village, std::int64_t recorded_day,
                        const DatedSteps& steps) {
    for (const auto& [from, changes] : steps) Add(state, village, recorded_day, from, changes);
}

const std::vector<std::uint32_t>& GatheredSteps::Levels(std::uint32_t village) {
    if (village >= levels_.size()) levels_.resize(village + 1);
    std::vector<std::uint32_t>& levels = levels_[village];
    if (levels.empty()) {
        ForEveryLevel(villages_.Text(village),
                      [&](const std::string& region) { levels.push_back(regions_.Of(region)); });
    }
    return levels;
}

void GatheredSteps::Write(StateWriter& state) {
    if (!day_) return;  // nothing held
    // Each village's steps added to its region at every level, then written a key at a time.
    std::unordered_map<Key, std::int64_t, KeyHash> sums;
    for (const auto& [key, delta] : deltas_) {
        if (delta == 0) continue;
        for (const std::uint32_t region : Levels(key.region)) {
            sums[{region, key.name, key.from}] += delta;
        }
    }
    deltas_.clear();
    const std::int64_t recorded_day = *day_;
    day_.reset();
    std::vector<std::pair<Key, std::int64_t>> sorted;
    sorted.reserve(sums.size());
    for (const auto& [key, delta] : sums) {
        if (delta != 0) sorted.emplace_back(key, delta);
    }
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
        return std::tie(a.first.region, a.first.from) < std::tie(b.first.region, b.first.from);
    });
    if (!sorted.empty()) {
        DayWriter day(state, space_, recorded_day);
        for (auto group = sorted.begin(); group != sorted.end();) {
            Tally changes;
            auto it = group;
            for (; it != sorted.end() && it->first.region == group->first.region &&
                   it->first.from == group->first.from;
                 ++it) {
                changes.emplace(names_.Text(it->first.name), it->second);
            }
            day.Add(regions_.Text(group->first.region), group->first.from, changes);
            group = it;
        }
    }
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
