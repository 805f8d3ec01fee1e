#include "xfl/eventstore/record_proof.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

#include "xfl/domain/kernel/time.hpp"
#include "xfl/eventstore/hash_chain.hpp"
#include "xfl/eventstore/merkle.hpp"

namespace xfl::eventstore {
namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void String(JsonWriter& w, std::string_view text) {
    w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void WriteEvent(JsonWriter& w, const EventEnvelope& e) {
    w.StartObject();
    w.Key("version");
    w.Uint64(e.version.value);
    w.Key("type");
    String(w, e.type);
    w.Key("schema_version");
    w.Uint(e.schema_version);
    w.Key("command_id");
    String(w, e.command_id);
    w.Key("actor");
    w.StartObject();
    w.Key("user_id");
    String(w, e.actor.user_id);
    w.Key("role");
    String(w, e.actor.role);
    w.Key("region");
    String(w, e.actor.region);
    w.EndObject();
    w.Key("recorded_at_us");
    w.Int64(e.recorded_at_us);
    w.Key("recorded_at");
    String(w, domain::FormatRfc3339(e.recorded_at_us));
    w.Key("occurred_at_us");
    w.Int64(e.occurred_at_us);
    w.Key("payload");
    String(w, e.payload);
    w.Key("hash");
    String(w, ToHex(e.hash));
    w.Key("position");
    w.Uint64(e.position.value);
    w.EndObject();
}

}  // namespace

std::string RecordProof::ToJson() const {
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    w.StartObject();
    w.Key("format");
    w.String("xfl-record-proof/1");
    w.Key("digest");
    String(w, digest.ToLine());
    w.Key("stream");
    String(w, stream_id);
    w.Key("leaf_index");
    w.Uint64(leaf_index);
    w.Key("tree_size");
    w.Uint64(digest.streams);
    w.Key("path");
    w.StartArray();
    for (const Sha256Digest& node : path) String(w, ToHex(node));
    w.EndArray();
    w.Key("events");
    w.StartArray();
    for (const EventEnvelope& e : events) WriteEvent(w, e);
    w.EndArray();
    w.EndObject();
    return buffer.GetString();
}

Result<RecordProof> ProveRecord(EventLog& log, const LogDigest& digest,
                                const std::string& stream_id, const std::string& digest_field) {
    if (digest.format != DigestFormat::kMerkle) {
        return Error::Make(Errc::kInvalidArgument,
                           digest_field +
                               ": a digest of format 1 holds no tree to prove one record "
                               "from; take a new digest (xfl-digest/2)",
                           digest_field);
    }
    const std::string at = "the log at position " + std::to_string(digest.position.value);
    if (digest.position.value > log.Head().value) {
        return Error::Make(Errc::kRuleViolated,
                           digest_field + ": the log ends before position " +
                               std::to_string(digest.position.value) +
                               ": the digest was taken from another log",
                           digest_field);
    }
    auto read_heads = log.StreamHeadsAt(digest.position);
    if (!read_heads.ok()) return std::move(read_heads).error();
    std::vector<StreamTip> heads = std::move(read_heads).value();
    const std::vector<Sha256Digest> leaves = StreamLeaves(heads);
    if (heads.size() != digest.streams || MerkleRoot(leaves) != digest.digest) {
        return Error::Make(Errc::kRuleViolated,
                           digest_field + ": " + at +
                               " does not hold this digest: it was taken from another log, or "
                               "history up to it was rewritten (verify since the digest names "
                               "the place)",
                           digest_field);
    }
    const auto head = std::lower_bound(
        heads.begin(), heads.end(), stream_id,
        [](const StreamTip& tip, const std::string& id) { return tip.stream_id < id; });
    if (head == heads.end() || head->stream_id != stream_id) {
        return Error::Make(Errc::kNotFound, "stream: " + at + " holds no stream " + stream_id,
                           "stream");
    }
    RecordProof proof;
    proof.digest = digest;
    proof.stream_id = stream_id;
    proof.leaf_index = static_cast<std::uint64_t>(head - heads.begin());
    proof.path = InclusionPath(leaves, proof.leaf_index);
    StreamQuery query;
    query.stream_id = stream_id;
    query.max_events = head->version.value;
    auto read = log.ReadStream(query);
    if (!read.ok()) return std::move(read).error();
    std::vector<EventEnvelope> events = std::move(read).value();
    if (events.size() != head->version.value || events.back().hash != head->hash) {
        return Error::Make(Errc::kDataLoss, "stream " + stream_id + ": its events up to version " +
                                                std::to_string(head->version.value) +
                                                " no longer end in the head it had at " + at);
    }
    proof.events = std::move(events);
    return proof;
}

}  // namespace xfl::eventstore
