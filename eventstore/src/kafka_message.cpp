#include "kafka_message.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <charconv>

#include "xfl/eventstore/hash_chain.hpp"

namespace xfl::eventstore::internal {
namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void Put(JsonWriter& w, const char* name, std::string_view value) {
    w.Key(name);
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void Put(JsonWriter& w, const char* name, std::uint64_t value) {
    w.Key(name);
    w.Uint64(value);
}

void PutSigned(JsonWriter& w, const char* name, std::int64_t value) {
    w.Key(name);
    w.Int64(value);
}

std::string Join(const std::vector<EventEnvelope>& events, auto field) {
    std::string out;
    for (const EventEnvelope& e : events) {
        if (!out.empty()) out.push_back(',');
        out += field(e);
    }
    return out;
}

Error Bad(const std::string& what) {
    return Error::Make(Errc::kInvalidArgument, "not a valid Xingfuli message: " + what);
}

const std::string* FindHeader(const KafkaHeaders& headers, std::string_view name) {
    for (const auto& [key, value] : headers) {
        if (key == name) return &value;
    }
    return nullptr;
}

Status ExpectHeader(const KafkaHeaders& headers, std::string_view name, const std::string& value) {
    const std::string* found = FindHeader(headers, name);
    if (found == nullptr) return Bad("header " + std::string(name) + " is missing");
    if (*found != value) {
        return Bad("header " + std::string(name) + " says \"" + *found +
                   "\" but the value says \"" + value + "\"");
    }
    return {};
}

// Typed access to a parsed JSON object, naming the first field that is missing or mistyped.
class Fields {
  public:
    explicit Fields(const rapidjson::Value& object) : object_(object) {}

    std::string String(const char* name) {
        auto it = object_.FindMember(name);
        if (it == object_.MemberEnd() || !it->value.IsString()) return Fail(name), std::string();
        return std::string(it->value.GetString(), it->value.GetStringLength());
    }
    std::uint64_t Uint(const char* name) {
        auto it = object_.FindMember(name);
        if (it == object_.MemberEnd() || !it->value.IsUint64()) return Fail(name), 0;
        return it->value.GetUint64();
    }
    std::int64_t Int(const char* name) {
        auto it = object_.FindMember(name);
        if (it == object_.MemberEnd() || !it->value.IsInt64()) return Fail(name), 0;
        return it->value.GetInt64();
    }
    Sha256Digest Hash(const char* name) {
        auto digest = DigestFromHex(String(name));
        if (!digest) return Fail(name), Sha256Digest{};
        return *digest;
    }
    const rapidjson::Value* Member(const char* name, bool array) {
        auto it = object_.FindMember(name);
        if (it == object_.MemberEnd() || (array ? !it->value.IsArray() : !it->value.IsObject())) {
            return Fail(name), nullptr;
        }
        return &it->value;
    }
    const std::string& missing() const { return missing_; }

  private:
    void Fail(const char* name) {
        if (missing_.empty()) missing_ = name;
    }
    const rapidjson::Value& object_;
    std::string missing_;
};

}  // namespace

KafkaHeaders CommitHeaders(const KafkaCommit& commit) {
    const EventEnvelope& first = commit.events.front();
    const EventEnvelope& last = commit.events.back();
    return {
        {std::string(kKindHeader), "commit"},
        {"xfl.format", std::string(kCommitFormat)},
        {"xfl.type", Join(commit.events, [](const EventEnvelope& e) { return e.type; })},
        {"xfl.schema",
         Join(commit.events,
              [](const EventEnvelope& e) { return std::to_string(e.schema_version); })},
        {"xfl.stream", first.stream_id},
        {"xfl.first_version", std::to_string(first.version.value)},
        {"xfl.last_version", std::to_string(last.version.value)},
        {"xfl.command_id", first.command_id},
        {"xfl.actor", first.actor.user_id},
        {"xfl.recorded_at_us", std::to_string(first.recorded_at_us)},
        {"xfl.occurred_at_us", std::to_string(first.occurred_at_us)},
        {"xfl.prev_hash", ToHex(first.prev_hash)},
        {"xfl.hash", ToHex(last.hash)},
        {"xfl.epoch", std::to_string(commit.stamp.epoch)},
        {"xfl.seq", std::to_string(commit.stamp.seq)},
    };
}

KafkaMessage EncodeCommit(const KafkaCommit& commit) {
    const EventEnvelope& first = commit.events.front();
    const EventEnvelope& last = commit.events.back();
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    w.StartObject();
    Put(w, "format", kCommitFormat);
    Put(w, "stream", first.stream_id);
    Put(w, "first_version", first.version.value);
    Put(w, "last_version", last.version.value);
    Put(w, "command_id", first.command_id);
    w.Key("actor");
    w.StartObject();
    Put(w, "user_id", first.actor.user_id);
    Put(w, "role", first.actor.role);
    Put(w, "region", first.actor.region);
    w.EndObject();
    PutSigned(w, "recorded_at_us", first.recorded_at_us);
    Put(w, "writer_epoch", commit.stamp.epoch);
    Put(w, "seq", commit.stamp.seq);
    w.Key("events");
    w.StartArray();
    for (const EventEnvelope& e : commit.events) {
        w.StartObject();
        Put(w, "version", e.version.value);
        Put(w, "type", e.type);
        Put(w, "schema_version", std::uint64_t{e.schema_version});
        PutSigned(w, "occurred_at_us", e.occurred_at_us);
        // The payload travels as a string so that its bytes, which the hash covers, survive.
        Put(w, "payload", e.payload);
        Put(w, "prev_hash", ToHex(e.prev_hash));
        Put(w, "hash", ToHex(e.hash));
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();

    KafkaMessage m;
    m.key = first.stream_id;
    m.value.assign(buffer.GetString(), buffer.GetSize());
    m.headers = CommitHeaders(commit);
    return m;
}

KafkaMessage EncodeClaim(const EpochClaim& claim) {
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    w.StartObject();
    Put(w, "format", kEpochFormat);
    Put(w, "epoch", claim.epoch);
    Put(w, "node", claim.node);
    Put(w, "url", claim.url);
    w.EndObject();
    KafkaMessage m;
    m.key = "xingfuli.writer-epoch";
    m.value.assign(buffer.GetString(), buffer.GetSize());
    m.headers = {{std::string(kKindHeader), "epoch"},
                 {"xfl.format", std::string(kEpochFormat)},
                 {"xfl.epoch", std::to_string(claim.epoch)}};
    return m;
}

MessageKind KindOf(const KafkaHeaders& headers) {
    const std::string* kind = FindHeader(headers, kKindHeader);
    if (kind != nullptr && *kind == "commit") return MessageKind::kCommit;
    if (kind != nullptr && *kind == "epoch") return MessageKind::kClaim;
    return MessageKind::kForeign;
}

Result<KafkaCommit> DecodeCommit(std::string_view value, const KafkaHeaders& headers) {
    rapidjson::Document doc;
    doc.Parse(value.data(), value.size());
    if (doc.HasParseError() || !doc.IsObject()) return Bad("the value is not a JSON object");
    Fields top(doc);
    if (top.String("format") != kCommitFormat) return Bad("format is not xingfuli.commit.v1");
    KafkaCommit commit;
    EventEnvelope common;
    common.stream_id = top.String("stream");
    const std::uint64_t first_version = top.Uint("first_version");
    const std::uint64_t last_version = top.Uint("last_version");
    common.command_id = top.String("command_id");
    common.recorded_at_us = top.Int("recorded_at_us");
    commit.stamp = {top.Uint("writer_epoch"), top.Uint("seq")};
    const rapidjson::Value* actor = top.Member("actor", false);
    const rapidjson::Value* events = top.Member("events", true);
    if (!top.missing().empty()) return Bad("field " + top.missing() + " is missing or mistyped");
    Fields who(*actor);
    common.actor = {who.String("user_id"), who.String("role"), who.String("region")};
    if (!who.missing().empty()) return Bad("actor." + who.missing() + " is missing or mistyped");
    for (const rapidjson::Value& item : events->GetArray()) {
        if (!item.IsObject()) return Bad("an entry of events is not an object");
        Fields f(item);
        EventEnvelope e = common;
        e.version.value = f.Uint("version");
        e.type = f.String("type");
        e.schema_version = static_cast<std::uint32_t>(f.Uint("schema_version"));
        e.occurred_at_us = f.Int("occurred_at_us");
        e.payload = f.String("payload");
        e.prev_hash = f.Hash("prev_hash");
        e.hash = f.Hash("hash");
        if (!f.missing().empty()) return Bad("events[]." + f.missing() + " is missing or mistyped");
        commit.events.push_back(std::move(e));
    }
    if (commit.events.empty() || commit.events.front().version.value != first_version ||
        commit.events.back().version.value != last_version) {
        return Bad("events do not run from first_version to last_version");
    }
    for (const auto& [name, expected] : CommitHeaders(commit)) {
        if (Status s = ExpectHeader(headers, name, expected); !s.ok()) return std::move(s).error();
    }
    return commit;
}

Result<EpochClaim> DecodeClaim(std::string_view value, const KafkaHeaders& headers) {
    rapidjson::Document doc;
    doc.Parse(value.data(), value.size());
    if (doc.HasParseError() || !doc.IsObject()) return Bad("the value is not a JSON object");
    Fields f(doc);
    if (f.String("format") != kEpochFormat) return Bad("format is not xingfuli.epoch.v1");
    EpochClaim claim{f.Uint("epoch"), f.String("node"), f.String("url")};
    if (!f.missing().empty()) return Bad("field " + f.missing() + " is missing or mistyped");
    if (Status s = ExpectHeader(headers, "xfl.epoch", std::to_string(claim.epoch)); !s.ok()) {
        return std::move(s).error();
    }
    return claim;
}

}  // namespace xfl::eventstore::internal
