#include "log_store.hpp"

#include <rocksdb/cache.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>

#include <algorithm>
#include <cstdio>

#include "byte_io.hpp"
#include "fault_fs.hpp"
#include "log_keys.hpp"
#include "record_codec.hpp"
#include "xfl/eventstore/hash_chain.hpp"

namespace xfl::eventstore::internal {
namespace {

// RocksDB's own words name files and directories: they go to the server's log, never to a
// client.
Error FromRocksStatus(const rocksdb::Status& s, const std::string& what) {
    std::fprintf(stderr, "xingfuli: %s: %s\n", what.c_str(), s.ToString().c_str());
    if (s.IsCorruption()) {
        return Error::Make(Errc::kDataLoss, what + ": stored data is corrupt (see the server log)");
    }
    const char* why = s.IsNoSpace() ? "no space left on the disk" : "a disk error";
    return Error::Make(Errc::kUnavailable,
                       what + ": " + why + "; nothing was changed (see the server log)");
}

// Tells the memtable that event keys arrive in increasing order, so each insert can start from
// where the previous one ended; other keys (random stream ids, command ids) get no hint.
class EventKeysGrow final : public rocksdb::SliceTransform {
  public:
    const char* Name() const override { return "xfl.EventKeysGrow"; }
    rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
        return rocksdb::Slice(key.data(), 1);
    }
    bool InDomain(const rocksdb::Slice& key) const override {
        return !key.empty() && key[0] == kEventSpace;
    }
};

constexpr std::size_t kBlockCacheBytes = 64 << 20;

rocksdb::Options LogOptions() {
    rocksdb::Options options;
    options.create_if_missing = true;
    options.max_background_jobs = 2;
    // After a failed write (a full disk) RocksDB retries on its own; a short interval means the
    // log writes again soon after space is back.
    options.bgerror_resume_retry_interval = 500'000;
    options.memtable_insert_with_hint_prefix_extractor = std::make_shared<EventKeysGrow>();
    // The log is mostly scanned in order (rebuild, verify, catch-up): LZ4 decompresses faster
    // than the default Snappy, and larger blocks mean fewer block lookups per event.
    options.compression = rocksdb::kLZ4Compression;
    rocksdb::BlockBasedTableOptions table;
    table.block_size = 16 * 1024;
    // Stream heads and command ids are point lookups, mostly of keys that are absent.
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    // A stream read fetches each commit's events from wherever they lie in the log: with
    // RocksDB's default 8 MiB cache most of those blocks were decompressed anew for each read.
    table.block_cache = rocksdb::NewLRUCache(kBlockCacheBytes);
    options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
    return options;
}

}  // namespace

Result<std::unique_ptr<LogStore>> LogStore::Open(const std::filesystem::path& dir,
                                                 InjectedFaults faults) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        return Error::Make(Errc::kUnavailable,
                           "cannot create log directory " + dir.string() + ": " + ec.message());
    }
    std::unique_ptr<rocksdb::Env> env;
    rocksdb::Options options = LogOptions();
    if (faults.any()) {
        env = NewFaultyEnv(std::move(faults));
        options.env = env.get();
    }
    rocksdb::DB* raw = nullptr;
    rocksdb::Status s = rocksdb::DB::Open(options, dir.string(), &raw);
    if (s.IsIOError() && s.ToString().find("lock") != std::string::npos) {
        return Error::Make(Errc::kBusy, "the event log in " + dir.string() +
                                            " is in use by another process; stop it first (" +
                                            s.ToString() + ")");
    }
    if (!s.ok()) return FromRocksStatus(s, "opening the event log in " + dir.string());
    std::unique_ptr<LogStore> store(
        new LogStore(std::move(env), std::unique_ptr<rocksdb::DB>(raw)));
    if (Status tail = store->RecoverTail(); !tail.ok()) return std::move(tail).error();
    return store;
}

LogStore::LogStore(std::unique_ptr<rocksdb::Env> env, std::unique_ptr<rocksdb::DB> db)
    : env_(std::move(env)), db_(std::move(db)) {}

Status LogStore::Recover() {
    std::lock_guard lock(recover_mutex_);
    if (!write_failed_.load()) return {};
    rocksdb::Status resumed = db_->Resume();
    if (resumed.IsBusy()) {
        // RocksDB's own recovery is under way: the next call asks again.
        return Error::Make(Errc::kUnavailable,
                           "the event log cannot write: a write failed (a full disk?) and it is "
                           "recovering; nothing was changed");
    }
    if (!resumed.ok()) return FromRocksStatus(resumed, "the event log cannot write");
    write_failed_.store(false);
    std::fprintf(stderr, "xingfuli: the event log can write again\n");
    return {};
}

