#include "xfl/eventstore/embedded_log.hpp"

#include <pthread.h>

#include <chrono>
#include <future>
#include <mutex>
#include <thread>

#include "log_store.hpp"

namespace xfl::eventstore {
namespace {

using internal::ChainHead;
using internal::LogStore;

constexpr std::size_t kAnswerInline = 4;  // groups up to this size are answered by the writer
// A synced write slower than this marks a slow disk, where a group waits for its callers (below).
constexpr std::chrono::microseconds kSlowSync{1000};

class EmbeddedLog final : public internal::ReadsFromStore<EventLog> {
  public:
    explicit EmbeddedLog(std::unique_ptr<LogStore> store) {
        store_ = std::move(store);
        answerer_ = std::thread([this] {
            pthread_setname_np(pthread_self(), "xfl-log-answer");
            AnswerLoop();
        });
        writer_ = std::thread([this] {
            pthread_setname_np(pthread_self(), "xfl-log-writer");
            WriterLoop();
        });
    }

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
    }

    Result<AppendResult> Append(AppendRequest request) override {
        if (Status valid = internal::ValidateRequest(request); !valid.ok()) {
            return std::move(valid).error();
        }
        PendingAppend pending;
        pending.request = std::move(request);
        return Submit(pending);
    }

    // One group: the writer commits what is queued together, with one sync.
    std::vector<Result<AppendResult>> AppendEach(std::vector<AppendRequest> requests) override {
        std::vector<PendingAppend> pending(requests.size());
        std::vector<Result<AppendResult>> results(requests.size(),
                                                  Error::Make(Errc::kInternal, ""));
        std::vector<std::size_t> valid;  // indexes of the requests handed to the writer
        std::vector<PendingAppend*> queued;
        for (std::size_t i = 0; i < requests.size(); ++i) {
            if (Status s = internal::ValidateRequest(requests[i]); !s.ok()) {
                results[i] = std::move(s).error();
                continue;
            }
            pending[i].request = std::move(requests[i]);
            valid.push_back(i);
            queued.push_back(&pending[i]);
        }
        if (valid.empty()) return results;
        std::vector<std::future<Result<AppendResult>>> done;
        for (PendingAppend* p : queued) done.push_back(p->done.get_future());
        if (Status enqueued = Enqueue(queued); !enqueued.ok()) {
            for (std::size_t i : valid) results[i] = enqueued.error();
            return results;
        }
        for (std::size_t k = 0; k < valid.size(); ++k) results[valid[k]] = done[k].get();
        return results;
    }

    bool Writes(const std::string&) const override { return true; }

    Result<AppendResult> AppendRecorded(std::vector<EventEnvelope> commit) override {
        PendingAppend pending;
        pending.recorded = std::move(commit);
        return Submit(pending);
    }

  private:
    struct PendingAppend {
        AppendRequest request;
        std::vector<EventEnvelope> recorded;  // set instead of request by AppendRecorded
        std::promise<Result<AppendResult>> done;
    };

    using Answers = std::vector<std::pair<PendingAppend*, Result<AppendResult>>>;

    // Hands appends to the writer; kUnavailable when the log is closing.
    Status Enqueue(const std::vector<PendingAppend*>& appends) {
        bool wake_writer = false;
        {
            std::lock_guard lock(queue_mutex_);
            if (stopping_) return Error::Make(Errc::kUnavailable, "the event log is closing");
            wake_writer = queue_.empty() || Gathered(queue_.size() + appends.size());
            queue_.insert(queue_.end(), appends.begin(), appends.end());
        }
        if (wake_writer) queue_cv_.notify_one();
        return {};
    }

