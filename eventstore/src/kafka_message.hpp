// The Kafka form of the log: one message per commit (every event one command produced for one
// stream) and one per writer-epoch claim. The value is JSON any Kafka tool can read; the
// envelope's fields are also message headers, and a reader checks that both agree.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "xfl/domain/kernel/result.hpp"
#include "xfl/eventstore/envelope.hpp"

namespace xfl::eventstore::internal {

using KafkaHeaders = std::vector<std::pair<std::string, std::string>>;

inline constexpr std::string_view kCommitFormat = "xingfuli.commit.v1";
inline constexpr std::string_view kEpochFormat = "xingfuli.epoch.v1";
inline constexpr std::string_view kKindHeader = "xfl.kind";

// What a partition's writer adds to a commit: its epoch and the commit's gapless sequence
// number in the partition (1, 2, …), so readers can tell a gap, a duplicate or a stale writer.
struct CommitStamp {
    std::uint64_t epoch = 0;
    std::uint64_t seq = 0;
};

struct KafkaCommit {
    CommitStamp stamp;
    std::vector<EventEnvelope> events;  // positions unset: each node's mirror assigns them
};

// A node's claim to be the only writer of a partition from `epoch` on.
struct EpochClaim {
    std::uint64_t epoch = 0;
    std::string node;
    std::string url;  // where that node's API answers; told to callers of other nodes
};

struct KafkaMessage {
    std::string key;
    std::string value;
    KafkaHeaders headers;
};

// The headers of a commit: the envelope fields, as text.
KafkaHeaders CommitHeaders(const KafkaCommit& commit);
KafkaMessage EncodeCommit(const KafkaCommit& commit);
KafkaMessage EncodeClaim(const EpochClaim& claim);

enum class MessageKind { kCommit, kClaim, kForeign };

// kForeign: no xfl.kind header (another producer's message).
MessageKind KindOf(const KafkaHeaders& headers);

// Errors (kInvalidArgument) name what is wrong: unreadable JSON, a missing field, headers that
// disagree with the value.
Result<KafkaCommit> DecodeCommit(std::string_view value, const KafkaHeaders& headers);
Result<EpochClaim> DecodeClaim(std::string_view value, const KafkaHeaders& headers);

}  // namespace xfl::eventstore::internal
