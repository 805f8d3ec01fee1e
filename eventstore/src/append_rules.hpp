// The rules of an append that every log applies the same way, whatever stores it: what a valid
// request is, when an expected version refuses it, how a copied commit must chain, and how a
// decided event joins its stream's hash chain.
#pragma once

#include <cstdint>
#include <vector>

#include "xfl/eventstore/event_log.hpp"

namespace xfl::eventstore::internal {

struct ChainHead {
    StreamVersion version;
    Sha256Digest hash{};
};

// Shared checks of an append, before anything is decided.
Status ValidateRequest(const AppendRequest& request);

// kConflict with the current version when `expected` does not allow `head`.
Status CheckExpected(const AppendRequest& request, StreamVersion head);

// A commit copied from another log (AppendRecorded): one stream, consecutive versions from
// head+1, each event's hash recomputed and chained to the one before; kConflict when the stream
// is elsewhere, kDataLoss naming the event whose hash does not hold.
Status CheckRecordedCommit(const std::vector<EventEnvelope>& commit, const ChainHead& head);

// Gives `event` (its stream, type, times, command id, actor and payload set) the next version
// after `head` and its place in the chain, and moves `head` to it.
void ChainNext(EventEnvelope& event, ChainHead& head);

// The server's clock, UTC microseconds.
std::int64_t NowMicros();

}  // namespace xfl::eventstore::internal
