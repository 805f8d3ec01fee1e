// LogStore: the stored form of a log in one RocksDB directory, and the reads every log answers
// from it. The embedded log decides appends and writes them here; the Kafka log's local mirror
// writes here the commits that partition writers decided. Positions are assigned here, in the
// order commits are written, so they are gapless whoever decided the commit.
//
// Concurrency: reads from any thread; one writer at a time (the caller's duty).
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "append_rules.hpp"
#include "fault_fs.hpp"
#include "xfl/eventstore/event_log.hpp"

namespace xfl::eventstore::internal {

class LogStore {
  public:
    // Opens (creating if missing) and checks the tail: a record that cannot be decoded fails with
    // Errc::kDataLoss naming its position; a directory held by another process with kBusy.
    // `faults` (tests, benchmarks): a full disk, a slow one.
    static Result<std::unique_ptr<LogStore>> Open(const std::filesystem::path& dir,
                                                  InjectedFaults faults = {});
    ~LogStore();

    Result<std::vector<EventEnvelope>> ReadStream(const StreamQuery& query);
    Status ReadAllInto(LogPosition from, std::size_t max_events, std::vector<EventEnvelope>& out);
    Result<std::optional<AppendResult>> FindCommand(const std::string& command_id);
    Result<bool> AnyCommandStartingWith(const std::string& prefix);
    Result<std::vector<StreamTip>> StreamHeadsAt(LogPosition at);
    Result<ChainHead> LoadHead(const std::string& stream_id);
    LogPosition Head() const { return LogPosition{head_.load()}; }
    LogPosition WaitForEvents(LogPosition after, std::chrono::milliseconds timeout);
    // Wakes every waiter for good (the log is closing).
    void Close();

    // A value of the caller's own key space: keys starting with 'x' (Kafka log state) or later.
    Result<std::optional<std::string>> GetExtra(const std::string& key);
    // Every (key, value) whose key starts with `prefix` (an extra key space).
    Result<std::vector<std::pair<std::string, std::string>>> ScanExtra(const std::string& prefix);

    // One atomic write being staged. Single writer: at most one Batch exists at a time.
    class Batch {
      public:
        explicit Batch(LogStore& store);

        // Stages one event of the current commit: assigns its position and stores its record.
        // The envelope's version, times, hashes and actor are the caller's.
        void AddEvent(EventEnvelope& event);
        // Ends the commit whose events were added since the last EndCommit: indexes it under
        // its stream (also the stream's new head) and its command id.
        AppendResult EndCommit(const std::string& stream_id, const std::string& command_id,
                               StreamVersion first_version, const ChainHead& last);
        // An extra key written in the same batch (e.g. a consumer's partition offsets).
        void PutExtra(const std::string& key, const std::string& value);

        // The head and command ids as this batch leaves them, falling back to the store.
        Result<ChainHead> CurrentHead(const std::string& stream_id);
        Result<std::optional<AppendResult>> FindCommand(const std::string& command_id);

        LogPosition next_position() const { return next_position_; }
        std::int64_t recorded_at_us() const { return recorded_at_us_; }
        bool empty() const { return batch_.Count() == 0; }

      private:
        friend class LogStore;
        LogStore& store_;
        rocksdb::WriteBatch batch_;
        std::unordered_map<std::string, ChainHead> heads_;
        std::unordered_map<std::string, AppendResult> commands_;
        LogPosition next_position_;
        LogPosition commit_first_position_;
        std::int64_t recorded_at_us_;
        Sha256Digest last_hash_{};  // of the last event added: the log's new head
        std::string record_;
    };

    // Writes the batch (synced when asked) and publishes its events to readers. On failure
    // nothing of the batch is visible and the store still describes the disk.
    Status Write(Batch& batch, bool sync);

    // Whether stream reads check hashes, chain and order (default: yes; off for benchmarks).
    void CheckReads(bool check) { check_reads_ = check; }

    // Why the log cannot write (a write failed, e.g. on a full disk), or nullopt when it can.
    // Tries to resume first, so the answer turns to nullopt once space is back.
    std::optional<std::string> WriteProblem();

  private:
    LogStore(std::unique_ptr<rocksdb::Env> env, std::unique_ptr<rocksdb::DB> db);
    Status RecoverTail();
    Status Recover();  // resumes writing after a failed write
    // The events at `keys`, which the index lists as `stream`'s versions from `from` on.
    Result<std::vector<EventEnvelope>> ReadEvents(const std::string& stream, StreamVersion from,
                                                  const std::vector<std::string>& keys,
                                                  std::optional<std::int64_t> recorded_up_to);

    std::unique_ptr<rocksdb::Env> env_;  // before db_: outlives it
    std::unique_ptr<rocksdb::DB> db_;
    std::atomic<bool> write_failed_{false};
    bool check_reads_ = true;
    std::mutex recover_mutex_;

    // Owned by the single writer.
    LogPosition next_position_{1};
    std::int64_t last_recorded_at_us_ = 0;
    std::unordered_map<std::string, ChainHead> head_cache_;

    // Published to readers after each write.
    std::atomic<std::uint64_t> head_{0};
    std::mutex head_mutex_;
    std::condition_variable head_cv_;
    bool closed_ = false;
};

// The reads every log answers from its store; Base is EventLog or an extension of it. The
// derived log sets store_ and decides how appends reach it.
template <class Base>
class ReadsFromStore : public Base {
  public:
    Result<std::vector<EventEnvelope>> ReadStream(const StreamQuery& query) override {
        return store_->ReadStream(query);
    }
    Status ReadAllInto(LogPosition from, std::size_t max_events,
                       std::vector<EventEnvelope>& out) override {
        return store_->ReadAllInto(from, max_events, out);
    }
    Result<std::optional<AppendResult>> FindCommand(const std::string& command_id) override {
        return store_->FindCommand(command_id);
    }
    Result<bool> AnyCommandStartingWith(const std::string& prefix) override {
        return store_->AnyCommandStartingWith(prefix);
    }
    Result<std::vector<StreamTip>> StreamHeadsAt(LogPosition at) override {
        return store_->StreamHeadsAt(at);
    }
    Result<StreamVersion> StreamHead(const std::string& stream_id) override {
        auto head = store_->LoadHead(stream_id);
        if (!head.ok()) return std::move(head).error();
        return head->version;
    }
    LogPosition Head() const override { return store_->Head(); }
    std::optional<std::string> WriteProblem() override { return store_->WriteProblem(); }
    LogPosition WaitForEvents(LogPosition after, std::chrono::milliseconds timeout) override {
        return store_->WaitForEvents(after, timeout);
    }

  protected:
    std::unique_ptr<LogStore> store_;
};

}  // namespace xfl::eventstore::internal
