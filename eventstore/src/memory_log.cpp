#include "xfl/eventstore/memory_log.hpp"

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <unordered_map>

#include "append_rules.hpp"

namespace xfl::eventstore {
namespace {

using internal::ChainHead;

// One mutex over everything: appends are decided and stored in one step, as by a single writer.
class MemoryLog final : public EventLog {
  public:
    Result<AppendResult> Append(AppendRequest request) override {
        if (Status valid = internal::ValidateRequest(request); !valid.ok()) {
            return std::move(valid).error();
        }
        std::lock_guard lock(mutex_);
        if (auto seen = FindCommandLocked(request.command_id)) return *seen;
        ChainHead head = HeadOf(request.stream_id);
        if (Status s = internal::CheckExpected(request, head.version); !s.ok()) {
            return std::move(s).error();
        }
        const std::int64_t now = std::max(internal::NowMicros(), last_recorded_at_us_);
        std::vector<EventEnvelope> commit;
        for (NewEvent& event : request.events) {
            EventEnvelope& e = commit.emplace_back();
            e.stream_id = request.stream_id;
            e.type = std::move(event.type);
            e.schema_version = event.schema_version;
            e.command_id = request.command_id;
            e.actor = request.actor;
            e.recorded_at_us = now;
            e.occurred_at_us = event.occurred_at_us;
            e.payload = std::move(event.payload);
            internal::ChainNext(e, head);
        }
        return Store(std::move(commit));
    }

    Result<AppendResult> AppendRecorded(std::vector<EventEnvelope> commit) override {
        std::lock_guard lock(mutex_);
        if (!commit.empty()) {
            if (auto seen = FindCommandLocked(commit.front().command_id)) return *seen;
        }
        if (Status s = internal::CheckRecordedCommit(
                commit, commit.empty() ? ChainHead{} : HeadOf(commit.front().stream_id));
            !s.ok()) {
            return std::move(s).error();
        }
        return Store(std::move(commit));
    }

    Result<std::vector<EventEnvelope>> ReadStream(const StreamQuery& query) override {
        std::lock_guard lock(mutex_);
        std::vector<EventEnvelope> events;
        auto stream = streams_.find(query.stream_id);
        if (stream == streams_.end()) return events;
        const std::vector<std::size_t>& indexes = stream->second;
        for (std::size_t v = std::max<std::uint64_t>(query.from_version.value, 1);
             v <= indexes.size() && events.size() < query.max_events; ++v) {
            const EventEnvelope& e = events_[indexes[v - 1]];
            if (query.recorded_up_to_us && e.recorded_at_us > *query.recorded_up_to_us) break;
            events.push_back(e);
        }
        return events;
    }

    Status ReadAllInto(LogPosition from, std::size_t max_events,
                       std::vector<EventEnvelope>& out) override {
        std::lock_guard lock(mutex_);
        const std::size_t first = std::max<std::uint64_t>(from.value, 1) - 1;
        const std::size_t count =
            first < events_.size() ? std::min(max_events, events_.size() - first) : 0;
        out.resize(count);
        if (count > 0) {
            std::copy_n(events_.begin() + static_cast<std::ptrdiff_t>(first), count, out.begin());
        }
        return {};
    }

    Result<std::optional<AppendResult>> FindCommand(const std::string& command_id) override {
        std::lock_guard lock(mutex_);
        if (auto seen = FindCommandLocked(command_id)) {
            seen->duplicate = false;
            return std::optional<AppendResult>(*seen);
        }
        return std::optional<AppendResult>();
    }

    Result<bool> AnyCommandStartingWith(const std::string& prefix) override {
        std::lock_guard lock(mutex_);
        auto it = commands_.lower_bound(prefix);
        return it != commands_.end() && it->first.starts_with(prefix);
    }

    Result<StreamVersion> StreamHead(const std::string& stream_id) override {
        std::lock_guard lock(mutex_);
        return HeadOf(stream_id).version;
    }

    Result<std::vector<StreamTip>> StreamHeadsAt(LogPosition at) override {
        std::lock_guard lock(mutex_);
        std::map<std::string, StreamTip> tips;
        for (std::size_t i = 0; i < std::min<std::uint64_t>(at.value, events_.size()); ++i) {
            const EventEnvelope& e = events_[i];
            tips[e.stream_id] = {e.stream_id, e.version, e.hash};
        }
        std::vector<StreamTip> heads;
        for (auto& [stream, tip] : tips) heads.push_back(std::move(tip));
        return heads;
    }

    bool Writes(const std::string&) const override { return true; }
    std::optional<std::string> WriteProblem() override { return std::nullopt; }

    LogPosition Head() const override {
        std::lock_guard lock(mutex_);
        return LogPosition{events_.size()};
    }

    LogPosition WaitForEvents(LogPosition after, std::chrono::milliseconds timeout) override {
        std::unique_lock lock(mutex_);
        appended_.wait_for(lock, timeout, [&] { return events_.size() > after.value; });
        return LogPosition{events_.size()};
    }

  private:
    // The first result of `command_id`, marked as a repeat; nullopt for none or an empty id.
    std::optional<AppendResult> FindCommandLocked(const std::string& command_id) const {
        if (command_id.empty()) return std::nullopt;
        auto it = commands_.find(command_id);
        if (it == commands_.end()) return std::nullopt;
        AppendResult first = it->second;
        first.duplicate = true;
        return first;
    }

    ChainHead HeadOf(const std::string& stream_id) const {
        auto it = streams_.find(stream_id);
        if (it == streams_.end()) return {};
        const EventEnvelope& last = events_[it->second.back()];
        return {last.version, last.hash};
    }

    // Gives the decided commit its positions and makes it visible.
    AppendResult Store(std::vector<EventEnvelope> commit) {
        AppendResult result;
        result.stream_id = commit.front().stream_id;
        result.first_version = commit.front().version;
        result.last_version = commit.back().version;
        result.first_position = LogPosition{events_.size() + 1};
        result.last_position = LogPosition{events_.size() + commit.size()};
        std::vector<std::size_t>& stream = streams_[result.stream_id];
        for (EventEnvelope& e : commit) {
            e.position = LogPosition{events_.size() + 1};
            last_recorded_at_us_ = std::max(last_recorded_at_us_, e.recorded_at_us);
            stream.push_back(events_.size());
            events_.push_back(std::move(e));
        }
        const std::string& command_id = events_.back().command_id;
        if (!command_id.empty()) commands_.emplace(command_id, result);
        appended_.notify_all();
        return result;
    }

    mutable std::mutex mutex_;
    std::condition_variable appended_;
    std::vector<EventEnvelope> events_;  // in position order: events_[i] is at position i + 1
    std::unordered_map<std::string, std::vector<std::size_t>> streams_;  // version order
    std::map<std::string, AppendResult> commands_;  // ordered, for AnyCommandStartingWith
    std::int64_t last_recorded_at_us_ = 0;
};

}  // namespace

std::unique_ptr<EventLog> MakeMemoryLog() { return std::make_unique<MemoryLog>(); }

}  // namespace xfl::eventstore
