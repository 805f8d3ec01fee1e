// Private: how projections lie in RocksDB. Key spaces by first byte:
//   'n' name         -> the projection's short id (u16), assigned on first use
//   'p' id(u16) key  -> a projection's state; a short prefix keeps key comparisons cheap
//   'k' name         -> its checkpoint: position (u64), code version (u32) and the hash of the
//                       event at that position (32 bytes; absent in checkpoints written before
//                       it was kept)
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "xfl/eventstore/envelope.hpp"
#include "xfl/projections/core/store.hpp"

namespace xfl::projections {

struct Checkpoint {
    eventstore::LogPosition position;
    std::uint32_t code_version = 0;
    // Ties the position to one event, so a read model is never continued on another log that
    // merely has as many events (a restored backup, a Kafka mirror read again in another order).
    std::optional<eventstore::Sha256Digest> last_hash;
};

struct ProjectionStore::Impl {
    // A clean close leaves nothing for the next open to replay from the write-ahead log.
    ~Impl() {
        if (db) db->Flush(rocksdb::FlushOptions()).PermitUncheckedError();
    }

    std::unique_ptr<rocksdb::DB> db;

    // "p" + the projection's id: the prefix of every state key of a projection. Assigns and
    // stores an id for a name seen the first time. Thread-safe.
    std::string StatePrefix(std::string_view projection);

    Result<std::optional<Checkpoint>> LoadCheckpoint(std::string_view projection) const;
    static void PutCheckpoint(rocksdb::WriteBatchBase& batch, std::string_view projection,
                              const Checkpoint& checkpoint);
    // Deletes every state key of the projection and its checkpoint.
    void Clear(rocksdb::WriteBatchBase& batch, std::string_view projection);
    Status Write(rocksdb::WriteBatch* batch);

  private:
    std::mutex ids_mutex_;
    std::map<std::string, std::string, std::less<>> prefixes_;  // name -> "p" + id
};

// The state writes of one batch being applied: the newest value of each full key (nullopt:
// deleted). Repeated writes of one key collapse here, so a counter that every event touches
// (the city's totals) reaches RocksDB once per batch rather than once per event.
class PendingWrites {
  public:
    using Map = std::map<std::string, std::optional<std::string>, std::less<>>;
    Map& entries() { return entries_; }
    const Map& entries() const { return entries_; }
    void AppendTo(rocksdb::WriteBatch& batch) const;

  private:
    Map entries_;
};

// Apply's view of a projection: the pending writes over the committed state.
class BatchStateWriter final : public StateWriter {
  public:
    BatchStateWriter(ProjectionStore::Impl& store, PendingWrites& pending,
                     std::string_view projection);
    std::optional<std::string> Get(std::string_view key) const override;
    void Scan(std::string_view prefix,
              const std::function<bool(std::string_view, std::string_view)>& visit) const override;
    void Put(std::string_view key, std::string_view value) override;
    void Delete(std::string_view key) override;

  private:
    std::string Key(std::string_view key) const { return prefix_ + std::string(key); }
    rocksdb::DB& db_;
    PendingWrites& pending_;
    std::string prefix_;
};

}  // namespace xfl::projections