std::optional<std::string> LogStore::WriteProblem() {
    if (!write_failed_.load()) return std::nullopt;
    Status recovered = Recover();
    if (recovered.ok()) return std::nullopt;
    return recovered.error().message;
}

LogStore::~LogStore() {
    Close();
    // A clean close leaves nothing for the next open to replay from the write-ahead log.
    db_->Flush(rocksdb::FlushOptions()).PermitUncheckedError();
}

void LogStore::Close() {
    {
        std::lock_guard lock(head_mutex_);
        closed_ = true;
    }
    head_cv_.notify_all();
}

Status LogStore::RecoverTail() {
    std::string head_value;
    rocksdb::Status got = db_->Get(rocksdb::ReadOptions(), kHeadKey, &head_value);
    if (!got.ok() && !got.IsNotFound()) return FromRocksStatus(got, "reading the log's head");
    std::optional<HeadRecord> recorded;
    if (got.ok()) {
        recorded = DecodeHead(head_value);
        if (!recorded) return Error::Make(Errc::kDataLoss, "the log's head record is corrupt");
    }
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
    it->SeekForPrev(EventKey(LogPosition{UINT64_MAX}));
    if (!it->status().ok()) return FromRocksStatus(it->status(), "reading the log's tail");
    LogPosition head{0};
    if (it->Valid() && it->key().size() == 9 && it->key()[0] == kEventSpace) {
        LogPosition stored_at{DecodeU64(it->key().ToStringView().substr(1))};
        auto last = DecodeRecord(it->value().ToStringView(), stored_at);
        if (!last.ok()) return std::move(last).error();
        if (last->position != stored_at) {
            return Error::Make(Errc::kDataLoss,
                               "event record at log position " + std::to_string(stored_at.value) +
                                   " says it belongs at " + std::to_string(last->position.value));
        }
        head = stored_at;
        last_recorded_at_us_ = last->recorded_at_us;
        if (!recorded) {
            // A log written before head records existed: record its head now.
            rocksdb::WriteOptions synced;
            synced.sync = true;
            rocksdb::Status put = db_->Put(synced, kHeadKey, EncodeHead({stored_at, last->hash}));
            if (!put.ok()) return FromRocksStatus(put, "recording the log's head");
        }
    }
    // Events deleted from the tail keep their positions: nothing new takes their place, and
    // reads and `verify` name the gap instead of serving another event there.
    if (recorded && recorded->position > head) head = recorded->position;
    next_position_ = head.Next();
    head_.store(head.value);
    return {};
}

Result<std::vector<EventEnvelope>> LogStore::ReadStream(const StreamQuery& query) {
    const std::string prefix = CommitPrefix(query.stream_id);
    std::vector<std::string> keys;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
    // Start at the commit holding from_version: the last one that begins at or before it.
    it->SeekForPrev(CommitKey(query.stream_id, query.from_version));
    if (!it->Valid() || !it->key().starts_with(prefix)) it->Seek(prefix);
    std::optional<CommitEntry> last_commit;
    for (; it->Valid() && it->key().starts_with(prefix) && keys.size() < query.max_events;
         it->Next()) {
        auto commit = DecodeCommit(it->key().ToStringView(), it->value().ToStringView());
        if (!commit) {
            return Error::Make(Errc::kDataLoss,
                               "corrupt commit index of stream " + query.stream_id);
        }
        last_commit = commit;
        for (std::uint64_t v = std::max(commit->first_version, query.from_version).value;
             v <= commit->last_version.value && keys.size() < query.max_events; ++v) {
            keys.push_back(EventKey(
                LogPosition{commit->first_position.value + v - commit->first_version.value}));
        }
    }
    if (!it->status().ok()) return FromRocksStatus(it->status(), "reading a stream");
    const bool to_the_head = !(it->Valid() && it->key().starts_with(prefix));
    // The indexed head is checked when the read took the rest of the stream; a read cut short
    // (max_events, as of a date) is checked as far as it goes.
    const StreamVersion from{std::max<std::uint64_t>(query.from_version.value, 1)};
    auto events = ReadEvents(query.stream_id, from, keys, query.recorded_up_to_us);
    if (!events.ok()) return events;
    const bool whole_rest = to_the_head && last_commit && last_commit->last_version >= from &&
                            events->size() == last_commit->last_version.value - from.value + 1;
    if (!check_reads_) return events;
    if (Status s = CheckStreamRead(query.stream_id, from, *events,
                                   whole_rest ? last_commit : std::nullopt);
        !s.ok()) {
        return std::move(s).error();
    }
    return events;
}

