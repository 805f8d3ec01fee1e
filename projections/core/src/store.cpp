#include "xfl/projections/core/store.hpp"

#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>

#include "store_impl.hpp"

namespace xfl::projections {
namespace {

constexpr std::size_t kCheckpointBytes = 12;  // position and code version, big-endian

std::string EncodeCheckpoint(const Checkpoint& c) {
    std::string out(kCheckpointBytes, '\0');
    for (int i = 0; i < 8; ++i) {
        out[static_cast<std::size_t>(i)] = static_cast<char>(c.position.value >> (56 - 8 * i));
    }
    for (int i = 0; i < 4; ++i) {
        out[static_cast<std::size_t>(8 + i)] = static_cast<char>(c.code_version >> (24 - 8 * i));
    }
    if (c.last_hash) out.append(c.last_hash->begin(), c.last_hash->end());
    return out;
}

std::optional<Checkpoint> DecodeCheckpoint(std::string_view bytes) {
    const std::size_t hash_bytes = std::tuple_size_v<eventstore::Sha256Digest>;
    if (bytes.size() != kCheckpointBytes && bytes.size() != kCheckpointBytes + hash_bytes) {
        return std::nullopt;
    }
    Checkpoint c;
    for (std::size_t i = 0; i < 8; ++i) {
        c.position.value = (c.position.value << 8) | static_cast<unsigned char>(bytes[i]);
    }
    for (std::size_t i = 8; i < kCheckpointBytes; ++i) {
        c.code_version = (c.code_version << 8) | static_cast<unsigned char>(bytes[i]);
    }
    if (bytes.size() > kCheckpointBytes) {
        eventstore::Sha256Digest hash;
        for (std::size_t i = 0; i < hash_bytes; ++i) {
            hash[i] = static_cast<std::uint8_t>(bytes[kCheckpointBytes + i]);
        }
        c.last_hash = hash;
    }
    return c;
}

// Visits keys under `prefix` through `it`, handing out keys without the projection's prefix.
void ScanWith(rocksdb::Iterator& it, const std::string& projection_prefix, std::string_view prefix,
              const std::function<bool(std::string_view, std::string_view)>& visit) {
    const std::string start = projection_prefix + std::string(prefix);
    for (it.Seek(start); it.Valid() && it.key().starts_with(start); it.Next()) {
        std::string_view key = it.key().ToStringView().substr(projection_prefix.size());
        if (!visit(key, it.value().ToStringView())) return;
    }
    if (!it.status().ok()) throw std::runtime_error("projection scan: " + it.status().ToString());
}

class DbStateView final : public StateView {
  public:
    DbStateView(ProjectionStore::Impl& store, std::string_view projection)
        : db_(*store.db), prefix_(store.StatePrefix(projection)) {}

    std::optional<std::string> Get(std::string_view key) const override {
        std::string value;
        rocksdb::Status s = db_.Get(rocksdb::ReadOptions(), prefix_ + std::string(key), &value);
        if (s.IsNotFound()) return std::nullopt;
        if (!s.ok()) throw std::runtime_error("projection read: " + s.ToString());
        return value;
    }

    void Scan(std::string_view prefix,
              const std::function<bool(std::string_view, std::string_view)>& visit) const override {
        std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(rocksdb::ReadOptions()));
        ScanWith(*it, prefix_, prefix, visit);
    }

  private:
    rocksdb::DB& db_;
    std::string prefix_;
};

std::string CheckpointKey(std::string_view projection) {
    std::string key = "k";
    key.append(projection);
    return key;
}

}  // namespace

std::string ProjectionStore::Impl::StatePrefix(std::string_view projection) {
    std::lock_guard lock(ids_mutex_);
    if (auto it = prefixes_.find(projection); it != prefixes_.end()) return it->second;
    const std::string name_key = "n" + std::string(projection);
    std::string id;
    rocksdb::Status s = db->Get(rocksdb::ReadOptions(), name_key, &id);
    if (s.IsNotFound()) {
        // Ids are dense: the next one is the number of names registered so far.
        std::uint16_t count = 0;
        std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions()));
        for (it->Seek("n"); it->Valid() && it->key().starts_with("n"); it->Next()) ++count;
        id = {static_cast<char>(count >> 8), static_cast<char>(count & 0xff)};
        rocksdb::WriteOptions synced;
        synced.sync = true;
        s = db->Put(synced, name_key, id);
    }
    if (!s.ok() || id.size() != 2) {
        throw std::runtime_error("projection id of " + std::string(projection) + ": " +
                                 s.ToString());
    }
    return prefixes_.emplace(std::string(projection), "p" + id).first->second;
}

Result<std::optional<Checkpoint>> ProjectionStore::Impl::LoadCheckpoint(
    std::string_view projection) const {
    std::string value;
    rocksdb::Status s = db->Get(rocksdb::ReadOptions(), CheckpointKey(projection), &value);
    if (s.IsNotFound()) return std::optional<Checkpoint>();
    if (!s.ok()) return Error::Make(Errc::kUnavailable, "reading a checkpoint: " + s.ToString());
    auto checkpoint = DecodeCheckpoint(value);
    if (!checkpoint) {
        return Error::Make(Errc::kDataLoss,
                           "corrupt checkpoint of projection " + std::string(projection));
    }
    return checkpoint;
}

void ProjectionStore::Impl::PutCheckpoint(rocksdb::WriteBatchBase& batch,
                                          std::string_view projection,
                                          const Checkpoint& checkpoint) {
    rocksdb::Status s = batch.Put(CheckpointKey(projection), EncodeCheckpoint(checkpoint));
    if (!s.ok()) throw std::runtime_error("staging a checkpoint: " + s.ToString());
}

