// AppendPipeline: many appends overlapped, for callers with a long list of commits to write (a
// migration, the region tree), which would otherwise wait one round trip per commit (an fsync
// on the embedded log, a produce + read-back on Kafka).
//
// Commits of one stream run one after another in the order submitted; commits of different
// streams overlap on `threads` threads, at most `max_in_flight` submitted and unfinished at once
// (more than the threads lets the submitter prepare work ahead). Log positions therefore follow
// the submission order only within that window. After a task fails nothing more is started and
// Submit/Finish return its error.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "xfl/domain/kernel/result.hpp"

namespace xfl::eventstore {

class AppendPipeline {
  public:
    using Task = std::function<Status()>;

    explicit AppendPipeline(std::size_t threads = 64, std::size_t max_in_flight = 0);
    ~AppendPipeline();  // waits for the tasks in flight
    AppendPipeline(const AppendPipeline&) = delete;
    AppendPipeline& operator=(const AppendPipeline&) = delete;

    // Blocks while the window is full. The error of an earlier task, if one failed.
    Status Submit(const std::string& stream_id, Task task);
    // Waits until every submitted task has finished; the first error.
    Status Finish();

  private:
    struct Shared;
    std::unique_ptr<Shared> shared_;
};

}  // namespace xfl::eventstore
