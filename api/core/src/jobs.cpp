#include "xfl/api/core/jobs.hpp"

#include <cstdio>
#include <limits>

#include "xfl/domain/kernel/time.hpp"

namespace xfl::api {
namespace {

std::string PeriodOf(std::int64_t now_us, JobPeriod period) {
    const std::string day = domain::FormatDate(domain::ChinaDay(now_us));
    if (period == JobPeriod::kDay) return day;
    constexpr std::int64_t kChinaOffsetSeconds = 8 * 3600;
    const std::int64_t seconds = now_us / 1'000'000 + kChinaOffsetSeconds;
    const std::int64_t hour = ((seconds % 86400) + 86400) % 86400 / 3600;
    char text[4];
    std::snprintf(text, sizeof text, "T%02d", static_cast<int>(hour));
    return day + text;
}

}  // namespace

JobRun::JobRun(std::string_view job_name, std::int64_t now, JobPeriod kind)
    : job(job_name), now_us(now), period(PeriodOf(now, kind)) {}

std::string JobRun::CommandId(std::string_view subject) const {
    return std::string(job) + "/" + std::string(subject) + "/" + period;
}

JobRunner::JobRunner(Services& services, std::vector<Job> jobs)
    : services_(services),
      jobs_(std::move(jobs)),
      next_due_us_(jobs_.size(), std::numeric_limits<std::int64_t>::min()) {}

void JobRunner::RunDue(std::int64_t now_us, const Report& report) {
    for (std::size_t i = 0; i < jobs_.size(); ++i) {
        if (now_us < next_due_us_[i]) continue;
        const Job& job = jobs_[i];
        next_due_us_[i] =
            now_us + std::chrono::duration_cast<std::chrono::microseconds>(job.every).count();
        report(job.name, job.run(services_, JobRun(job.name, now_us, job.period)));
    }
}

}  // namespace xfl::api
