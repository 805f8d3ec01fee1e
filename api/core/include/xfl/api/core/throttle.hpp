// FailureThrottle: slows down guessing. After `free_failures` failures for a key (an account, a
// client address, a user's resident-ID searches), each no more than `window` after the one
// before, the key waits 2^(failures - free_failures) seconds, at most `window`, before its next
// try; a success forgets the key.
//
// Concurrency: thread-safe. Limitations: in memory, per process; keys whose wait has passed are
// dropped once the table holds kPruneAbove keys, so a flood of new keys cannot grow it for ever.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace xfl::api {

class FailureThrottle {
  public:
    FailureThrottle(int free_failures, std::chrono::seconds window)
        : free_failures_(free_failures), window_us_(window.count() * 1'000'000) {}

    // Seconds until the key may try again, or nullopt when it may now.
    std::optional<std::int64_t> RetryAfterSeconds(const std::string& key, std::int64_t now_us);
    // Whether the key has failures that still count.
    bool HasFailures(const std::string& key, std::int64_t now_us);
    void Failed(const std::string& key, std::int64_t now_us);
    void Succeeded(const std::string& key);

  private:
    static constexpr std::size_t kPruneAbove = 100'000;
    struct Entry {
        int failures = 0;
        std::int64_t last_failure_us = 0;
        std::int64_t blocked_until_us = 0;
    };
    bool Counts(const Entry& e, std::int64_t now_us) const {
        return now_us - e.last_failure_us <= window_us_ || e.blocked_until_us > now_us;
    }
    void Prune(std::int64_t now_us);

    const int free_failures_;
    const std::int64_t window_us_;
    std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;
};

}  // namespace xfl::api
