#include "xfl/projections/core/runner.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include "store_impl.hpp"
#include "xfl/eventstore/hash_chain.hpp"
#include "xfl/eventstore/log_reader.hpp"

namespace xfl::projections {

using eventstore::EventEnvelope;
using eventstore::LogPosition;

namespace {

// A batch this large (a catch-up's) is applied on two threads; the tail's few events on one.
constexpr std::size_t kParallelFrom = 1000;
constexpr std::chrono::milliseconds kTailWait{100};

struct Entry {
    std::unique_ptr<Projection> projection;
    Checkpoint checkpoint;  // in the store, with the state it covers
    Checkpoint applied;     // applied to `pending`, which holds what the store lacks of it
    PendingWrites pending;
    double cost = 0;  // seconds it took to apply the last batch, to share the work
};

}  // namespace

struct ProjectionRunner::State {
    State(eventstore::EventLog& log_in, ProjectionStore::Impl& store_in, Warn warn_in)
        : log(log_in), store(store_in), warn(std::move(warn_in)) {
        if (!warn) {
            warn = [](const std::string& text) {
                std::fprintf(stderr, "xingfuli: read models: %s\n", text.c_str());
            };
        }
    }

    eventstore::EventLog& log;
    ProjectionStore::Impl& store;
    Warn warn;
    std::vector<Entry> entries;
    bool loaded = false;
    bool check_hashes = true;
    std::size_t held_bytes = ProjectionRunner::kHeldBytes;
    std::size_t events_per_batch = ProjectionRunner::kEventsPerBatch;

    mutable std::mutex mutex;  // guards the checkpoints of `entries` and `failure`
    mutable std::condition_variable advanced;
    std::optional<Error> failure;

    std::atomic<bool> stopping{false};
    std::thread tail;

    Entry* Find(const std::string& name) {
        for (Entry& e : entries) {
            if (e.projection->Name() == name) return &e;
        }
        return nullptr;
    }

    LogPosition MinCheckpoint() const {
        std::lock_guard lock(mutex);
        LogPosition min{UINT64_MAX};
        for (const Entry& e : entries) min = std::min(min, e.checkpoint.position);
        return entries.empty() ? log.Head() : min;
    }

    Status ResetEntries(const std::vector<Entry*>& targets) {
        rocksdb::WriteBatch batch;
        for (Entry* e : targets) {
            store.Clear(batch, e->projection->Name());
            ProjectionStore::Impl::PutCheckpoint(
                batch, e->projection->Name(), {LogPosition{0}, e->projection->CodeVersion(), {}});
        }
        if (Status s = store.Write(&batch); !s.ok()) return s;
        std::lock_guard lock(mutex);
        for (Entry* e : targets) {
            e->checkpoint = {LogPosition{0}, e->projection->CodeVersion(), {}};
            e->applied = e->checkpoint;
            e->pending.clear();
        }
        return {};
    }

    // Why a checkpoint cannot be continued on this log (nullopt: it can). A checkpoint names
    // the event it stopped at; a log without that event there is another log.
    Result<std::optional<std::string>> Mismatch(const Checkpoint& c) {
        if (c.position.value == 0) return std::optional<std::string>();
        const LogPosition head = log.Head();
        if (head < c.position) {
            return std::optional<std::string>("it was built up to log position " +
                                              std::to_string(c.position.value) +
                                              " but the log ends at " + std::to_string(head.value));
        }
        if (!c.last_hash) return std::optional<std::string>();  // written before they had one
        auto events = log.ReadAll(c.position, 1);
        if (!events.ok()) return std::move(events).error();
        if (events->empty() || events->front().position != c.position) {
            return Error::Make(Errc::kDataLoss, "log position " + std::to_string(c.position.value) +
                                                    ", the last a read model applied, holds no "
                                                    "event; run `xingfuli verify`");
        }
        if (events->front().hash != *c.last_hash) {
            return std::optional<std::string>(
                "it was built from another log (the event at log position " +
                std::to_string(c.position.value) + " is not the one it applied)");
        }
        return std::optional<std::string>();
    }

