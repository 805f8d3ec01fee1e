// Private: how projections lie in RocksDB. Key spaces by first byte:
//   'n' name         -> the projection's short id (u16), assigned on first use
//   'p' id(u16) key  -> a projection's state; a short prefix keeps key comparisons cheap
//   'k' name         -> its checkpoint: position (u64), code version (u32) and the hash of the
//                       event at that position (32 bytes; absent in checkpoints written before
//                       it was kept)
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/write_batch.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "xfl/eventstore/envelope.hpp"
#include "xfl/projections/core/store.hpp"
#include "xfl/projections/core/tally.hpp"

namespace xfl::projections {

struct Checkpoint {
    eventstore::LogPosition position;
    std::uint32_t code_version = 0;
    // Ties the position to one event, so a read model is never continued on another log that
    // merely has as many events (a restored backup, a Kafka mirror read again in another order).
    std::optional<eventstore::Sha256Digest> last_hash;
};

class PendingWrites;

struct ProjectionStore::Impl {
    // A clean close leaves nothing for the next open to replay from the write-ahead log.
    ~Impl() {
        if (db) db->Flush(rocksdb::FlushOptions()).PermitUncheckedError();
    }

    std::unique_ptr<rocksdb::DB> db;
    rocksdb::Options db_options;  // those the store was opened with
    std::filesystem::path dir;    // where it lies

    // "p" + the projection's id: the prefix of every state key of a projection. Assigns and
    // stores an id for a name seen the first time. Thread-safe.
    std::string StatePrefix(std::string_view projection);

    Result<std::optional<Checkpoint>> LoadCheckpoint(std::string_view projection) const;
    static void PutCheckpoint(rocksdb::WriteBatchBase& batch, std::string_view projection,
                              const Checkpoint& checkpoint);
    // Deletes every state key of the projection and its checkpoint.
    void Clear(rocksdb::WriteBatchBase& batch, std::string_view projection);
    Status Write(rocksdb::WriteBatch* batch);
    // Stages a projection's pending state together with its checkpoint: into `batch` (which the
    // caller writes) for a few keys; for many (a catch-up's), as a sorted table file handed to
    // RocksDB whole and at once, which skips the memtable that such a batch would overflow.
    // Either way state and checkpoint land together.
    Status StageState(rocksdb::WriteBatch& batch, std::string_view projection,
                      const PendingWrites& pending, const std::optional<Checkpoint>& checkpoint);

  private:
    std::mutex ids_mutex_;
    std::map<std::string, std::string, std::less<>> prefixes_;  // name -> "p" + id
};

// While it lives, L0 table files are compacted into L1 once 12 have gathered instead of the
// store's usual 4: catch-up ingests its held writes as table files whose keys overlap, and each
// compaction rewrites the whole of L1, so fewer of them is less work in all. Then the usual
// trigger again, which compacts what gathered in the background.
class FewerCompactions {
  public:
    explicit FewerCompactions(ProjectionStore::Impl& store);
    ~FewerCompactions();
    FewerCompactions(const FewerCompactions&) = delete;
    FewerCompactions& operator=(const FewerCompactions&) = delete;

  private:
    ProjectionStore::Impl& store_;
};

// A projection's writes not yet in RocksDB: the newest value of each full key, a deletion, or a
// counter kept as a number. Repeated writes of one key collapse here, so a counter that every
// event touches (the city's totals) is neither read back nor printed per event. Catch-up keeps
// them across batches (up to a memory bound) so a key is read from RocksDB once, not per batch.
class PendingWrites {
  public:
    struct Slot {
        enum class Kind : std::uint8_t { kDeleted, kValue, kCounter, kTally };
        Kind kind = Kind::kDeleted;
        std::string value;         // kValue
        std::int64_t counter = 0;  // kCounter
        Tally tally;               // kTally

        std::optional<std::string> Read() const;
    };

    Slot* Find(std::string_view key);
    const Slot* Find(std::string_view key) const;
    void Set(std::string_view key, Slot slot);
    // The pending keys under `start`, in byte order.
    std::vector<std::pair<std::string_view, const Slot*>> Under(std::string_view start) const;

    bool empty() const { return slots_.empty() && counters_.empty(); }
    // Roughly what the slots take in memory, to bound it.
    std::size_t bytes() const { return bytes_; }
    void AppendTo(rocksdb::WriteBatch& batch) const;
    // Every pending write into `table`, in key order as it requires.
    rocksdb::Status WriteSorted(rocksdb::SstFileWriter& table) const;
    void clear();

  private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view key) const {
            return std::hash<std::string_view>()(key);
        }
    };
    using Map = std::unordered_map<std::string, Slot, Hash, std::equal_to<>>;
    // Counters and tallies apart: they are few and touched by most events, so their table
    // stays in the processor's cache instead of being one more miss among every key written.
    Map counters_;
    Map slots_;  // values and deletions
    std::size_t bytes_ = 0;
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
    void Add(std::string_view key, std::int64_t delta) override;
    void AddToTally(std::string_view key, const Tally& deltas) override;

  private:
    std::string Key(std::string_view key) const { return prefix_ + std::string(key); }
    std::optional<std::string> Committed(const std::string& full_key) const;
    rocksdb::DB& db_;
    PendingWrites& pending_;
    std::string prefix_;
};

}  // namespace xfl::projections
