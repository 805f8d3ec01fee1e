// Attention flags (issue: what an inspector looks at first in the activity of a region): an
// entry that corrects an earlier one; one back-dated (its business date more than
// `backdated_days` before the day it was recorded); one recorded outside working hours (before
// 08:00 or from 18:00 China time, or on a rest day); one of a burst (at least `burst_count`
// entries by the same account within `burst_minutes`); one made to a record within
// `after_deadline_days` after a limit of that record passed unmet (a plan opened, a finding
// answered, an award given late — or a record touched up once its time had run out). Each flag
// says why. Pure.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "xfl/domain/kernel/deadline.hpp"

namespace xfl::domain {

struct AttentionRules {
    std::int64_t backdated_days = 7;
    std::int64_t burst_count = 20;
    std::int64_t burst_minutes = 10;
    std::int64_t after_deadline_days = 30;
    int work_starts_hour = 8, work_ends_hour = 18;
};

// What the flags are computed from: one recorded entry.
struct EntryFacts {
    std::int64_t recorded_at_us = 0;
    std::string user;
    std::string business_date;  // YYYY-MM-DD, or empty
    bool correction = false;
    // Written by the server itself (seeding, scheduled reviews): in bulk by design, never a burst.
    bool by_server = false;
    // The record's limits not met before this entry, as they stood on the day it was recorded.
    std::vector<PendingLimit> pending_limits = {};
};

// The flags' names, as AttentionFlag::flag gives them.
inline constexpr std::string_view kAttentionFlagNames[] = {"correction", "backdated", "after_hours",
                                                           "burst", "after_deadline"};

struct AttentionFlag {
    std::string flag;  // one of kAttentionFlagNames
    std::string why;
    bool operator==(const AttentionFlag&) const = default;
};

// `working_day(day)`: whether a China day (days since 1970-01-01) is worked.
std::vector<AttentionFlag> AttentionFlags(const EntryFacts& entry, const AttentionRules& rules,
                                          const std::function<bool(std::int64_t)>& working_day,
                                          bool in_burst);

// For each entry, whether it lies in a window of `rules.burst_minutes` that holds at least
// `rules.burst_count` entries of the same account.
std::vector<bool> InBursts(const std::vector<EntryFacts>& entries, const AttentionRules& rules);

}  // namespace xfl::domain