    // Reads each checkpoint; a missing one, one of another code version or one of another log
    // means a rebuild.
    Status Load() {
        if (loaded) return {};
        std::vector<Entry*> stale;
        for (Entry& e : entries) {
            auto stored = store.LoadCheckpoint(e.projection->Name());
            if (!stored.ok()) return std::move(stored).error();
            if (!stored->has_value() || (*stored)->code_version != e.projection->CodeVersion()) {
                stale.push_back(&e);
                continue;
            }
            auto mismatch = Mismatch(**stored);
            if (!mismatch.ok()) return std::move(mismatch).error();
            if (mismatch->has_value()) {
                warn("read model " + std::string(e.projection->Name()) + ": " + **mismatch +
                     "; rebuilding it");
                stale.push_back(&e);
                continue;
            }
            e.checkpoint = **stored;
            e.applied = e.checkpoint;
        }
        if (!stale.empty()) {
            if (Status s = ResetEntries(stale); !s.ok()) return s;
        }
        loaded = true;
        return {};
    }

    LogPosition MinApplied() const {
        LogPosition min{UINT64_MAX};
        for (const Entry& e : entries) min = std::min(min, e.applied.position);
        return entries.empty() ? log.Head() : min;
    }

    std::size_t PendingBytes() const {
        std::size_t bytes = 0;
        for (const Entry& e : entries) bytes += e.pending.bytes();
        return bytes;
    }

    // Applies one event to the entry unless it has seen it.
    Status ApplyEvent(Entry& entry, BatchStateWriter& writer, const EventEnvelope& e) {
        LogPosition& at = entry.applied.position;
        if (e.position <= at) return {};
        if (e.position != at.Next()) {
            return Error::Make(Errc::kDataLoss,
                               "projection " + std::string(entry.projection->Name()) +
                                   " expected log position " + std::to_string(at.value + 1) +
                                   " but the log gave " + std::to_string(e.position.value) +
                                   "; refusing to skip events (run `xingfuli verify`)");
        }
        try {
            entry.projection->Apply(e, writer);
        } catch (const std::exception& ex) {
            return Error::Make(Errc::kInternal,
                               "projection " + std::string(entry.projection->Name()) +
                                   " failed on the " + e.type + " event at log position " +
                                   std::to_string(e.position.value) + ": " + ex.what());
        }
        at = e.position;
        entry.applied.last_hash = e.hash;
        return {};
    }

    // Has the projection write what it held back into its pending writes.
    Status WriteHeld(Entry& entry) {
        BatchStateWriter writer(store, entry.pending, entry.projection->Name());
        try {
            entry.projection->WriteHeld(writer);
        } catch (const std::exception& ex) {
            return Error::Make(Errc::kInternal, "projection " +
                                                    std::string(entry.projection->Name()) +
                                                    " failed writing what it held: " + ex.what());
        }
        return {};
    }

    // Forgets what was applied since the last write: nothing of it reaches the store.
    void DiscardPending() {
        for (Entry& e : entries) {
            static_cast<void>(WriteHeld(e));  // only to forget it: the writes go next
            e.pending.clear();
            e.applied = e.checkpoint;
        }
    }

    // Writes the entries' pending states, each with its checkpoint, in one write batch (the
    // live tail: one write per command, not one per read model) beside any large ones written
    // as table files, so a crash keeps each projection's state and checkpoint in step.
    Status Flush(std::span<Entry* const> group) {
        rocksdb::WriteBatch batch;
        std::vector<Entry*> written;
        for (Entry* e : group) {
            if (Status s = WriteHeld(*e); !s.ok()) return s;
            const bool moved = e->applied.position != e->checkpoint.position;
            if (!moved && e->pending.empty()) continue;
            if (Status s = store.StageState(batch, e->projection->Name(), e->pending,
                                            moved ? std::optional(e->applied) : std::nullopt);
                !s.ok()) {
                return s;
            }
            written.push_back(e);
        }
        if (Status s = store.Write(&batch); !s.ok()) return s;
        std::lock_guard lock(mutex);
        for (Entry* e : written) {
            e->pending.clear();
            e->checkpoint = e->applied;
        }
        return {};
    }