Status LogStore::ReadAllInto(LogPosition from, std::size_t max_events,
                             std::vector<EventEnvelope>& out) {
    std::size_t count = 0;
    const std::uint64_t head = head_.load();
    if (from.value <= head) {
        const std::size_t wanted = std::min<std::uint64_t>(max_events, head - from.value + 1);
        if (out.size() < wanted) out.resize(wanted);
        rocksdb::ReadOptions options;
        options.readahead_size = 2 << 20;
        const std::string upper = EventKey(LogPosition{head + 1});
        rocksdb::Slice upper_slice(upper);
        options.iterate_upper_bound = &upper_slice;
        std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(options));
        for (it->Seek(EventKey(from)); it->Valid() && count < wanted; it->Next()) {
            LogPosition stored_at{DecodeU64(it->key().ToStringView().substr(1))};
            Status decoded = DecodeRecordInto(it->value().ToStringView(), stored_at, out[count]);
            if (!decoded.ok()) return decoded;
            ++count;
        }
        if (!it->status().ok()) return FromRocksStatus(it->status(), "reading the log");
    }
    out.resize(count);
    return {};
}

Result<std::optional<AppendResult>> LogStore::FindCommand(const std::string& command_id) {
    std::string value;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), CommandKey(command_id), &value);
    if (s.IsNotFound()) return std::optional<AppendResult>();
    if (!s.ok()) return FromRocksStatus(s, "looking up a command id");
    auto decoded = DecodeAppendResult(value);
    if (!decoded) return Error::Make(Errc::kDataLoss, "corrupt record of command " + command_id);
    return decoded;
}

Result<bool> LogStore::AnyCommandStartingWith(const std::string& prefix) {
    const std::string key = CommandKey(prefix);
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
    it->Seek(key);
    if (!it->status().ok()) return FromRocksStatus(it->status(), "looking up command ids");
    return it->Valid() && it->key().starts_with(key);
}

Result<std::vector<StreamTip>> LogStore::StreamHeadsAt(LogPosition at) {
    std::vector<StreamTip> heads;
    rocksdb::ReadOptions options;
    options.readahead_size = 2 << 20;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(options));
    const std::string space(1, kCommitSpace);
    // Entries come in (stream, first version) order; each stream's last one at or before `at`
    // is its head then.
    for (it->Seek(space); it->Valid() && it->key().starts_with(space); it->Next()) {
        const std::string_view key = it->key().ToStringView();
        if (key.size() < 10) return Error::Make(Errc::kDataLoss, "corrupt stream index key");
        const std::string_view stream = key.substr(1, key.size() - 10);
        auto commit = DecodeCommit(key, it->value().ToStringView());
        if (!commit) {
            return Error::Make(Errc::kDataLoss,
                               "corrupt commit index of stream " + std::string(stream));
        }
        if (commit->first_position > at) continue;
        if (heads.empty() || heads.back().stream_id != stream) {
            heads.push_back({std::string(stream), {}, {}});
        }
        heads.back().version = commit->last_version;
        heads.back().hash = commit->last_hash;
    }
    if (!it->status().ok()) return FromRocksStatus(it->status(), "reading the stream index");
    return heads;
}

Result<ChainHead> LogStore::LoadHead(const std::string& stream_id) {
    const std::string prefix = CommitPrefix(stream_id);
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
    it->SeekForPrev(CommitKey(stream_id, StreamVersion{UINT64_MAX}));
    if (!it->status().ok()) return FromRocksStatus(it->status(), "reading a stream head");
    if (!it->Valid() || !it->key().starts_with(prefix)) return ChainHead{};
    auto commit = DecodeCommit(it->key().ToStringView(), it->value().ToStringView());
    if (!commit) return Error::Make(Errc::kDataLoss, "corrupt commit index of stream " + stream_id);
    return ChainHead{commit->last_version, commit->last_hash};
}

LogPosition LogStore::WaitForEvents(LogPosition after, std::chrono::milliseconds timeout) {
    std::unique_lock lock(head_mutex_);
    head_cv_.wait_for(lock, timeout, [&] { return closed_ || head_.load() > after.value; });
    return Head();
}

Result<std::optional<std::string>> LogStore::GetExtra(const std::string& key) {
    std::string value;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), key, &value);
    if (s.IsNotFound()) return std::optional<std::string>();
    if (!s.ok()) return FromRocksStatus(s, "reading the log's state");
    return std::optional<std::string>(std::move(value));
}

Result<std::vector<std::pair<std::string, std::string>>> LogStore::ScanExtra(
    const std::string& prefix) {
    std::vector<std::pair<std::string, std::string>> out;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
        out.emplace_back(it->key().ToString(), it->value().ToString());
    }
    if (!it->status().ok()) return FromRocksStatus(it->status(), "reading the log's state");
    return out;
}

