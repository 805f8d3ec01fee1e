#include "log_checks.hpp"

#include <chrono>

#include "xfl/api/core/principal.hpp"

namespace xfl::api {
namespace {

constexpr std::int64_t kReuseForUs = std::chrono::microseconds(std::chrono::minutes(10)).count();

std::vector<std::string> DigestLines(const std::vector<eventstore::LogDigest>& digests) {
    std::vector<std::string> lines;
    for (const auto& d : digests) lines.push_back(d.ToLine());
    return lines;
}

}  // namespace

LogChecks::LogChecks(eventstore::EventLog& log) : log_(log) {}

LogChecks::~LogChecks() = default;

Result<LogCheckState> LogChecks::Ask(const LogCheckRequest& request, bool fresh,
                                     std::int64_t now_us) {
    const std::vector<std::string> digests = DigestLines(request.digests);
    std::lock_guard lock(mutex_);
    if (last_ && running_) {
        if (last_->digests == digests) return *last_;
        return Error::Make(Errc::kBusy, "another check of the log is running (" +
                                            std::to_string(last_->events_checked) + " of " +
                                            std::to_string(last_->head_position) +
                                            " events checked): ask again when it has finished");
    }
    if (last_ && last_->digests == digests && !fresh &&
        now_us - *last_->finished_at_us < kReuseForUs) {
        return *last_;
    }
    last_ = LogCheckState{digests, now_us, std::nullopt, log_.Head().value, 0, {}};
    running_ = true;
    eventstore::VerifyOptions options;
    options.digests = request.digests;
    options.signed_heads = request.signed_heads;
    options.public_key_pem = request.public_key_pem;
    // The previous check has finished: replacing its thread only joins it.
    worker_ = std::jthread([this, options = std::move(options)](std::stop_token stop) mutable {
        options.stop = std::move(stop);
        options.progress = [this](std::uint64_t checked) {
            std::lock_guard progress_lock(mutex_);
            last_->events_checked = checked;
        };
        eventstore::VerifyReport report = eventstore::VerifyLog(log_, options);
        std::lock_guard done_lock(mutex_);
        last_->events_checked = report.events_checked;
        last_->report = std::move(report);
        last_->finished_at_us = NowMicros();
        running_ = false;
    });
    return *last_;
}

}  // namespace xfl::api
