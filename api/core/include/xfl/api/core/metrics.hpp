// Prometheus metrics: requests by route and status with latency histograms, appends by outcome.
// Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "xfl/projections/core/runner.hpp"

namespace xfl::api {

class Metrics {
  public:
    void ObserveRequest(const std::string& method, const std::string& route, int status,
                        double seconds);
    void CountAppend(const std::string& outcome);  // ok, duplicate, conflict, error
    // Time from a command's durable append until every projection had applied it.
    void ObserveProjectionLag(double seconds);
    // A stored stream failed its integrity checks when read (`what` names stream and version):
    // counted, printed once to stderr, and the first kMaxIntegrityFailures kept for /readyz.
    void ReportIntegrityFailure(const std::string& what);
    std::vector<std::string> IntegrityFailures() const;
    // The whole text exposition, with the log head and projection lag at this moment.
    std::string Render(std::uint64_t log_head,
                       const std::vector<projections::ProjectionStatus>& projections) const;

  private:
    static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                        0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
    struct Histogram {
        std::array<std::uint64_t, kBuckets.size()> buckets{};
        std::uint64_t count = 0;
        double sum = 0;
        void Observe(double seconds);
        void Render(std::string& out, const std::string& name, const std::string& labels) const;
    };
    mutable std::mutex mutex_;
    std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
    std::map<std::pair<std::string, std::string>, Histogram> latency_;
    std::map<std::string, std::uint64_t> appends_;
    Histogram projection_lag_;
    static constexpr std::size_t kMaxIntegrityFailures = 20;
    std::uint64_t integrity_failures_ = 0;
    std::vector<std::string> integrity_problems_;
};

}  // namespace xfl::api
