// Private: how projections lie in RocksDB. Key spaces by first byte:
//   'p' name \0 key  -> a projection's state
//   'k' name         -> its checkpoint: position (u64) and code version (u32)
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/utilities/write_batch_with_index.h>

#include <memory>
#include <string>

#include "xfl/eventstore/envelope.hpp"
#include "xfl/projections/store.hpp"

namespace xfl::projections {

struct Checkpoint {
    eventstore::LogPosition position;
    std::uint32_t code_version = 0;
};

// "p<name>\0": the prefix of every state key of a projection.
std::string StatePrefix(std::string_view projection);

struct ProjectionStore::Impl {
    // A clean close leaves nothing for the next open to replay from the write-ahead log.
    ~Impl() {
        if (db) db->Flush(rocksdb::FlushOptions()).PermitUncheckedError();
    }

    std::unique_ptr<rocksdb::DB> db;

    Result<std::optional<Checkpoint>> LoadCheckpoint(std::string_view projection) const;
    static void PutCheckpoint(rocksdb::WriteBatchBase& batch, std::string_view projection,
                              const Checkpoint& checkpoint);
    // Deletes every state key of the projection and its checkpoint.
    static void Clear(rocksdb::WriteBatchBase& batch, std::string_view projection);
    Status Write(rocksdb::WriteBatch* batch);
};

// Apply's view of a projection: the batch being built over the committed state.
class BatchStateWriter final : public StateWriter {
public:
    BatchStateWriter(rocksdb::DB& db, rocksdb::WriteBatchWithIndex& batch,
                     std::string_view projection);
    std::optional<std::string> Get(std::string_view key) const override;
    void Scan(std::string_view prefix,
              const std::function<bool(std::string_view, std::string_view)>& visit) const override;
    void Put(std::string_view key, std::string_view value) override;
    void Delete(std::string_view key) override;

private:
    std::string Key(std::string_view key) const { return prefix_ + std::string(key); }
    rocksdb::DB& db_;
    rocksdb::WriteBatchWithIndex& batch_;
    std::string prefix_;
};

}  // namespace xfl::projections
