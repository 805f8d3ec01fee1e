// Time-driven commands: what the server does because time passed (a member leaving working age,
// an hour since the last signed head, tomorrow's deadline sweeps). A job runs at the server's
// start and then every `every`; each run belongs to a period (a China day or hour) and its
// commands carry ids made of the job's name, what they act on and the period, so a crash in the
// middle of a run, a restart or a second node appends nothing twice.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "xfl/api/core/service.hpp"

namespace xfl::api {

enum class JobPeriod { kDay, kHour };

struct JobRun {
    JobRun(std::string_view job, std::int64_t now_us, JobPeriod period);

    std::string_view job;
    std::int64_t now_us;
    std::string period;  // "2026-11-27" for a daily job, "2026-11-27T08" for an hourly one

    // "<job>/<subject>/<period>": the id of the run's command on `subject`.
    std::string CommandId(std::string_view subject) const;
};

struct Job {
    std::string_view name;
    std::chrono::seconds every;
    JobPeriod period;
    // The run's commands; returns a line for the server's log (empty: nothing worth saying).
    std::function<Result<std::string>(Services&, const JobRun&)> run;
};

class JobRunner {
  public:
    JobRunner(Services& services, std::vector<Job> jobs);

    using Report = std::function<void(std::string_view job, const Result<std::string>& outcome)>;
    // Runs every job due at `now_us` (the first call runs them all) and reports each outcome.
    void RunDue(std::int64_t now_us, const Report& report);

  private:
    Services& services_;
    std::vector<Job> jobs_;
    std::vector<std::int64_t> next_due_us_;
};

}  // namespace xfl::api
