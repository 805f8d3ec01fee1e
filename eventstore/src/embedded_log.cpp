#include "xfl/eventstore/embedded_log.hpp"

#include <pthread.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "byte_io.hpp"
#include "record_codec.hpp"
#include "xfl/eventstore/hash_chain.hpp"

namespace xfl::eventstore {
namespace {

using internal::ByteReader;
using internal::PutBytes;
using internal::PutU64;

// Key spaces: the first byte of every key says what it holds.
constexpr char kEventSpace = 'e';    // position -> event record
constexpr char kCommitSpace = 's';   // stream \0 first version -> CommitEntry (one per append)
constexpr char kCommandSpace = 'c';  // command id -> the AppendResult it produced

constexpr std::size_t kMaxStreamIdBytes = 200;
constexpr std::size_t kMaxCachedHeads = 1'000'000;
constexpr std::size_t kAnswerInline = 4;  // groups up to this size are answered by the writer

std::string EventKey(LogPosition p) {
    std::string key(1, kEventSpace);
    PutU64(key, p.value);
    return key;
}

std::string CommitPrefix(const std::string& stream) {
    std::string key(1, kCommitSpace);
    key.append(stream);
    key.push_back('\0');
    return key;
}

std::string CommitKey(const std::string& stream, StreamVersion first) {
    std::string key = CommitPrefix(stream);
    PutU64(key, first.value);
    return key;
}

std::string CommandKey(const std::string& command_id) {
    std::string key(1, kCommandSpace);
    key.append(command_id);
    return key;
}

std::uint64_t DecodeU64(std::string_view bytes) { return ByteReader(bytes).U64(); }

// One append's events of one stream: versions first..last at consecutive log positions. The
// newest entry of a stream is also its head, so an append writes one index key, not one per event.
struct CommitEntry {
    StreamVersion first_version;
    StreamVersion last_version;
    LogPosition first_position;
    Sha256Digest last_hash{};
};

std::string EncodeCommit(const CommitEntry& c) {
    std::string out;
    PutU64(out, c.last_version.value);
    PutU64(out, c.first_position.value);
    out.append(reinterpret_cast<const char*>(c.last_hash.data()), c.last_hash.size());
    return out;
}

std::optional<CommitEntry> DecodeCommit(std::string_view key, std::string_view value) {
    ByteReader in(value);
    CommitEntry c;
    c.first_version.value = DecodeU64(key.substr(key.size() - 8));
    c.last_version.value = in.U64();
    c.first_position.value = in.U64();
    std::string_view hash = in.Take(c.last_hash.size());
    if (!in.ok() || !in.AtEnd() || c.last_version < c.first_version) return std::nullopt;
    std::copy(hash.begin(), hash.end(), reinterpret_cast<char*>(c.last_hash.data()));
    return c;
}

struct ChainHead {
    StreamVersion version;
    Sha256Digest hash{};
};

std::string EncodeAppendResult(const AppendResult& r) {
    std::string out;
    PutBytes(out, r.stream_id);
    PutU64(out, r.first_version.value);
    PutU64(out, r.last_version.value);
    PutU64(out, r.first_position.value);
    PutU64(out, r.last_position.value);
    return out;
}

std::optional<AppendResult> DecodeAppendResult(std::string_view bytes) {
    ByteReader in(bytes);
    AppendResult r;
    r.stream_id = in.Bytes();
    r.first_version.value = in.U64();
    r.last_version.value = in.U64();
    r.first_position.value = in.U64();
    r.last_position.value = in.U64();
    if (!in.ok() || !in.AtEnd()) return std::nullopt;
    return r;
}

Error FromRocksStatus(const rocksdb::Status& s, const std::string& what) {
    if (s.IsCorruption()) return Error::Make(Errc::kDataLoss, what + ": " + s.ToString());
    return Error::Make(Errc::kUnavailable, what + ": " + s.ToString());
}

Status ValidateRequest(const AppendRequest& r) {
    if (r.stream_id.empty() || r.stream_id.size() > kMaxStreamIdBytes ||
        r.stream_id.find('\0') != std::string::npos) {
        return Error::Make(Errc::kInvalidArgument,
                           "stream id must be 1 to 200 bytes without NUL bytes", "stream_id");
    }
    if (r.events.empty()) {
        return Error::Make(Errc::kInvalidArgument, "an append needs at least one event", "events");
    }
    for (const NewEvent& e : r.events) {
        if (e.type.empty())
            return Error::Make(Errc::kInvalidArgument, "event type is empty", "type");
    }
    return {};
}

std::int64_t NowMicros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

class EmbeddedLog final : public EventLog {
  public:
    explicit EmbeddedLog(std::unique_ptr<rocksdb::DB> db) : db_(std::move(db)) {}

