// A record proof: one stream's events as they stood at a digest's position, with the Merkle path
// from the stream's head to the digest (format 2). An inspector exports it as a file and checks
// it without the server and without the log: ops/check-record-proof.py recomputes every event's
// hash (hash_chain.hpp), the stream's leaf and the root (merkle.hpp) and compares the root with
// the digest line they kept.
#pragma once

#include <string>
#include <vector>

#include "xfl/domain/kernel/result.hpp"
#include "xfl/eventstore/event_log.hpp"
#include "xfl/eventstore/signed_head.hpp"

namespace xfl::eventstore {

struct RecordProof {
    LogDigest digest;
    std::string stream_id;
    std::uint64_t leaf_index = 0;    // the stream's place among the digest's streams, by id
    std::vector<Sha256Digest> path;  // RFC 9162 inclusion path, leaf side first
    std::vector<EventEnvelope> events;

    // The file, "xfl-record-proof/1" (JSON): digest (the line), stream, leaf_index, tree_size,
    // path (hex), and events with every field their hash covers: version, type,
    // schema_version, command_id, actor {user_id, role, region}, recorded_at_us,
    // occurred_at_us (integers, UTC microseconds), payload (the stored JSON text, as a
    // string), and the stored hash and position for reference.
    std::string ToJson() const;
};

// The proof of `stream_id` in `digest`, from `log` as it stood at the digest's position. Fails
// with kInvalidArgument under `digest_field` for a format-1 digest (no tree to prove from),
// kRuleViolated under `digest_field` when the log does not reach the digest's position or did
// not hold its heads there (taken from another log, or history rewritten since), kNotFound
// under "stream" when the stream had no events then.
Result<RecordProof> ProveRecord(EventLog& log, const LogDigest& digest,
                                const std::string& stream_id, const std::string& digest_field);

}  // namespace xfl::eventstore
