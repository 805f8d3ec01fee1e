#include "record_codec.hpp"

#include <algorithm>

#include "byte_io.hpp"

namespace xfl::eventstore::internal {
namespace {

constexpr std::uint8_t kRecordFormat = 1;

void PutDigest(std::string& out, const Sha256Digest& d) {
    out.append(reinterpret_cast<const char*>(d.data()), d.size());
}

void TakeDigest(ByteReader& in, Sha256Digest& d) {
    std::string_view raw = in.Take(d.size());
    if (in.ok()) std::copy(raw.begin(), raw.end(), reinterpret_cast<char*>(d.data()));
}

}  // namespace

void EncodeRecord(const EventEnvelope& e, std::string& out) {
    out.push_back(static_cast<char>(kRecordFormat));
    PutU64(out, e.position.value);
    PutU64(out, e.version.value);
    PutU64(out, static_cast<std::uint64_t>(e.recorded_at_us));
    PutU64(out, static_cast<std::uint64_t>(e.occurred_at_us));
    PutU32(out, e.schema_version);
    PutDigest(out, e.prev_hash);
    PutDigest(out, e.hash);
    PutBytes(out, e.stream_id);
    PutBytes(out, e.type);
    PutBytes(out, e.command_id);
    PutBytes(out, e.actor.user_id);
    PutBytes(out, e.actor.role);
    PutBytes(out, e.actor.region);
    PutBytes(out, e.payload);
}

Status DecodeRecordInto(std::string_view bytes, LogPosition stored_at, EventEnvelope& e) {
    ByteReader in(bytes);
    const std::uint8_t format = in.U8();
    e.position.value = in.U64();
    e.version.value = in.U64();
    e.recorded_at_us = static_cast<std::int64_t>(in.U64());
    e.occurred_at_us = static_cast<std::int64_t>(in.U64());
    e.schema_version = in.U32();
    TakeDigest(in, e.prev_hash);
    TakeDigest(in, e.hash);
    e.stream_id.assign(in.Bytes());
    e.type.assign(in.Bytes());
    e.command_id.assign(in.Bytes());
    e.actor.user_id.assign(in.Bytes());
    e.actor.role.assign(in.Bytes());
    e.actor.region.assign(in.Bytes());
    e.payload.assign(in.Bytes());
    if (!in.ok() || !in.AtEnd() || format != kRecordFormat) {
        return Error::Make(Errc::kDataLoss, "corrupt or truncated event record at log position " +
                                                std::to_string(stored_at.value));
    }
    return {};
}

}  // namespace xfl::eventstore::internal