    // Applies the events to the entries, one event after the other so a payload decoded for
    // one projection is at hand for the next, and writes each entry's state unless `hold`.
    Status ApplyTo(std::span<Entry* const> group, const std::vector<EventEnvelope>& events,
                   bool hold) {
        std::vector<BatchStateWriter> writers;
        writers.reserve(group.size());
        for (Entry* entry : group) {
            writers.emplace_back(store, entry->pending, entry->projection->Name());
        }
        std::vector<std::chrono::steady_clock::duration> took(group.size());
        for (const EventEnvelope& e : events) {
            for (std::size_t i = 0; i < group.size(); ++i) {
                const auto start = std::chrono::steady_clock::now();
                if (Status s = ApplyEvent(*group[i], writers[i], e); !s.ok()) return s;
                took[i] += std::chrono::steady_clock::now() - start;
            }
        }
        for (std::size_t i = 0; i < group.size(); ++i) {
            group[i]->cost = std::chrono::duration<double>(took[i]).count();
        }
        if (hold) return {};
        return Flush(group);
    }

    std::vector<Entry*> All() {
        std::vector<Entry*> all;
        for (Entry& e : entries) all.push_back(&e);
        return all;
    }

    // The entries in two groups of about equal work by the time each took last batch, to
    // apply a large batch on two threads (projections share nothing but the log).
    std::array<std::vector<Entry*>, 2> Split() {
        std::vector<Entry*> by_cost = All();
        std::stable_sort(by_cost.begin(), by_cost.end(),
                         [](const Entry* a, const Entry* b) { return a->cost > b->cost; });
        std::array<std::vector<Entry*>, 2> groups;
        std::array<double, 2> load{0, 0};
        for (Entry* e : by_cost) {
            const bool tie = load[0] == load[1];
            const std::size_t lighter =
                tie ? (groups[0].size() <= groups[1].size() ? 0 : 1) : (load[0] < load[1] ? 0 : 1);
            groups[lighter].push_back(e);
            load[lighter] += e->cost;
        }
        return groups;
    }

    // Applies the events, each to every projection that has not seen it. The state reaches the
    // store now, or, when `hold`, once the pending writes outgrow `held_bytes`; on any failure
    // nothing since the last write does.
    Status ApplyBatch(const std::vector<EventEnvelope>& events, bool hold) {
        // Read models are never built from an event that does not match its hash.
        for (const EventEnvelope& e : events) {
            if (check_hashes && eventstore::ComputeEventHash(e) != e.hash) {
                return Error::Make(Errc::kDataLoss,
                                   "the event at log position " + std::to_string(e.position.value) +
                                       " (stream " + e.stream_id + " version " +
                                       std::to_string(e.version.value) +
                                       ") does not match its hash; run `xingfuli verify`");
            }
        }
        const bool write_now = !hold || PendingBytes() >= held_bytes;
        Status applied;
        if (events.size() < kParallelFrom) {
            applied = ApplyTo(All(), events, !write_now);
        } else {
            const auto groups = Split();
            Status second;
            std::thread helper([&] { second = ApplyTo(groups[1], events, !write_now); });
            applied = ApplyTo(groups[0], events, !write_now);
            helper.join();
            if (applied.ok()) applied = std::move(second);
        }
        if (!applied.ok()) {
            DiscardPending();
            return applied;
        }
        advanced.notify_all();
        return {};
    }

    // One read-and-apply round from the lowest checkpoint; ok with nothing done at the head.
    Status Step() {
        const LogPosition next = MinCheckpoint().Next();
        auto events = log.ReadAll(next, events_per_batch);
        if (!events.ok()) return std::move(events).error();
        if (events->empty() && log.Head() >= next) {
            return Error::Make(Errc::kDataLoss, "log position " + std::to_string(next.value) +
                                                    " holds no event though the log's head is " +
                                                    std::to_string(log.Head().value) +
                                                    "; run `xingfuli verify`");
        }
        if (events->empty()) return {};
        return ApplyBatch(*events, false);
    }

    void Fail(Error error) {
        {
            std::lock_guard lock(mutex);
            failure = std::move(error);
        }
        advanced.notify_all();
    }