    ~EmbeddedLog() override {
        {
            std::lock_guard lock(queue_mutex_);
            stopping_ = true;
        }
        queue_cv_.notify_all();
        if (writer_.joinable()) writer_.join();
        {
            std::lock_guard lock(answers_mutex_);
            answers_closing_ = true;
        }
        answers_cv_.notify_one();
        if (answerer_.joinable()) answerer_.join();
        // A clean close leaves nothing for the next open to replay from the write-ahead log.
        db_->Flush(rocksdb::FlushOptions()).PermitUncheckedError();
        {
            std::lock_guard lock(head_mutex_);
            closed_ = true;
        }
        head_cv_.notify_all();
    }

    Status RecoverTail() {
        std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
        it->SeekForPrev(EventKey(LogPosition{UINT64_MAX}));
        if (!it->status().ok()) return FromRocksStatus(it->status(), "reading the log's tail");
        if (it->Valid() && it->key().size() == 9 && it->key()[0] == kEventSpace) {
            LogPosition stored_at{DecodeU64(it->key().ToStringView().substr(1))};
            auto last = internal::DecodeRecord(it->value().ToStringView(), stored_at);
            if (!last.ok()) return std::move(last).error();
            if (last->position != stored_at) {
                return Error::Make(Errc::kDataLoss, "event record at log position " +
                                                        std::to_string(stored_at.value) +
                                                        " says it belongs at " +
                                                        std::to_string(last->position.value));
            }
            next_position_ = stored_at.Next();
            last_recorded_at_us_ = last->recorded_at_us;
            head_.store(stored_at.value);
        }
        answerer_ = std::thread([this] {
            pthread_setname_np(pthread_self(), "xfl-log-answer");
            AnswerLoop();
        });
        writer_ = std::thread([this] {
            pthread_setname_np(pthread_self(), "xfl-log-writer");
            WriterLoop();
        });
        return {};
    }

    Result<AppendResult> Append(AppendRequest request) override {
        if (Status valid = ValidateRequest(request); !valid.ok()) return std::move(valid).error();
        PendingAppend pending{std::move(request), {}};
        auto done = pending.done.get_future();
        bool wake_writer = false;
        bool commit_here = false;
        {
            std::lock_guard lock(queue_mutex_);
            if (stopping_) return Error::Make(Errc::kUnavailable, "the event log is closing");
            // Nobody writing and nobody waiting: commit on this thread, without handing the
            // append to the writer and waiting to be woken (two thread switches).
            commit_here = !committing_ && queue_.empty();
            if (commit_here) {
                committing_ = true;
            } else {
                // The writer sleeps only on an empty queue; later arrivals need not wake it.
                wake_writer = queue_.empty();
                queue_.push_back(&pending);
            }
        }
        if (commit_here) {
            CommitGroup({&pending});
            std::lock_guard lock(queue_mutex_);
            committing_ = false;
            wake_writer = !queue_.empty() || stopping_;  // appends that came meanwhile
        }
        if (wake_writer) queue_cv_.notify_one();
        return done.get();
    }

    Result<std::vector<EventEnvelope>> ReadStream(const StreamQuery& query) override {
        const std::string prefix = CommitPrefix(query.stream_id);
        std::vector<std::string> keys;
        std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
        // Start at the commit holding from_version: the last one that begins at or before it.
        it->SeekForPrev(CommitKey(query.stream_id, query.from_version));
        if (!it->Valid() || !it->key().starts_with(prefix)) it->Seek(prefix);
        for (; it->Valid() && it->key().starts_with(prefix) && keys.size() < query.max_events;
             it->Next()) {
            auto commit = DecodeCommit(it->key().ToStringView(), it->value().ToStringView());
            if (!commit) {
                return Error::Make(Errc::kDataLoss,
                                   "corrupt commit index of stream " + query.stream_id);
            }
            for (std::uint64_t v = std::max(commit->first_version, query.from_version).value;
                 v <= commit->last_version.value && keys.size() < query.max_events; ++v) {
                keys.push_back(EventKey(
                    LogPosition{commit->first_position.value + v - commit->first_version.value}));
            }
        }
        if (!it->status().ok()) return FromRocksStatus(it->status(), "reading a stream");
        return ReadEvents(keys, query.recorded_up_to_us);
    }

