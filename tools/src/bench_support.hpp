// Helpers shared by the bench sections: timing, latency percentiles, figure printing, the
// concurrent appends every section measures, the scratch folder.
#pragma once

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "commands.hpp"
#include "xfl/eventstore/event_log.hpp"

namespace xfl::tools::bench {

using Clock = std::chrono::steady_clock;

inline double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// Runs `work(thread_index)` on `threads` threads at once and returns the wall time.
inline double TimeThreads(int threads, const std::function<void(int)>& work) {
    std::vector<std::thread> pool;
    const auto start = Clock::now();
    for (int t = 0; t < threads; ++t) pool.emplace_back(work, t);
    for (auto& th : pool) th.join();
    return Seconds(Clock::now() - start);
}

struct Latencies {
    std::vector<double> ms;
    double Percentile(double p) {
        if (ms.empty()) return 0;
        std::sort(ms.begin(), ms.end());
        auto i = static_cast<std::size_t>(p / 100.0 * static_cast<double>(ms.size() - 1));
        return ms[i];
    }
};

inline void PrintFigure(const std::string& what, double value, const std::string& unit,
                        const std::string& target = {}) {
    fmt::print("  {:<58} {:>12.0f} {:<10} {}\n", what, value, unit, target);
    std::fflush(stdout);
}

inline void PrintRatio(const std::string& what, double ratio, const std::string& target = {}) {
    fmt::print("  {:<58} {:>12.2f} {:<10} {}\n", what, ratio, "x", target);
    std::fflush(stdout);
}

inline void PrintMs(const std::string& what, double ms, const std::string& target = {}) {
    fmt::print("  {:<58} {:>12.3f} {:<10} {}\n", what, ms, "ms", target);
    std::fflush(stdout);
}

// `writers` threads appending one event at a time; returns appends/s and fills `latencies`.
double ConcurrentAppendRate(eventstore::EventLog& log, int writers, std::uint64_t total,
                            Latencies& latencies);

// Runs one bench in its emptied scratch folder: 0, or 1 with what failed printed after `name`.
int InScratch(const BenchOptions& options, std::string_view name,
              const std::function<void(const std::filesystem::path&)>& bench);

}  // namespace xfl::tools::bench