    Result<AppendResult> Submit(PendingAppend& pending) {
        auto done = pending.done.get_future();
        bool wake_writer = false;
        bool commit_here = false;
        {
            std::lock_guard lock(queue_mutex_);
            if (stopping_) return Error::Make(Errc::kUnavailable, "the event log is closing");
            // Nobody writing and nobody waiting: commit on this thread, without handing the
            // append to the writer and waiting to be woken (two thread switches). Not on a slow
            // disk, where that sync would hold up the writer's group of everyone else's.
            commit_here = !committing_ && queue_.empty() && gather_for_.count() == 0;
            if (commit_here) {
                committing_ = true;
            } else {
                // The writer sleeps only on an empty queue, or while it gathers a group; other
                // arrivals need not wake it.
                wake_writer = queue_.empty() || Gathered(queue_.size() + 1);
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

    void WriterLoop() {
        std::vector<PendingAppend*> waiting;
        for (;;) {
            {
                std::unique_lock lock(queue_mutex_);
                queue_cv_.wait(lock,
                               [&] { return !committing_ && (stopping_ || !queue_.empty()); });
                if (queue_.empty()) return;  // stopping, and every append was answered
                // On a slow disk the callers the last group answered come back within
                // microseconds of their answer, just after the appends that came during its sync
                // have been taken as the next group, and would wait a whole sync more: a short
                // wait for them (a tenth of the last sync at most) lets one sync carry both,
                // where otherwise groups settle at half the callers each.
                if (gather_for_.count() > 0 && queue_.size() < gather_size_) {
                    gathering_ = true;
                    queue_cv_.wait_for(lock, gather_for_,
                                       [&] { return stopping_ || queue_.size() >= gather_size_; });
                    gathering_ = false;
                }
                waiting.swap(queue_);
                committing_ = true;
            }
            const auto start = std::chrono::steady_clock::now();
            CommitGroup(waiting);
            const auto took = std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::steady_clock::now() - start);
            {
                std::lock_guard lock(queue_mutex_);
                committing_ = false;
                gather_size_ = waiting.size() + queue_.size();  // the callers now active
                gather_for_ = took >= kSlowSync ? took / 10 : std::chrono::microseconds{0};
            }
            waiting.clear();
        }
    }

    // Whether a queue of `size` completes the group the writer is gathering (queue_mutex_ held).
    bool Gathered(std::size_t size) const { return gathering_ && size >= gather_size_; }

    void CommitGroup(const std::vector<PendingAppend*>& waiting) {
        LogStore::Batch group(*store_);
        Answers answers;
        answers.reserve(waiting.size());
        for (PendingAppend* pending : waiting) {
            answers.emplace_back(pending, pending->recorded.empty()
                                              ? Stage(pending->request, group)
                                              : StageRecorded(pending->recorded, group));
        }
        if (Status written = store_->Write(group, /*sync=*/true); !written.ok()) {
            // Nothing of this group is acknowledged; the store still describes the disk.
            for (auto& answer : answers) answer.second = written.error();
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

    // The first result of a command id already staged or stored, marked as a repeat.
    static Result<std::optional<AppendResult>> Repeated(const std::string& command_id,
                                                        LogStore::Batch& group) {
        if (command_id.empty()) return std::optional<AppendResult>();
        auto seen = group.FindCommand(command_id);
        if (seen.ok() && seen->has_value()) (*seen)->duplicate = true;
        return seen;
    }

    // Decides one append against the staged state and adds it to the group.
    Result<AppendResult> Stage(const AppendRequest& request, LogStore::Batch& group) {
        auto repeated = Repeated(request.command_id, group);
        if (!repeated.ok()) return std::move(repeated).error();
        if (repeated->has_value()) return **repeated;
        auto current = group.CurrentHead(request.stream_id);
        if (!current.ok()) return std::move(current).error();
        ChainHead head = *current;
        if (Status s = internal::CheckExpected(request, head.version); !s.ok()) {
            return std::move(s).error();
        }
        const StreamVersion first{head.version.value + 1};
        // One scratch envelope for every event: its strings keep their capacity between events.
        EventEnvelope& e = scratch_;
        e.stream_id = request.stream_id;
        e.command_id = request.command_id;
        e.actor = request.actor;
        e.recorded_at_us = group.recorded_at_us();
        for (const NewEvent& event : request.events) {
            e.type = event.type;
            e.schema_version = event.schema_version;
            e.occurred_at_us = event.occurred_at_us;
            e.payload = event.payload;
            internal::ChainNext(e, head);
            group.AddEvent(e);
        }
        return group.EndCommit(request.stream_id, request.command_id, first, head);
    }

    Result<AppendResult> StageRecorded(std::vector<EventEnvelope>& commit, LogStore::Batch& group) {
        if (commit.empty()) {
            return Error::Make(Errc::kInvalidArgument, "a commit needs at least one event",
                               "events");
        }
        auto repeated = Repeated(commit.front().command_id, group);
        if (!repeated.ok()) return std::move(repeated).error();
        if (repeated->has_value()) return **repeated;
        auto head = group.CurrentHead(commit.front().stream_id);
        if (!head.ok()) return std::move(head).error();
        if (Status s = internal::CheckRecordedCommit(commit, *head); !s.ok()) {
            return std::move(s).error();
        }
        for (EventEnvelope& e : commit) group.AddEvent(e);
        return group.EndCommit(commit.front().stream_id, commit.front().command_id,
                               commit.front().version, {commit.back().version, commit.back().hash});
    }

    std::mutex queue_mutex_;
    std::condition_variable queue_cv_;
    std::vector<PendingAppend*> queue_;
    // One group is committed at a time, by the writer thread or by a caller that found the log
    // idle; the store's writing side and scratch_ belong to whoever holds this flag.
    bool committing_ = false;
    bool stopping_ = false;
    // The writer gathers up to gather_size_ appends (the last group's and those that came during
    // its write) for at most gather_for_ (zero unless the last synced write was slow).
    bool gathering_ = false;
    std::size_t gather_size_ = 0;
    std::chrono::microseconds gather_for_{0};
    std::thread writer_;

    std::mutex answers_mutex_;
    std::condition_variable answers_cv_;
    Answers answers_;
    bool answers_closing_ = false;
    std::thread answerer_;

    EventEnvelope scratch_;
};

}  // namespace

Result<std::unique_ptr<EventLog>> OpenEmbeddedLog(const std::filesystem::path& dir,
                                                  EmbeddedLogOptions options) {
    auto store = LogStore::Open(dir, {std::move(options.disk_full), options.sync_delay});
    if (store.ok()) (*store)->CheckReads(options.check_reads);
    if (!store.ok()) return std::move(store).error();
    return std::unique_ptr<EventLog>(std::make_unique<EmbeddedLog>(std::move(store).value()));
}

}  // namespace xfl::eventstore
