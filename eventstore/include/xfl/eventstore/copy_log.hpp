// Copying a whole log into another (embedded to Kafka and back), verified by the hash chains.
#pragma once

#include <cstdint>
#include <functional>

#include "xfl/eventstore/event_log.hpp"

namespace xfl::eventstore {

struct CopyReport {
    std::uint64_t events_copied = 0;
    std::uint64_t events_already_there = 0;  // a resumed copy skips what the target has
    std::uint64_t commits = 0;
    std::uint64_t streams = 0;
};

// Reads `from` in position order and appends each commit to `to` with AppendRecorded, so every
// event keeps its version, times, command id and hash. A commit is a run of events of one
// stream with the same command id and recording time. Commits of different streams are
// appended overlapping (AppendPipeline): each stream keeps its order, positions in `to` follow
// those in `from` only within a window of 64 commits (no read model depends on the order of
// different streams: Kafka's partitions do not keep it either). Events the target already has (an
// interrupted copy run again) are compared by hash and skipped. At the end every stream's last
// hash must be the same in both logs and the target must verify (VerifyLog); otherwise
// kDataLoss names the first difference. `progress` (may be empty) gets the events read so far.
Result<CopyReport> CopyLog(EventLog& from, EventLog& to,
                           const std::function<void(std::uint64_t)>& progress = {});

}  // namespace xfl::eventstore
