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

Result<LogCheckState> LogChecks::Ask(
    const std::vector<eventstore::LogDigest>& digests, bool fresh, std::int64_t now_us,
    const std::function<Result<SignedHeadsToProve>()>& signed_heads) {
    const std::vector<std::string> lines = DigestLines(digests);
    std::lock_guard lock(mutex_);
    if (last_ && running_) {
        if (last_->digests == lines) return *last_;
        return Error::Make(Errc::kBusy, "another check of the log is running (" +
                                            std::to_string(last_->events_checked) + " of " +
                                            std::to_string(last_->head_position) +
                                            " events checked): ask again when it has finished");
    }
    if (last_ && last_->digests == lines && !fresh &&
        now_us - *last_->finished_at_us < kReuseForUs) {
        return *last_;
    }
    auto heads = signed_heads();
    if (!heads.ok()) return std::move(heads).error();
    eventstore::VerifyOptions options;
    options.digests = digests;
    options.signed_heads = std::move(heads->heads);
    options.public_key_pem = std::move(heads->public_key_pem);
    // The head reported is the one checked up to, whatever is appended meanwhile.
    options.up_to = log_.Head();
    last_ = LogCheckState{lines, now_us, std::nullopt, options.up_to->value, 0, {}};
    running_ = true;
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
