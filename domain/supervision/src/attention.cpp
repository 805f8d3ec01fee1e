#include "xfl/domain/supervision/attention.hpp"

#include <algorithm>
#include <map>

#include "xfl/domain/kernel/time.hpp"

namespace xfl::domain {
namespace {

constexpr std::int64_t kMicrosPerMinute = 60'000'000;

std::string TwoDigits(std::int64_t n) { return (n < 10 ? "0" : "") + std::to_string(n); }

}  // namespace

std::vector<AttentionFlag> AttentionFlags(const EntryFacts& entry, const AttentionRules& rules,
                                          const std::function<bool(std::int64_t)>& working_day,
                                          bool in_burst) {
    std::vector<AttentionFlag> flags;
    if (entry.correction) flags.push_back({"correction", "corrects an earlier entry"});
    const std::int64_t recorded_day = ChinaDay(entry.recorded_at_us);
    if (!entry.business_date.empty()) {
        const std::int64_t dated = DayOr(entry.business_date, recorded_day);
        if (recorded_day - dated > rules.backdated_days) {
            flags.push_back({"backdated", "dated " + entry.business_date + ", recorded " +
                                              std::to_string(recorded_day - dated) +
                                              " days later"});
        }
    }
    // China Standard Time is UTC+8 all year.
    const std::int64_t minute = (entry.recorded_at_us / kMicrosPerMinute + 8 * 60) % (24 * 60);
    const std::string at =
        FormatDate(recorded_day) + " " + TwoDigits(minute / 60) + ":" + TwoDigits(minute % 60);
    if (!working_day(recorded_day)) {
        flags.push_back({"after_hours", "recorded on a rest day (" + at + ")"});
    } else if (minute < rules.work_starts_hour * 60 || minute >= rules.work_ends_hour * 60) {
        flags.push_back({"after_hours", "recorded at " + at + ", outside " +
                                            TwoDigits(rules.work_starts_hour) + ":00–" +
                                            TwoDigits(rules.work_ends_hour) + ":00"});
    }
    for (const PendingLimit& limit : entry.pending_limits) {
        const std::int64_t late = recorded_day - limit.due;
        if (late > 0 && late <= rules.after_deadline_days) {
            flags.push_back({"after_deadline", "recorded " + std::to_string(late) +
                                                   " days after the " + limit.name + " (due " +
                                                   FormatDate(limit.due) + ") passed unmet"});
        }
    }
    if (in_burst) {
        flags.push_back({"burst", "one of " + std::to_string(rules.burst_count) +
                                      " or more entries by " + entry.user + " within " +
                                      std::to_string(rules.burst_minutes) + " minutes"});
    }
    return flags;
}

std::vector<bool> InBursts(const std::vector<EntryFacts>& entries, const AttentionRules& rules) {
    std::vector<bool> marked(entries.size(), false);
    std::map<std::string, std::vector<std::size_t>> by_user;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (!entries[i].by_server) by_user[entries[i].user].push_back(i);
    }
    const std::int64_t window = rules.burst_minutes * kMicrosPerMinute;
    for (auto& [user, at] : by_user) {
        std::stable_sort(at.begin(), at.end(), [&](std::size_t a, std::size_t b) {
            return entries[a].recorded_at_us < entries[b].recorded_at_us;
        });
        std::size_t first = 0;
        for (std::size_t last = 0; last < at.size(); ++last) {
            while (entries[at[last]].recorded_at_us - entries[at[first]].recorded_at_us > window) {
                ++first;
            }
            if (static_cast<std::int64_t>(last - first + 1) >= rules.burst_count) {
                for (std::size_t k = first; k <= last; ++k) marked[at[k]] = true;
            }
        }
    }
    return marked;
}

}  // namespace xfl::domain
