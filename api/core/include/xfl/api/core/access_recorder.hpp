// Records of who was shown protected data (full resident IDs), written behind the read that
// showed it so the read waits neither for the log's sync nor for its writer: what queues within
// `delay` is appended by one writer as one group (CommandService::AppendEach: one write and
// one sync on the embedded log), a commit per stream and actor. A record is in the log about
// `delay` after its read; one the log cannot take now is tried again until it is written or the
// recorder stops. The queue is bounded: when the log cannot keep up, a read waits for room and
// is refused (kUnavailable) rather than shown unrecorded. Stopping writes what is queued first.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "xfl/api/core/commands.hpp"

namespace xfl::api {

struct AccessRecorderOptions {
    std::chrono::milliseconds delay{20};
    std::size_t max_queued = 20'000;
    // How long a read waits for room in a full queue before it is refused.
    std::chrono::milliseconds wait_for_room{2000};
};

class AccessRecorder {
  public:
    AccessRecorder(eventstore::EventLog& log, CommandService& commands,
                   AccessRecorderOptions options = {});
    ~AccessRecorder();
    AccessRecorder(const AccessRecorder&) = delete;
    AccessRecorder& operator=(const AccessRecorder&) = delete;

    // Queues `event` for `stream_id`, recorded under `actor` (already allowed by the caller's
    // grant for the record's region). Errc::kUnavailable when the queue stays full. A stream
    // this node does not write (a Kafka node's) is appended at once, so the log's answer (where
    // to go) is the caller's.
    Status Record(eventstore::Actor actor, std::string stream_id, domain::RegionCode region,
                  eventstore::NewEvent event);
    // Returns once everything queued before the call is in the log (or the recorder stopped):
    // for whoever reads the access log next.
    void Flush();

  private:
    struct Pending {
        eventstore::Actor actor;
        std::string stream_id;
        domain::RegionCode region;
        eventstore::NewEvent event;
        std::chrono::steady_clock::time_point queued_at;
        std::uint64_t number = 0;
    };
    void Write();
    // Appends the records, a commit per stream and actor; the records not written, and why.
    std::vector<std::pair<std::vector<Pending>, Error>> Append(std::vector<Pending> records);

    eventstore::EventLog& log_;
    CommandService& commands_;
    const AccessRecorderOptions options_;
    std::mutex mutex_;
    std::condition_variable queued_, room_, written_;
    std::deque<Pending> queue_;
    std::uint64_t queued_count_ = 0;   // numbers given so far
    std::uint64_t writing_below_ = 0;  // the batch being written holds numbers below this
    bool stopping_ = false;
    std::thread writer_;
};

}  // namespace xfl::api