    void TailLoop() {
        while (!stopping.load()) {
            LogPosition at = MinCheckpoint();
            if (log.WaitForEvents(at, kTailWait) <= at) continue;
            if (Status s = Step(); !s.ok()) {
                Fail(std::move(s).error());
                return;
            }
        }
    }
};

ProjectionRunner::ProjectionRunner(eventstore::EventLog& log, ProjectionStore& store,
                                   std::vector<std::unique_ptr<Projection>> projections, Warn warn)
    : state_(std::make_unique<State>(log, *store.impl_, std::move(warn))) {
    for (auto& p : projections) state_->entries.push_back({std::move(p), {}, {}, {}, 0});
}

ProjectionRunner::~ProjectionRunner() { Stop(); }

void ProjectionRunner::CheckHashesForBenchmark(bool check) { state_->check_hashes = check; }

void ProjectionRunner::HoldWritesUpTo(std::size_t bytes) { state_->held_bytes = bytes; }

void ProjectionRunner::ReadInBatchesOf(std::size_t events) {
    state_->events_per_batch = std::max<std::size_t>(events, 1);
}

Status ProjectionRunner::CatchUp(const std::function<void(LogPosition)>& progress) {
    if (Status s = state_->Load(); !s.ok()) return s;
    FewerCompactions fewer(state_->store);
    const LogPosition head = state_->log.Head();
    eventstore::PrefetchingReader reader(state_->log, state_->MinCheckpoint().Next(), head,
                                         state_->events_per_batch);
    std::vector<EventEnvelope> events;
    for (;;) {
        if (Status s = reader.Next(events); !s.ok()) return s;
        if (events.empty()) break;
        if (Status s = state_->ApplyBatch(events, true); !s.ok()) return s;
        if (progress) progress(state_->MinApplied());
    }
    if (Status s = state_->Flush(state_->All()); !s.ok()) return s;
    state_->advanced.notify_all();
    if (state_->MinCheckpoint() < head) {
        return Error::Make(Errc::kDataLoss, "the log ends at position " +
                                                std::to_string(state_->MinCheckpoint().value) +
                                                " before its head " + std::to_string(head.value));
    }
    return {};
}

Status ProjectionRunner::Reset(const std::optional<std::string>& name) {
    if (Status s = state_->Load(); !s.ok()) return s;
    std::vector<Entry*> targets;
    for (Entry& e : state_->entries) {
        if (!name || e.projection->Name() == *name) targets.push_back(&e);
    }
    if (name && targets.empty()) {
        return Error::Make(Errc::kNotFound, "no projection is named " + *name, "projection");
    }
    return state_->ResetEntries(targets);
}

void ProjectionRunner::Start() {
    if (state_->tail.joinable()) return;
    state_->stopping = false;
    state_->tail = std::thread([this] { state_->TailLoop(); });
}

void ProjectionRunner::Stop() {
    state_->stopping = true;
    if (state_->tail.joinable()) state_->tail.join();
}

LogPosition ProjectionRunner::Position() const { return state_->MinCheckpoint(); }

bool ProjectionRunner::WaitFor(LogPosition position, std::chrono::milliseconds timeout) const {
    std::vector<std::string_view> all;
    for (const Entry& e : state_->entries) all.push_back(e.projection->Name());
    return WaitFor(position, all, timeout);
}

bool ProjectionRunner::WaitFor(LogPosition position, std::span<const std::string_view> names,
                               std::chrono::milliseconds timeout) const {
    std::unique_lock lock(state_->mutex);
    auto reached = [&] {
        for (const Entry& e : state_->entries) {
            const bool named =
                std::find(names.begin(), names.end(), e.projection->Name()) != names.end();
            if (named && e.checkpoint.position < position) return false;
        }
        return true;
    };
    state_->advanced.wait_for(lock, timeout, [&] { return state_->failure || reached(); });
    return !state_->failure && reached();
}

std::vector<ProjectionStatus> ProjectionRunner::Statuses() const {
    std::lock_guard lock(state_->mutex);
    std::vector<ProjectionStatus> out;
    for (const Entry& e : state_->entries) {
        out.push_back({std::string(e.projection->Name()), e.projection->CodeVersion(),
                       e.checkpoint.position});
    }
    return out;
}

std::optional<Error> ProjectionRunner::Failure() const {
    std::lock_guard lock(state_->mutex);
    return state_->failure;
}

}  // namespace xfl::projections
