#include "xfl/projections/core/store.hpp"

#include <rocksdb/filter_policy.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/table.h>

#include <algorithm>

#include "store_impl.hpp"
#include "xfl/projections/core/delimited.hpp"

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

std::optional<std::string> PendingWrites::Slot::Read() const {
    switch (kind) {
        case Kind::kDeleted:
            return std::nullopt;
        case Kind::kValue:
            return value;
        case Kind::kCounter:
            return std::to_string(counter);
        case Kind::kTally: {
            // Counts that came back to zero leave no key, however many writes they took.
            std::string encoded = EncodeTally(tally);
            if (encoded.empty()) return std::nullopt;
            return encoded;
        }
    }
    return std::nullopt;
}

namespace {
std::size_t SlotBytes(std::string_view key, const PendingWrites::Slot& slot) {
    constexpr std::size_t kPerSlot = 144;  // the node, its hash bucket, strings' and map's headers
    constexpr std::size_t kPerName = 80;   // a tally's tree node with a short name
    return kPerSlot + key.size() + slot.value.capacity() + slot.tally.size() * kPerName;
}
}  // namespace

PendingWrites::Slot* PendingWrites::Find(std::string_view key) {
    if (auto it = counters_.find(key); it != counters_.end()) return &it->second;
    auto it = slots_.find(key);
    return it == slots_.end() ? nullptr : &it->second;
}

const PendingWrites::Slot* PendingWrites::Find(std::string_view key) const {
    return const_cast<PendingWrites*>(this)->Find(key);
}

void PendingWrites::Set(std::string_view key, Slot slot) {
    const bool counter = slot.kind == Slot::Kind::kCounter || slot.kind == Slot::Kind::kTally;
    Map& into = counter ? counters_ : slots_;
    Map& other = counter ? slots_ : counters_;
    if (auto it = other.find(key); it != other.end()) {
        bytes_ -= SlotBytes(key, it->second);
        other.erase(it);
    }
    if (auto it = into.find(key); it != into.end()) {
        bytes_ -= SlotBytes(key, it->second);
        it->second = std::move(slot);
        bytes_ += SlotBytes(key, it->second);
        return;
    }
    auto [it, inserted] = into.emplace(std::string(key), std::move(slot));
    bytes_ += SlotBytes(it->first, it->second);
}

