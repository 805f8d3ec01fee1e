#include "xfl/api/core/metrics.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstdio>

namespace xfl::api {

void Metrics::Histogram::Observe(double seconds) {
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        if (seconds <= kBuckets[i]) ++buckets[i];
    }
    ++count;
    sum += seconds;
}

void Metrics::Histogram::Render(std::string& out, const std::string& name,
                                const std::string& labels) const {
    const std::string sep = labels.empty() ? "" : ",";
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        out += fmt::format("{}_bucket{{{}{}le=\"{}\"}} {}\n", name, labels, sep, kBuckets[i],
                           buckets[i]);
    }
    out += fmt::format("{}_bucket{{{}{}le=\"+Inf\"}} {}\n", name, labels, sep, count);
    out += fmt::format("{}_sum{{{}}} {}\n", name, labels, sum);
    out += fmt::format("{}_count{{{}}} {}\n", name, labels, count);
}

void Metrics::ObserveRequest(const std::string& method, const std::string& route, int status,
                             double seconds) {
    std::lock_guard lock(mutex_);
    ++requests_[{method, route, status}];
    latency_[{method, route}].Observe(seconds);
}

void Metrics::ObserveProjectionLag(double seconds) {
    std::lock_guard lock(mutex_);
    projection_lag_.Observe(seconds);
}

void Metrics::CountAppend(const std::string& outcome) {
    std::lock_guard lock(mutex_);
    ++appends_[outcome];
}

void Metrics::ReportIntegrityFailure(const std::string& what) {
    std::lock_guard lock(mutex_);
    ++integrity_failures_;
    if (integrity_problems_.size() >= kMaxIntegrityFailures ||
        std::find(integrity_problems_.begin(), integrity_problems_.end(), what) !=
            integrity_problems_.end()) {
        return;
    }
    integrity_problems_.push_back(what);
    std::fprintf(stderr, "xingfuli: INTEGRITY FAILURE: %s\n", what.c_str());
}

std::vector<std::string> Metrics::IntegrityFailures() const {
    std::lock_guard lock(mutex_);
    return integrity_problems_;
}

std::string Metrics::Render(std::uint64_t log_head,
                            const std::vector<projections::ProjectionStatus>& projections) const {
    std::lock_guard lock(mutex_);
    std::string out;
    out +=
        "# HELP xfl_http_requests_total HTTP requests by route and status.\n"
        "# TYPE xfl_http_requests_total counter\n";
    for (const auto& [key, n] : requests_) {
        const auto& [method, route, status] = key;
        out +=
            fmt::format("xfl_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                        method, route, status, n);
    }
    out +=
        "# HELP xfl_http_request_seconds HTTP request latency by route.\n"
        "# TYPE xfl_http_request_seconds histogram\n";
    for (const auto& [key, h] : latency_) {
        h.Render(out, "xfl_http_request_seconds",
                 fmt::format("method=\"{}\",route=\"{}\"", key.first, key.second));
    }
    out +=
        "# HELP xfl_projection_lag_seconds From a command's durable append until every "
        "projection applied it.\n# TYPE xfl_projection_lag_seconds histogram\n";
    projection_lag_.Render(out, "xfl_projection_lag_seconds", "");
    out +=
        "# HELP xfl_integrity_failures_total Reads that found a stored stream altered or "
        "incomplete.\n"
        "# TYPE xfl_integrity_failures_total counter\n";
    out += fmt::format("xfl_integrity_failures_total {}\n", integrity_failures_);
    out +=
        "# HELP xfl_appends_total Appends to the event log by outcome.\n"
        "# TYPE xfl_appends_total counter\n";
    for (const auto& [outcome, n] : appends_) {
        out += fmt::format("xfl_appends_total{{outcome=\"{}\"}} {}\n", outcome, n);
    }
    out +=
        "# HELP xfl_log_head_position Position of the last durable event.\n"
        "# TYPE xfl_log_head_position gauge\n";
    out += fmt::format("xfl_log_head_position {}\n", log_head);
    out +=
        "# HELP xfl_projection_lag_events Events in the log not yet applied, per projection.\n"
        "# TYPE xfl_projection_lag_events gauge\n";
    for (const auto& p : projections) {
        out += fmt::format("xfl_projection_lag_events{{projection=\"{}\"}} {}\n", p.name,
                           log_head - std::min(log_head, p.checkpoint.value));
    }
    return out;
}

}  // namespace xfl::api
