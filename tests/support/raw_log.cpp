#include "support/raw_log.hpp"

#include <catch2/catch.hpp>

#include "byte_io.hpp"
#include "record_codec.hpp"
#include "xfl/eventstore/hash_chain.hpp"

namespace xfl::testing {
namespace {

std::string EventKey(std::uint64_t position) {
    std::string key = "e";
    for (int i = 7; i >= 0; --i) key.push_back(static_cast<char>((position >> (8 * i)) & 0xff));
    return key;
}

}  // namespace

void RawLog::RewriteLastEvent(std::uint64_t position, const std::string& from,
                              const std::string& to) {
    auto event = eventstore::internal::DecodeRecord(Get(position), {position});
    REQUIRE(event.ok());
    const auto at = event->payload.find(from);
    REQUIRE(at != std::string::npos);
    event->payload.replace(at, from.size(), to);
    event->hash = eventstore::ComputeEventHash(*event);
    std::string record;
    eventstore::internal::EncodeRecord(*event, record);
    Put(position, record);
    // The stream's index entry of this commit: 's' stream \0 first version -> last version,
    // first position, last hash. The commit holds this one event.
    std::string key = "s" + event->stream_id + '\0';
    eventstore::internal::PutU64(key, event->version.value);
    std::string value;
    eventstore::internal::PutU64(value, event->version.value);
    eventstore::internal::PutU64(value, position);
    value.append(reinterpret_cast<const char*>(event->hash.data()), event->hash.size());
    REQUIRE(db_->Put(rocksdb::WriteOptions(), key, value).ok());
}

RawLog::RawLog(const std::filesystem::path& log_dir) {
    rocksdb::DB* raw = nullptr;
    REQUIRE(rocksdb::DB::Open(rocksdb::Options(), log_dir.string(), &raw).ok());
    db_.reset(raw);
}

std::string RawLog::Get(std::uint64_t position) {
    std::string value;
    REQUIRE(db_->Get(rocksdb::ReadOptions(), EventKey(position), &value).ok());
    return value;
}

void RawLog::Put(std::uint64_t position, const std::string& record) {
    REQUIRE(db_->Put(rocksdb::WriteOptions(), EventKey(position), record).ok());
}

void RawLog::Delete(std::uint64_t position) {
    REQUIRE(db_->Delete(rocksdb::WriteOptions(), EventKey(position)).ok());
}

}  // namespace xfl::testing
