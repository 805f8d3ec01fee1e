#include "log_keys.hpp"

#include "byte_io.hpp"
#include "record_codec.hpp"

namespace xfl::eventstore::internal {

std::string EventKey(LogPosition p) {
    std::string key(1, kEventSpace);
    PutU64(key, p.value);
    return key;
}

std::string CommitPrefix(const std::string& stream) {
    std::string key(1, kCommitSpace);
    key.append(stream);
    key.push_back('\0');
    return key;
}

std::string CommitKey(const std::string& stream, StreamVersion first) {
    std::string key = CommitPrefix(stream);
    PutU64(key, first.value);
    return key;
}

std::string CommandKey(const std::string& command_id) {
    std::string key(1, kCommandSpace);
    key.append(command_id);
    return key;
}

std::uint64_t DecodeU64(std::string_view bytes) { return ByteReader(bytes).U64(); }

std::string EncodeHead(const HeadRecord& h) {
    std::string out;
    PutU64(out, h.position.value);
    out.append(reinterpret_cast<const char*>(h.hash.data()), h.hash.size());
    return out;
}

std::optional<HeadRecord> DecodeHead(std::string_view bytes) {
    ByteReader in(bytes);
    HeadRecord h;
    h.position.value = in.U64();
    std::string_view hash = in.Take(h.hash.size());
    if (!in.ok() || !in.AtEnd()) return std::nullopt;
    std::copy(hash.begin(), hash.end(), reinterpret_cast<char*>(h.hash.data()));
    return h;
}

std::string EncodeCommit(const CommitEntry& c) {
    std::string out;
    PutU64(out, c.last_version.value);
    PutU64(out, c.first_position.value);
    out.append(reinterpret_cast<const char*>(c.last_hash.data()), c.last_hash.size());
    return out;
}

std::optional<CommitEntry> DecodeCommit(std::string_view key, std::string_view value) {
    ByteReader in(value);
    CommitEntry c;
    c.first_version.value = DecodeU64(key.substr(key.size() - 8));
    c.last_version.value = in.U64();
    c.first_position.value = in.U64();
    std::string_view hash = in.Take(c.last_hash.size());
    if (!in.ok() || !in.AtEnd() || c.last_version < c.first_version) return std::nullopt;
    std::copy(hash.begin(), hash.end(), reinterpret_cast<char*>(c.last_hash.data()));
    return c;
}

std::string StreamAt(const std::string& stream, std::uint64_t version) {
    return "stream " + stream + " version " + std::to_string(version);
}

// What a stream read must hold: the asked stream's consecutive versions from `from`, each hash
// matching its event and chained to the one before, recorded-at never going back, and, when the
// read reached the stream's indexed head, that head. Anything else is tampering or damage.
Status CheckStreamRead(const std::string& stream, StreamVersion from,
                       const std::vector<EventEnvelope>& events,
                       const std::optional<CommitEntry>& expected_end) {
    for (std::size_t i = 0; i < events.size(); ++i) {
        const EventEnvelope& e = events[i];
        const std::uint64_t version = from.value + i;
        auto broken = [&](const std::string& what) {
            return Error::Make(Errc::kDataLoss, StreamAt(stream, version) + ": " + what +
                                                    " (run `xingfuli verify`)");
        };
        if (e.stream_id != stream || e.version.value != version) {
            return broken("the log holds " + StreamAt(e.stream_id, e.version.value) +
                          " where this event belongs");
        }
        if (ComputeEventHash(e) != e.hash) return broken("the event does not match its hash");
        const bool chained = i > 0 ? e.prev_hash == events[i - 1].hash
                                   : version > 1 || e.prev_hash == Sha256Digest{};
        if (!chained) return broken("the previous-hash does not chain to the event before");
        if (i > 0 && e.recorded_at_us < events[i - 1].recorded_at_us) {
            return broken("recorded before the event before it");
        }
    }
    if (expected_end && (events.empty() || events.back().version != expected_end->last_version ||
                         events.back().hash != expected_end->last_hash)) {
        return Error::Make(Errc::kDataLoss,
                           StreamAt(stream, expected_end->last_version.value) +
                               ": the stream's head event is missing or was replaced (run "
                               "`xingfuli verify`)");
    }
    return {};
}

std::string EncodeAppendResult(const AppendResult& r) {
    std::string out;
    PutBytes(out, r.stream_id);
    PutU64(out, r.first_version.value);
    PutU64(out, r.last_version.value);
    PutU64(out, r.first_position.value);
    PutU64(out, r.last_position.value);
    return out;
}

std::optional<AppendResult> DecodeAppendResult(std::string_view bytes) {
    ByteReader in(bytes);
    AppendResult r;
    r.stream_id = in.Bytes();
    r.first_version.value = in.U64();
    r.last_version.value = in.U64();
    r.first_position.value = in.U64();
    r.last_position.value = in.U64();
    if (!in.ok() || !in.AtEnd()) return std::nullopt;
    return r;
}

}  // namespace xfl::eventstore::internal
