#include "metrics.hpp"

#include <fmt/core.h>

namespace xfl::api {

void Metrics::ObserveRequest(const std::string& method, const std::string& route, int status,
                             double seconds) {
    std::lock_guard lock(mutex_);
    ++requests_[{method, route, status}];
    Histogram& h = latency_[{method, route}];
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        if (seconds <= kBuckets[i]) ++h.buckets[i];
    }
    ++h.count;
    h.sum += seconds;
}

void Metrics::CountAppend(const std::string& outcome) {
    std::lock_guard lock(mutex_);
    ++appends_[outcome];
}

std::string Metrics::Render(std::uint64_t log_head,
                            const std::vector<projections::ProjectionStatus>& projections) const {
    std::lock_guard lock(mutex_);
    std::string out;
    out += "# HELP xfl_http_requests_total HTTP requests by route and status.\n"
           "# TYPE xfl_http_requests_total counter\n";
    for (const auto& [key, n] : requests_) {
        const auto& [method, route, status] = key;
        out += fmt::format("xfl_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                           method, route, status, n);
    }
    out += "# HELP xfl_http_request_seconds HTTP request latency by route.\n"
           "# TYPE xfl_http_request_seconds histogram\n";
    for (const auto& [key, h] : latency_) {
        const auto labels = fmt::format("method=\"{}\",route=\"{}\"", key.first, key.second);
        for (std::size_t i = 0; i < kBuckets.size(); ++i) {
            out += fmt::format("xfl_http_request_seconds_bucket{{{},le=\"{}\"}} {}\n", labels,
                               kBuckets[i], h.buckets[i]);
        }
        out += fmt::format("xfl_http_request_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels, h.count);
        out += fmt::format("xfl_http_request_seconds_sum{{{}}} {}\n", labels, h.sum);
        out += fmt::format("xfl_http_request_seconds_count{{{}}} {}\n", labels, h.count);
    }
    out += "# HELP xfl_appends_total Appends to the event log by outcome.\n"
           "# TYPE xfl_appends_total counter\n";
    for (const auto& [outcome, n] : appends_) {
        out += fmt::format("xfl_appends_total{{outcome=\"{}\"}} {}\n", outcome, n);
    }
    out += "# HELP xfl_log_head_position Position of the last durable event.\n"
           "# TYPE xfl_log_head_position gauge\n";
    out += fmt::format("xfl_log_head_position {}\n", log_head);
    out += "# HELP xfl_projection_lag_events Events in the log not yet applied, per projection.\n"
           "# TYPE xfl_projection_lag_events gauge\n";
    for (const auto& p : projections) {
        out += fmt::format("xfl_projection_lag_events{{projection=\"{}\"}} {}\n", p.name,
                           log_head - std::min(log_head, p.checkpoint.value));
    }
    return out;
}

}  // namespace xfl::api