    Status ReadAllInto(LogPosition from, std::size_t max_events,
                       std::vector<EventEnvelope>& out) override {
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
                Status decoded =
                    internal::DecodeRecordInto(it->value().ToStringView(), stored_at, out[count]);
                if (!decoded.ok()) return decoded;
                ++count;
            }
            if (!it->status().ok()) return FromRocksStatus(it->status(), "reading the log");
        }
        out.resize(count);
        return {};
    }

    Result<std::optional<AppendResult>> FindCommand(const std::string& command_id) override {
        std::string value;
        rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), CommandKey(command_id), &value);
        if (s.IsNotFound()) return std::optional<AppendResult>();
        if (!s.ok()) return FromRocksStatus(s, "looking up a command id");
        auto decoded = DecodeAppendResult(value);
        if (!decoded)
            return Error::Make(Errc::kDataLoss, "corrupt record of command " + command_id);
        return decoded;
    }

    Result<StreamVersion> StreamHead(const std::string& stream_id) override {
        auto head = LoadHead(stream_id);
        if (!head.ok()) return std::move(head).error();
        return head->version;
    }

    LogPosition Head() const override { return LogPosition{head_.load()}; }

    LogPosition WaitForEvents(LogPosition after, std::chrono::milliseconds timeout) override {
        std::unique_lock lock(head_mutex_);
        head_cv_.wait_for(lock, timeout, [&] { return closed_ || head_.load() > after.value; });
        return Head();
    }

  private:
    struct PendingAppend {
        AppendRequest request;
        std::promise<Result<AppendResult>> done;
    };

    using Answers = std::vector<std::pair<PendingAppend*, Result<AppendResult>>>;

    // What one group commit has staged but not yet written.
    struct Group {
        rocksdb::WriteBatch batch;
        std::unordered_map<std::string, ChainHead> heads;
        std::unordered_map<std::string, AppendResult> commands;
        LogPosition next_position;
        std::int64_t recorded_at_us = 0;
    };

    Result<std::vector<EventEnvelope>> ReadEvents(const std::vector<std::string>& keys,
                                                  std::optional<std::int64_t> recorded_up_to) {
        std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
        std::vector<std::string> values;
        std::vector<rocksdb::Status> statuses = db_->MultiGet(
            rocksdb::ReadOptions(),
            std::vector<rocksdb::ColumnFamilyHandle*>(keys.size(), db_->DefaultColumnFamily()),
            slices, &values);
        std::vector<EventEnvelope> events;
        for (std::size_t i = 0; i < keys.size(); ++i) {
            LogPosition stored_at{DecodeU64(std::string_view(keys[i]).substr(1))};
            if (statuses[i].IsNotFound()) {
                return Error::Make(Errc::kDataLoss, "the stream index names log position " +
                                                        std::to_string(stored_at.value) +
                                                        ", which holds no event");
            }
            if (!statuses[i].ok()) return FromRocksStatus(statuses[i], "reading an event");
            auto event = internal::DecodeRecord(values[i], stored_at);
            if (!event.ok()) return std::move(event).error();
            if (recorded_up_to && event->recorded_at_us > *recorded_up_to) break;
            events.push_back(std::move(event).value());
        }
        return events;
    }

    // Any thread: the durable head of a stream, from its newest commit entry.
    Result<ChainHead> LoadHead(const std::string& stream_id) {
        const std::string prefix = CommitPrefix(stream_id);
        std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
        it->SeekForPrev(CommitKey(stream_id, StreamVersion{UINT64_MAX}));
        if (!it->status().ok()) return FromRocksStatus(it->status(), "reading a stream head");
        if (!it->Valid() || !it->key().starts_with(prefix)) return ChainHead{};
        auto commit = DecodeCommit(it->key().ToStringView(), it->value().ToStringView());
        if (!commit)
            return Error::Make(Errc::kDataLoss, "corrupt commit index of stream " + stream_id);
        return ChainHead{commit->last_version, commit->last_hash};
    }

    void WriterLoop() {
        std::vector<PendingAppend*> waiting;
        for (;;) {
            {
                std::unique_lock lock(queue_mutex_);
                queue_cv_.wait(lock,
                               [&] { return !committing_ && (stopping_ || !queue_.empty()); });
                if (queue_.empty()) return;  // stopping, and every append was answered
                waiting.swap(queue_);
                committing_ = true;
            }
            CommitGroup(waiting);
            waiting.clear();
            {
                std::lock_guard lock(queue_mutex_);
                committing_ = false;
            }
        }
    }

    void CommitGroup(const std::vector<PendingAppend*>& waiting) {
        Group group;
        group.next_position = next_position_;
        group.recorded_at_us = std::max(NowMicros(), last_recorded_at_us_);
        Answers answers;
        answers.reserve(waiting.size());
        for (PendingAppend* pending : waiting) {
            answers.emplace_back(pending, Stage(pending->request, group));
        }
        if (group.batch.Count() > 0) {
            rocksdb::WriteOptions synced;
            synced.sync = true;
            rocksdb::Status s = db_->Write(synced, &group.batch);
            if (s.ok()) {
                Publish(group);
            } else {
                // Nothing of this group is acknowledged; the caches still describe the disk.
                Error failed = FromRocksStatus(s, "appending to the event log");
                for (auto& answer : answers) answer.second = failed;
            }
        }
        HandOver(std::move(answers));
    }

    // Waking each caller costs a syscall. When many wait, the answer thread wakes them while the
    // writer goes on to the next group's synced write; a few are cheaper to wake right here.
    // Every answer is already durable and published.
    void HandOver(Answers answers) {
        if (answers.size() <= kAnswerInline) {
            for (auto& [pending, outcome] : answers) pending->done.set_value(std::move(outcome));
            return;
        }
        {
            std::lock_guard lock(answers_mutex_);
            for (auto& answer : answers) answers_.push_back(std::move(answer));
        }
        answers_cv_.notify_one();
    }

    void AnswerLoop() {
        Answers batch;
        for (;;) {
            {
                std::unique_lock lock(answers_mutex_);
                answers_cv_.wait(lock, [&] { return answers_closing_ || !answers_.empty(); });
                if (answers_.empty()) return;
                batch.swap(answers_);
            }
            for (auto& [pending, outcome] : batch) pending->done.set_value(std::move(outcome));
            batch.clear();
        }
    }

    void Publish(Group& group) {
        next_position_ = group.next_position;
        last_recorded_at_us_ = group.recorded_at_us;
        if (head_cache_.size() + group.heads.size() > kMaxCachedHeads) head_cache_.clear();
        for (auto& [stream, head] : group.heads) head_cache_[stream] = head;
        {
            std::lock_guard lock(head_mutex_);
            head_.store(next_position_.value - 1);
        }
        head_cv_.notify_all();
    }

    // Writer thread: decides one append against the staged state and adds it to the batch.
    Result<AppendResult> Stage(const AppendRequest& request, Group& group) {
        if (!request.command_id.empty()) {
            auto seen = FindStagedOrStoredCommand(request.command_id, group);
            if (!seen.ok() || seen->has_value()) {
                if (!seen.ok()) return std::move(seen).error();
                AppendResult first = **seen;
                first.duplicate = true;
                return first;
            }
        }
        auto current = CurrentHead(request.stream_id, group);
        if (!current.ok()) return std::move(current).error();
        ChainHead head = *current;
        if (!request.expected.Allows(head.version)) {
            Error conflict =
                Error::Make(Errc::kConflict, "stream " + request.stream_id + " is at version " +
                                                 std::to_string(head.version.value) +
                                                 ", not the version the command expected");
            conflict.current_version = head.version.value;
            return conflict;
        }
        AppendResult result{request.stream_id,
                            StreamVersion{head.version.value + 1},
                            {},
                            group.next_position,
                            {},
                            false};
        // One scratch envelope for every event: its strings keep their capacity between events.
        EventEnvelope& e = scratch_;
        e.stream_id = request.stream_id;
        e.command_id = request.command_id;
        e.actor = request.actor;
        e.recorded_at_us = group.recorded_at_us;
        for (const NewEvent& event : request.events) {
            e.version = StreamVersion{head.version.value + 1};
            e.position = group.next_position;
            e.type = event.type;
            e.schema_version = event.schema_version;
            e.occurred_at_us = event.occurred_at_us;
            e.payload = event.payload;
            e.prev_hash = head.hash;
            e.hash = ComputeEventHash(e);
            record_.clear();
            internal::EncodeRecord(e, record_);
            group.batch.Put(EventKey(e.position), record_);
            head = {e.version, e.hash};
            group.next_position = group.next_position.Next();
        }
        result.last_version = head.version;
        result.last_position = LogPosition{group.next_position.value - 1};
        group.batch.Put(CommitKey(request.stream_id, result.first_version),
                        EncodeCommit({result.first_version, result.last_version,
                                      result.first_position, head.hash}));
        group.heads[request.stream_id] = head;
        if (!request.command_id.empty()) {
            group.batch.Put(CommandKey(request.command_id), EncodeAppendResult(result));
            group.commands[request.command_id] = result;
        }
        return result;
    }

    Result<std::optional<AppendResult>> FindStagedOrStoredCommand(const std::string& command_id,
                                                                  const Group& group) {
        if (auto it = group.commands.find(command_id); it != group.commands.end()) {
            return std::optional<AppendResult>(it->second);
        }
        return FindCommand(command_id);
    }

    Result<ChainHead> CurrentHead(const std::string& stream_id, const Group& group) {
        if (auto it = group.heads.find(stream_id); it != group.heads.end()) return it->second;
        if (auto it = head_cache_.find(stream_id); it != head_cache_.end()) return it->second;
        return LoadHead(stream_id);
    }

    std::unique_ptr<rocksdb::DB> db_;

    std::mutex queue_mutex_;
    std::condition_variable queue_cv_;
    std::vector<PendingAppend*> queue_;
    // One group is committed at a time, by the writer thread or by a caller that found the log
    // idle; the state below is owned by whoever holds this flag.
    bool committing_ = false;
    bool stopping_ = false;
    std::thread writer_;

    std::mutex answers_mutex_;
    std::condition_variable answers_cv_;
    Answers answers_;
    bool answers_closing_ = false;
    std::thread answerer_;

    // Owned by the one committing (see committing_).
    EventEnvelope scratch_;
    std::string record_;
    LogPosition next_position_{1};
    std::int64_t last_recorded_at_us_ = 0;
    std::unordered_map<std::string, ChainHead> head_cache_;

    // Published to readers after each durable write.
    std::atomic<std::uint64_t> head_{0};
    std::mutex head_mutex_;
    std::condition_variable head_cv_;
    bool closed_ = false;
};

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

