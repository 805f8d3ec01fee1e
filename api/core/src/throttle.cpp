#include "xfl/api/core/throttle.hpp"

#include <algorithm>

namespace xfl::api {

std::optional<std::int64_t> FailureThrottle::RetryAfterSeconds(const std::string& key,
                                                               std::int64_t now_us) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.blocked_until_us <= now_us) return std::nullopt;
    return (it->second.blocked_until_us - now_us) / 1'000'000 + 1;
}

bool FailureThrottle::HasFailures(const std::string& key, std::int64_t now_us) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    return it != entries_.end() && Counts(it->second, now_us);
}

void FailureThrottle::Failed(const std::string& key, std::int64_t now_us) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= kPruneAbove) Prune(now_us);
    Entry& e = entries_[key];
    if (!Counts(e, now_us)) e.failures = 0;
    e.last_failure_us = now_us;
    if (++e.failures < free_failures_) return;
    const int exponent = std::min(e.failures - free_failures_, 30);
    const std::int64_t wait_us =
        std::min<std::int64_t>((std::int64_t{1} << exponent) * 1'000'000, window_us_);
    e.blocked_until_us = now_us + wait_us;
}

void FailureThrottle::Succeeded(const std::string& key) {
    std::lock_guard lock(mutex_);
    entries_.erase(key);
}

void FailureThrottle::Prune(std::int64_t now_us) {
    std::erase_if(entries_, [&](const auto& entry) { return !Counts(entry.second, now_us); });
}

}  // namespace xfl::api
