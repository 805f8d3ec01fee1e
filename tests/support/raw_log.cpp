#include "support/raw_log.hpp"

#include <catch2/catch.hpp>

namespace xfl::testing {
namespace {

std::string EventKey(std::uint64_t position) {
    std::string key = "e";
    for (int i = 7; i >= 0; --i) key.push_back(static_cast<char>((position >> (8 * i)) & 0xff));
    return key;
}

}  // namespace

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