rocksdb::Options LogOptions() {
    rocksdb::Options options;
    options.create_if_missing = true;
    options.max_background_jobs = 2;
    options.memtable_insert_with_hint_prefix_extractor = std::make_shared<EventKeysGrow>();
    // The log is mostly scanned in order (rebuild, verify, catch-up): LZ4 decompresses faster
    // than the default Snappy, and larger blocks mean fewer block lookups per event.
    options.compression = rocksdb::kLZ4Compression;
    rocksdb::BlockBasedTableOptions table;
    table.block_size = 16 * 1024;
    // Stream heads and command ids are point lookups, mostly of keys that are absent.
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
    return options;
}

}  // namespace

Result<std::unique_ptr<EventLog>> OpenEmbeddedLog(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        return Error::Make(Errc::kUnavailable,
                           "cannot create log directory " + dir.string() + ": " + ec.message());
    }
    rocksdb::DB* raw = nullptr;
    rocksdb::Status s = rocksdb::DB::Open(LogOptions(), dir.string(), &raw);
    if (s.IsIOError() && s.ToString().find("lock") != std::string::npos) {
        return Error::Make(Errc::kBusy, "the event log in " + dir.string() +
                                            " is in use by another process; stop it first (" +
                                            s.ToString() + ")");
    }
    if (!s.ok()) return FromRocksStatus(s, "opening the event log in " + dir.string());
    auto log = std::make_unique<EmbeddedLog>(std::unique_ptr<rocksdb::DB>(raw));
    if (Status tail = log->RecoverTail(); !tail.ok()) return std::move(tail).error();
    return std::unique_ptr<EventLog>(std::move(log));
}

}  // namespace xfl::eventstore