std::vector<std::pair<std::string_view, const PendingWrites::Slot*>> PendingWrites::Under(
    std::string_view start) const {
    std::vector<std::pair<std::string_view, const Slot*>> under;
    for (const Map* map : {&counters_, &slots_}) {
        for (const auto& [key, slot] : *map) {
            if (key.starts_with(start)) under.emplace_back(key, &slot);
        }
    }
    std::sort(under.begin(), under.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return under;
}

void PendingWrites::AppendTo(rocksdb::WriteBatch& batch) const {
    for (const Map* map : {&counters_, &slots_}) {
        for (const auto& [key, slot] : *map) {
            const auto value = slot.Read();
            rocksdb::Status s = value ? batch.Put(key, *value) : batch.Delete(key);
            if (!s.ok()) throw std::runtime_error("staging projection writes: " + s.ToString());
        }
    }
}

rocksdb::Status PendingWrites::WriteSorted(rocksdb::SstFileWriter& table) const {
    for (const auto& [key, slot] : Under("")) {
        const auto value = slot->Read();
        rocksdb::Status s = value ? table.Put(key, *value) : table.Delete(key);
        if (!s.ok()) return s;
    }
    return rocksdb::Status::OK();
}

Status ProjectionStore::Impl::StageState(rocksdb::WriteBatch& batch, std::string_view projection,
                                         const PendingWrites& pending,
                                         const std::optional<Checkpoint>& checkpoint) {
    constexpr std::size_t kTableFileBytes = std::size_t{1} << 20;
    if (pending.bytes() < kTableFileBytes) {
        pending.AppendTo(batch);
        if (checkpoint) PutCheckpoint(batch, projection, *checkpoint);
        return {};
    }
    const std::filesystem::path file = dir / ("catch-up-" + std::string(projection) + ".sst");
    rocksdb::SstFileWriter table(rocksdb::EnvOptions(), db_options);
    rocksdb::Status s = table.Open(file.string());
    // The checkpoint's key ('k…') sorts before every state key ('p…').
    if (s.ok() && checkpoint) {
        s = table.Put(CheckpointKey(projection), EncodeCheckpoint(*checkpoint));
    }
    if (s.ok()) s = pending.WriteSorted(table);
    if (s.ok()) s = table.Finish();
    if (s.ok()) {
        rocksdb::IngestExternalFileOptions ingest;
        ingest.move_files = true;
        s = db->IngestExternalFile({file.string()}, ingest);
    }
    std::error_code ignored;
    std::filesystem::remove(file, ignored);
    if (!s.ok()) return Error::Make(Errc::kUnavailable, "writing projections: " + s.ToString());
    return {};
}

namespace {
void SetCompactionTrigger(ProjectionStore::Impl& store, int files) {
    // Only a cost if it fails: the store works with either trigger.
    store.db->SetOptions({{"level0_file_num_compaction_trigger", std::to_string(files)}})
        .PermitUncheckedError();
}
}  // namespace

FewerCompactions::FewerCompactions(ProjectionStore::Impl& store) : store_(store) {
    constexpr int kCatchUpTrigger = 12;
    SetCompactionTrigger(store_, kCatchUpTrigger);
}

FewerCompactions::~FewerCompactions() {
    SetCompactionTrigger(store_, store_.db_options.level0_file_num_compaction_trigger);
}

void PendingWrites::clear() {
    counters_.clear();
    slots_.clear();
    bytes_ = 0;
}

BatchStateWriter::BatchStateWriter(ProjectionStore::Impl& store, PendingWrites& pending,
                                   std::string_view projection)
    : db_(*store.db), pending_(pending), prefix_(store.StatePrefix(projection)) {}

std::optional<std::string> BatchStateWriter::Committed(const std::string& full_key) const {
    std::string value;
    rocksdb::Status s = db_.Get(rocksdb::ReadOptions(), full_key, &value);
    if (s.IsNotFound()) return std::nullopt;
    if (!s.ok()) throw std::runtime_error("projection read: " + s.ToString());
    return value;
}

std::optional<std::string> BatchStateWriter::Get(std::string_view key) const {
    const std::string full = Key(key);
    if (const PendingWrites::Slot* slot = pending_.Find(full)) return slot->Read();
    return Committed(full);
}

// Merges the committed keys with the pending ones in key order; a pending write wins.
void BatchStateWriter::Scan(
    std::string_view prefix,
    const std::function<bool(std::string_view, std::string_view)>& visit) const {
    const std::string start = Key(prefix);
    const auto pending = pending_.Under(start);
    auto p = pending.begin();
    std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(rocksdb::ReadOptions()));
    it->Seek(start);
    auto committed_in_range = [&] { return it->Valid() && it->key().starts_with(start); };
    for (;;) {
        const bool has_p = p != pending.end();
        const bool has_c = committed_in_range();
        if (!has_p && !has_c) break;
        const int order = !has_p ? 1 : !has_c ? -1 : p->first.compare(it->key().ToStringView());
        bool go_on = true;
        if (order <= 0) {
            if (auto value = p->second->Read()) {
                go_on = visit(p->first.substr(prefix_.size()), *value);
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
    pending_.Set(Key(key), {PendingWrites::Slot::Kind::kValue, std::string(value), 0, {}});
}

void BatchStateWriter::Delete(std::string_view key) { pending_.Set(Key(key), {}); }

void BatchStateWriter::Add(std::string_view key, std::int64_t delta) {
    using Kind = PendingWrites::Slot::Kind;
    const std::string full = Key(key);
    PendingWrites::Slot* slot = pending_.Find(full);
    if (slot && slot->kind == Kind::kCounter) {
        slot->counter += delta;
        return;
    }
    const auto current = slot ? slot->Read() : Committed(full);
    pending_.Set(full, {Kind::kCounter, {}, (current ? ParseInt(*current) : 0) + delta, {}});
}

void BatchStateWriter::AddToTally(std::string_view key, const Tally& deltas) {
    using Kind = PendingWrites::Slot::Kind;
    const std::string full = Key(key);
    PendingWrites::Slot* slot = pending_.Find(full);
    if (!slot || slot->kind != Kind::kTally) {
        const auto current = slot ? slot->Read() : Committed(full);
        auto tally = DecodeTally(current.value_or(""));
        if (!tally) throw std::runtime_error("corrupt read model tally " + std::string(key));
        pending_.Set(full, {Kind::kTally, {}, 0, std::move(*tally)});
        slot = pending_.Find(full);
    }
    for (const auto& [name, delta] : deltas) {
        auto at = slot->tally.lower_bound(name);
        if (at == slot->tally.end() || at->first != name) {
            at = slot->tally.emplace_hint(at, name, 0);
        }
        at->second += delta;
    }
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
    impl->db_options = options;
    impl->dir = dir;
    return std::unique_ptr<ProjectionStore>(new ProjectionStore(std::move(impl)));
}

std::unique_ptr<StateView> ProjectionStore::View(std::string_view projection_name) const {
    return std::make_unique<DbStateView>(*impl_, projection_name);
}

}  // namespace xfl::projections
