// PrefetchingReader: reads the log forward in batches, fetching the next batch on another
// thread while the caller works on the current one, so reading and processing use two cores.
// Batches are double-buffered: Next swaps the filled buffer with the caller's vector and refills
// the caller's old one, so a long scan allocates almost nothing.
//
// Concurrency: one caller thread; the log must outlive the reader.
#pragma once

#include <future>
#include <vector>

#include "xfl/eventstore/event_log.hpp"

namespace xfl::eventstore {

class PrefetchingReader {
  public:
    // Reads positions from `from` up to and including `until`.
    PrefetchingReader(EventLog& log, LogPosition from, LogPosition until, std::size_t batch_size);
    ~PrefetchingReader();
    PrefetchingReader(const PrefetchingReader&) = delete;
    PrefetchingReader& operator=(const PrefetchingReader&) = delete;

    // Replaces `batch` with the next batch in position order; empty once `until` is passed or
    // the log has no more.
    Status Next(std::vector<EventEnvelope>& batch);

  private:
    void Fetch(LogPosition from);

    EventLog& log_;
    LogPosition until_;
    std::size_t batch_size_;
    std::vector<EventEnvelope> filling_;
    std::future<Status> pending_;
};

}  // namespace xfl::eventstore
