#include "append_rules.hpp"

#include <chrono>
#include <string>

#include "xfl/eventstore/hash_chain.hpp"

namespace xfl::eventstore::internal {
namespace {

constexpr std::size_t kMaxStreamIdBytes = 200;

}  // namespace

Status ValidateRequest(const AppendRequest& r) {
    if (r.stream_id.empty() || r.stream_id.size() > kMaxStreamIdBytes ||
        r.stream_id.find('\0') != std::string::npos) {
        return Error::Make(Errc::kInvalidArgument,
                           "stream id must be 1 to 200 bytes without NUL bytes", "stream_id");
    }
    if (r.events.empty()) {
        return Error::Make(Errc::kInvalidArgument, "an append needs at least one event", "events");
    }
    for (const NewEvent& e : r.events) {
        if (e.type.empty())
            return Error::Make(Errc::kInvalidArgument, "event type is empty", "type");
    }
    return {};
}

Status CheckExpected(const AppendRequest& request, StreamVersion head) {
    if (request.expected.Allows(head)) return {};
    Error conflict = Error::Make(
        Errc::kConflict, "stream " + request.stream_id + " is at version " +
                             std::to_string(head.value) + ", not the version the command expected");
    conflict.current_version = head.value;
    return conflict;
}

Status CheckRecordedCommit(const std::vector<EventEnvelope>& commit, const ChainHead& head) {
    if (commit.empty()) {
        return Error::Make(Errc::kInvalidArgument, "a commit needs at least one event", "events");
    }
    const std::string& stream = commit.front().stream_id;
    if (commit.front().version.value != head.version.value + 1) {
        Error conflict = Error::Make(
            Errc::kConflict,
            "stream " + stream + " is at version " + std::to_string(head.version.value) +
                "; the copied commit starts at " + std::to_string(commit.front().version.value));
        conflict.current_version = head.version.value;
        return conflict;
    }
    Sha256Digest previous = head.hash;
    for (std::size_t i = 0; i < commit.size(); ++i) {
        const EventEnvelope& e = commit[i];
        const std::string where =
            "stream " + e.stream_id + " version " + std::to_string(e.version.value);
        if (e.stream_id != stream || e.version.value != commit.front().version.value + i ||
            e.command_id != commit.front().command_id) {
            return Error::Make(Errc::kInvalidArgument,
                               where + ": a commit holds consecutive versions of one stream");
        }
        if (e.prev_hash != previous) {
            return Error::Make(Errc::kDataLoss, where + ": previous hash does not chain");
        }
        if (ComputeEventHash(e) != e.hash) {
            return Error::Make(Errc::kDataLoss, where + ": the hash does not match the event");
        }
        previous = e.hash;
    }
    return {};
}

std::int64_t NowMicros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void ChainNext(EventEnvelope& event, ChainHead& head) {
    event.version = StreamVersion{head.version.value + 1};
    event.prev_hash = head.hash;
    event.hash = ComputeEventHash(event);
    head = {event.version, event.hash};
}

}  // namespace xfl::eventstore::internal