Result<std::vector<EventEnvelope>> LogStore::ReadEvents(
    const std::string& stream, StreamVersion from, const std::vector<std::string>& keys,
    std::optional<std::int64_t> recorded_up_to) {
    std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
    std::vector<std::string> values;
    std::vector<rocksdb::Status> statuses = db_->MultiGet(
        rocksdb::ReadOptions(),
        std::vector<rocksdb::ColumnFamilyHandle*>(keys.size(), db_->DefaultColumnFamily()), slices,
        &values);
    std::vector<EventEnvelope> events;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        LogPosition stored_at{DecodeU64(std::string_view(keys[i]).substr(1))};
        if (statuses[i].IsNotFound()) {
            return Error::Make(Errc::kDataLoss,
                               StreamAt(stream, from.value + i) +
                                   ": the stream index names log "
                                   "position " +
                                   std::to_string(stored_at.value) +
                                   ", which holds no event (run `xingfuli verify`)");
        }
        if (!statuses[i].ok()) return FromRocksStatus(statuses[i], "reading an event");
        auto event = DecodeRecord(values[i], stored_at);
        if (!event.ok()) return std::move(event).error();
        if (recorded_up_to && event->recorded_at_us > *recorded_up_to) break;
        events.push_back(std::move(event).value());
    }
    return events;
}

LogStore::Batch::Batch(LogStore& store)
    : store_(store),
      next_position_(store.next_position_),
      commit_first_position_(store.next_position_),
      recorded_at_us_(std::max(NowMicros(), store.last_recorded_at_us_)) {}

void LogStore::Batch::AddEvent(EventEnvelope& event) {
    event.position = next_position_;
    record_.clear();
    EncodeRecord(event, record_);
    batch_.Put(EventKey(event.position), record_);
    last_hash_ = event.hash;
    next_position_ = next_position_.Next();
    recorded_at_us_ = std::max(recorded_at_us_, event.recorded_at_us);
}

AppendResult LogStore::Batch::EndCommit(const std::string& stream_id, const std::string& command_id,
                                        StreamVersion first_version, const ChainHead& last) {
    AppendResult result{stream_id,
                        first_version,
                        last.version,
                        commit_first_position_,
                        LogPosition{next_position_.value - 1},
                        false};
    batch_.Put(CommitKey(stream_id, first_version),
               EncodeCommit({first_version, last.version, commit_first_position_, last.hash}));
    heads_[stream_id] = last;
    if (!command_id.empty()) {
        batch_.Put(CommandKey(command_id), EncodeAppendResult(result));
        commands_[command_id] = result;
    }
    commit_first_position_ = next_position_;
    return result;
}

void LogStore::Batch::PutExtra(const std::string& key, const std::string& value) {
    if (key.empty() || key[0] < kFirstExtraSpace) {
        throw std::logic_error("extra keys of the log store start with 'x' or later");
    }
    batch_.Put(key, value);
}

Result<ChainHead> LogStore::Batch::CurrentHead(const std::string& stream_id) {
    if (auto it = heads_.find(stream_id); it != heads_.end()) return it->second;
    if (auto it = store_.head_cache_.find(stream_id); it != store_.head_cache_.end()) {
        return it->second;
    }
    return store_.LoadHead(stream_id);
}

Result<std::optional<AppendResult>> LogStore::Batch::FindCommand(const std::string& command_id) {
    if (auto it = commands_.find(command_id); it != commands_.end()) {
        return std::optional<AppendResult>(it->second);
    }
    return store_.FindCommand(command_id);
}

Status LogStore::Write(Batch& batch, bool sync) {
    if (batch.empty()) return {};
    if (batch.next_position_ != next_position_) {
        batch.batch_.Put(
            kHeadKey, EncodeHead({LogPosition{batch.next_position_.value - 1}, batch.last_hash_}));
    }
    // After a failed write (a full disk) RocksDB refuses every write until resumed.
    if (Status recovered = Recover(); !recovered.ok()) return recovered;
    rocksdb::WriteOptions options;
    options.sync = sync;
    rocksdb::Status s = db_->Write(options, &batch.batch_);
    if (!s.ok()) {
        write_failed_.store(true);
        return FromRocksStatus(s, "the event log cannot write");
    }
    next_position_ = batch.next_position_;
    last_recorded_at_us_ = batch.recorded_at_us_;
    if (head_cache_.size() + batch.heads_.size() > kMaxCachedHeads) head_cache_.clear();
    for (auto& [stream, head] : batch.heads_) head_cache_[stream] = head;
    {
        std::lock_guard lock(head_mutex_);
        head_.store(next_position_.value - 1);
    }
    head_cv_.notify_all();
    return {};
}

}  // namespace xfl::eventstore::internal
