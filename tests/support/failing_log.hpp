// An EventLog decorator whose appends can be made to fail as an unreachable log would
// (Errc::kUnavailable), or be refused for streams it does not write, as a Kafka node refuses
// those of partitions another node writes (Errc::kMisdirected): to test how callers answer.
#pragma once

#include <atomic>
#include <functional>

#include "xfl/eventstore/event_log.hpp"

namespace xfl::testing {

class FailingLog final : public eventstore::EventLog {
  public:
    explicit FailingLog(eventstore::EventLog& inner) : inner_(inner) {}
    void FailAppends(bool fail) { fail_ = fail; }
    // The streams this log writes (default: all); not to be changed while it is in use.
    void WriteOnly(std::function<bool(const std::string&)> writes) { writes_ = std::move(writes); }

    Result<eventstore::AppendResult> Append(eventstore::AppendRequest request) override {
        if (fail_) return Error::Make(Errc::kUnavailable, "the event log cannot be reached");
        if (!Writes(request.stream_id)) {
            return Error::Make(Errc::kMisdirected,
                               request.stream_id + " is written by another node");
        }
        return inner_.Append(std::move(request));
    }
    Result<eventstore::AppendResult> AppendRecorded(
        std::vector<eventstore::EventEnvelope> commit) override {
        if (fail_) return Error::Make(Errc::kUnavailable, "the event log cannot be reached");
        return inner_.AppendRecorded(std::move(commit));
    }
    Result<std::vector<eventstore::EventEnvelope>> ReadStream(
        const eventstore::StreamQuery& query) override {
        return inner_.ReadStream(query);
    }
    Status ReadAllInto(eventstore::LogPosition from, std::size_t max,
                       std::vector<eventstore::EventEnvelope>& out) override {
        return inner_.ReadAllInto(from, max, out);
    }
    Result<std::optional<eventstore::AppendResult>> FindCommand(const std::string& id) override {
        return inner_.FindCommand(id);
    }
    Result<bool> AnyCommandStartingWith(const std::string& prefix) override {
        return inner_.AnyCommandStartingWith(prefix);
    }
    Result<std::vector<eventstore::StreamTip>> StreamHeadsAt(eventstore::LogPosition at) override {
        return inner_.StreamHeadsAt(at);
    }
    Result<eventstore::StreamVersion> StreamHead(const std::string& stream) override {
        return inner_.StreamHead(stream);
    }
    bool Writes(const std::string& stream) const override {
        return (!writes_ || writes_(stream)) && inner_.Writes(stream);
    }
    eventstore::LogPosition Head() const override { return inner_.Head(); }
    std::optional<std::string> WriteProblem() override { return inner_.WriteProblem(); }
    eventstore::LogPosition WaitForEvents(eventstore::LogPosition after,
                                          std::chrono::milliseconds timeout) override {
        return inner_.WaitForEvents(after, timeout);
    }

  private:
    eventstore::EventLog& inner_;
    std::atomic<bool> fail_{false};
    std::function<bool(const std::string&)> writes_;
};

}  // namespace xfl::testing
