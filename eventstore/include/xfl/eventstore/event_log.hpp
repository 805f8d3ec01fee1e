// EventLog: the durable, append-only source of truth. Implementations: the embedded RocksDB log
// (embedded_log.hpp) and Apache Kafka (kafka_log.hpp). Every implementation keeps these promises:
//  - Append is atomic for the whole batch and durable when it returns ok.
//  - A stale expected version fails with Errc::kConflict and Error::current_version set.
//  - A repeated non-empty command id returns the first result with duplicate=true, appending
//  nothing.
//  - Each stream is hash-chained (hash_chain.hpp); global positions are 1-based and gapless.
// All methods are thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "xfl/domain/kernel/result.hpp"
#include "xfl/eventstore/envelope.hpp"

namespace xfl::eventstore {

struct StreamQuery {
    std::string stream_id;
    StreamVersion from_version{1};  // inclusive
    std::size_t max_events = SIZE_MAX;
    // Only events recorded at or before this time (UTC microseconds): the stream "as of" then.
    std::optional<std::int64_t> recorded_up_to_us;
};

class EventLog {
  public:
    virtual ~EventLog() = default;

    // Errors: kInvalidArgument (empty batch, bad stream id), kConflict, kUnavailable (the log
    // cannot write; nothing was acknowledged).
    virtual Result<AppendResult> Append(AppendRequest request) = 0;

    // Appends each request as Append does, each succeeding or failing on its own (one answer per
    // request, in order), where the log can in one write and one sync: for records many callers
    // produce that one writer sends on (the access log). By default, one Append after another.
    virtual std::vector<Result<AppendResult>> AppendEach(std::vector<AppendRequest> requests) {
        std::vector<Result<AppendResult>> results;
        results.reserve(requests.size());
        for (auto& request : requests) results.push_back(Append(std::move(request)));
        return results;
    }

    // Copies one commit recorded in another log (migration, CopyLog): the events keep their
    // versions, times, command id and hashes; positions are this log's. A commit whose command id
    // this log has seen is a repeat (duplicate=true, nothing appended). Errors: kConflict when
    // the stream is not at the version before the commit's first, kDataLoss when a hash does not
    // chain or does not match its event, kUnavailable as for Append.
    virtual Result<AppendResult> AppendRecorded(std::vector<EventEnvelope> commit) = 0;

    // The stream's events in version order; an unknown stream reads as empty.
    virtual Result<std::vector<EventEnvelope>> ReadStream(const StreamQuery& query) = 0;

    // Up to max_events events with position >= from, in position order. Errors: kDataLoss naming
    // the position of a record that cannot be decoded.
    Result<std::vector<EventEnvelope>> ReadAll(LogPosition from, std::size_t max_events) {
        std::vector<EventEnvelope> events;
        if (Status s = ReadAllInto(from, max_events, events); !s.ok()) return std::move(s).error();
        return events;
    }

    // As ReadAll, into `out` (resized to what was read). Its envelopes' strings are reused, so a
    // scan that passes the same vector again allocates nothing once the buffers have grown.
    virtual Status ReadAllInto(LogPosition from, std::size_t max_events,
                               std::vector<EventEnvelope>& out) = 0;

    // The result of the append made under this command id, if there was one.
    virtual Result<std::optional<AppendResult>> FindCommand(const std::string& command_id) = 0;

    // Whether any append was made under a command id that starts with `prefix` (non-empty).
    virtual Result<bool> AnyCommandStartingWith(const std::string& prefix) = 0;

    // The current version of a stream (0 when it has no events).
    virtual Result<StreamVersion> StreamHead(const std::string& stream_id) = 0;

    // Every stream's head as of `at`, a position the log has reached (Head() or before it);
    // commits after it are left out. Reads the whole stream index: for signing heads, not for
    // every request.
    virtual Result<std::vector<StreamTip>> StreamHeadsAt(LogPosition at) = 0;

    // Whether this process appends to the stream: always on the embedded log; on Kafka, when this
    // node writes the stream's partition (a command for another is refused with kMisdirected).
    // Ids the server chooses (sessions, new households) are drawn until this holds.
    virtual bool Writes(const std::string& stream_id) const = 0;

    // Why the log cannot write now (a write failed, e.g. on a full disk), or nullopt when it
    // can; asking tries to recover, so it turns to nullopt once the cause is gone.
    virtual std::optional<std::string> WriteProblem() = 0;

    // Position of the last durable event (0 for an empty log).
    virtual LogPosition Head() const = 0;

    // Blocks until Head() > after, the timeout passes or the log closes; returns Head().
    virtual LogPosition WaitForEvents(LogPosition after, std::chrono::milliseconds timeout) = 0;
};

}  // namespace xfl::eventstore
