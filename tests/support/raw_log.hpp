// Direct access to a closed embedded log's RocksDB directory, to tamper with it as an attacker
// with disk access would ('e' + big-endian position -> event record is the storage format).
#pragma once

#include <rocksdb/db.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace xfl::testing {

class RawLog {
  public:
    explicit RawLog(const std::filesystem::path& log_dir);  // REQUIREs the open
    std::string Get(std::uint64_t position);
    void Put(std::uint64_t position, const std::string& record);
    void Delete(std::uint64_t position);
    // Rewrites the event at `position`, which must be the last of its stream, as one would who
    // knows the storage format: its payload replaced, its hash recomputed and the stream's
    // index updated, so that every hash chain holds again.
    void RewriteLastEvent(std::uint64_t position, const std::string& from, const std::string& to);

  private:
    std::unique_ptr<rocksdb::DB> db_;
};

}  // namespace xfl::testing