void ProjectionStore::Impl::Clear(rocksdb::WriteBatchBase& batch, std::string_view projection) {
    const std::string begin = StatePrefix(projection);
    std::string end = begin;
    // The first key after every "p<id>..." key: the id plus one, as two big-endian bytes.
    const auto id = static_cast<std::uint16_t>((static_cast<unsigned char>(begin[1]) << 8) |
                                               static_cast<unsigned char>(begin[2]));
    end[1] = static_cast<char>((id + 1) >> 8);
    end[2] = static_cast<char>((id + 1) & 0xff);
    if (id == 0xffff) end = "q";
    rocksdb::Status s = batch.DeleteRange(begin, end);
    if (s.ok()) s = batch.Delete(CheckpointKey(projection));
    if (!s.ok()) throw std::runtime_error("staging a projection reset: " + s.ToString());
}

Status ProjectionStore::Impl::Write(rocksdb::WriteBatch* batch) {
    // No write-ahead log: projections can always be rebuilt from the event log. State and
    // checkpoint share this batch in one column family, so a crash loses whole batches only
    // (state together with its checkpoint) and catch-up re-applies them.
    rocksdb::WriteOptions options;
    options.disableWAL = true;
    rocksdb::Status s = db->Write(options, batch);
    if (!s.ok()) return Error::Make(Errc::kUnavailable, "writing projections: " + s.ToString());
    return {};
}

void PendingWrites::AppendTo(rocksdb::WriteBatch& batch) const {
    for (const auto& [key, value] : entries_) {
        rocksdb::Status s = value ? batch.Put(key, *value) : batch.Delete(key);
        if (!s.ok()) throw std::runtime_error("staging projection writes: " + s.ToString());
    }
}

BatchStateWriter::BatchStateWriter(ProjectionStore::Impl& store, PendingWrites& pending,
                                   std::string_view projection)
    : db_(*store.db), pending_(pending), prefix_(store.StatePrefix(projection)) {}

std::optional<std::string> BatchStateWriter::Get(std::string_view key) const {
    const std::string full = Key(key);
    if (auto it = pending_.entries().find(full); it != pending_.entries().end()) return it->second;
    std::string value;
    rocksdb::Status s = db_.Get(rocksdb::ReadOptions(), full, &value);
    if (s.IsNotFound()) return std::nullopt;
    if (!s.ok()) throw std::runtime_error("projection read: " + s.ToString());
    return value;
}

// Merges the committed keys with the pending ones in key order; a pending write wins.
void BatchStateWriter::Scan(
    std::string_view prefix,
    const std::function<bool(std::string_view, std::string_view)>& visit) const {
    const std::string start = Key(prefix);
    const PendingWrites::Map& pending = pending_.entries();
    auto p = pending.lower_bound(start);
    auto pending_in_range = [&] { return p != pending.end() && p->first.starts_with(start); };
    std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(rocksdb::ReadOptions()));
    it->Seek(start);
    auto committed_in_range = [&] { return it->Valid() && it->key().starts_with(start); };
    for (;;) {
        const bool has_p = pending_in_range();
        const bool has_c = committed_in_range();
        if (!has_p && !has_c) break;
        const int order = !has_p   ? 1
                          : !has_c ? -1
                                   : std::string_view(p->first).compare(it->key().ToStringView());
        bool go_on = true;
        if (order <= 0) {
            if (p->second) {
                go_on = visit(std::string_view(p->first).substr(prefix_.size()), *p->second);
            }
            if (order == 0) it->Next();
            ++p;
        } else {
            go_on =
                visit(it->key().ToStringView().substr(prefix_.size()), it->value().ToStringView());
            it->Next();
        }
        if (!go_on) return;
    }
    if (!it->status().ok()) throw std::runtime_error("projection scan: " + it->status().ToString());
}

void BatchStateWriter::Put(std::string_view key, std::string_view value) {
    pending_.entries().insert_or_assign(Key(key), std::string(value));
}

void BatchStateWriter::Delete(std::string_view key) {
    pending_.entries().insert_or_assign(Key(key), std::nullopt);
}

ProjectionStore::ProjectionStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ProjectionStore::~ProjectionStore() = default;

Result<std::unique_ptr<ProjectionStore>> ProjectionStore::Open(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        return Error::Make(Errc::kUnavailable,
                           "cannot create " + dir.string() + ": " + ec.message());
    }
    rocksdb::Options options;
    options.create_if_missing = true;
    options.max_background_jobs = 2;
    rocksdb::BlockBasedTableOptions table;
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
    rocksdb::DB* raw = nullptr;
    rocksdb::Status s = rocksdb::DB::Open(options, dir.string(), &raw);
    if (s.IsIOError() && s.ToString().find("lock") != std::string::npos) {
        return Error::Make(Errc::kBusy, "the projection store in " + dir.string() +
                                            " is in use by another process; stop it first");
    }
    if (!s.ok()) {
        return Error::Make(Errc::kUnavailable,
                           "opening the projection store in " + dir.string() + ": " + s.ToString());
    }
    auto impl = std::make_unique<Impl>();
    impl->db.reset(raw);
    return std::unique_ptr<ProjectionStore>(new ProjectionStore(std::move(impl)));
}

std::unique_ptr<StateView> ProjectionStore::View(std::string_view projection_name) const {
    return std::make_unique<DbStateView>(*impl_, projection_name);
}

}  // namespace xfl::projections
