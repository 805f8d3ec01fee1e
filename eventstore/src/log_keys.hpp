// Private: the log store's key layout and the encodings of what it keeps beside the events
// (the durable head, one entry per commit, the result of each command), and the checks every
// stream read makes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xfl/domain/kernel/result.hpp"
#include "xfl/eventstore/envelope.hpp"
#include "xfl/eventstore/hash_chain.hpp"

namespace xfl::eventstore::internal {

// Key spaces: the first byte of every key says what it holds.
inline constexpr char kEventSpace = 'e';  // position -> event record
inline constexpr char kCommitSpace =
    's';  // stream \0 first version -> CommitEntry (one per append)
inline constexpr char kCommandSpace = 'c';  // command id -> the AppendResult it produced
// The durable head: the last position and its event's hash, written with every batch, so that a
// deleted tail is noticed and its positions are never handed out again.
inline const std::string kHeadKey = "h";
inline constexpr char kFirstExtraSpace = 'x';

inline constexpr std::size_t kMaxCachedHeads = 1'000'000;

struct HeadRecord {
    LogPosition position;
    Sha256Digest hash{};
};
// One append's events of one stream: versions first..last at consecutive log positions. The
// newest entry of a stream is also its head, so an append writes one index key, not one per event.
struct CommitEntry {
    StreamVersion first_version;
    StreamVersion last_version;
    LogPosition first_position;
    Sha256Digest last_hash{};
};

std::string EventKey(LogPosition p);
std::string CommitPrefix(const std::string& stream);
std::string CommitKey(const std::string& stream, StreamVersion first);
std::string CommandKey(const std::string& command_id);
std::uint64_t DecodeU64(std::string_view bytes);
std::string EncodeHead(const HeadRecord& h);
std::optional<HeadRecord> DecodeHead(std::string_view bytes);
std::string EncodeCommit(const CommitEntry& c);
std::optional<CommitEntry> DecodeCommit(std::string_view key, std::string_view value);
std::string StreamAt(const std::string& stream, std::uint64_t version);
// What a stream read must hold: the asked stream's consecutive versions from `from`, each hash
// matching its event and chained to the one before, recorded-at never going back, and, when the
// read reached the stream's indexed head, that head. Anything else is tampering or damage.
Status CheckStreamRead(const std::string& stream, StreamVersion from,
                       const std::vector<EventEnvelope>& events,
                       const std::optional<CommitEntry>& expected_end);
std::string EncodeAppendResult(const AppendResult& r);
std::optional<AppendResult> DecodeAppendResult(std::string_view bytes);

}  // namespace xfl::eventstore::internal
