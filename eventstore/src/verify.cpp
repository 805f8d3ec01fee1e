#include "xfl/eventstore/verify.hpp"

#include <unordered_map>

#include "xfl/eventstore/hash_chain.hpp"
#include "xfl/eventstore/log_reader.hpp"

namespace xfl::eventstore {
namespace {

constexpr std::size_t kReadBatch = 4096;
constexpr std::size_t kMaxProblems = 100;

struct ChainState {
    StreamVersion version;
    Sha256Digest hash{};
    std::int64_t recorded_at_us = INT64_MIN;
};

class Verifier {
  public:
    void Check(const EventEnvelope& e) {
        if (e.position != expected_position_) {
            Report(e, "log position " + std::to_string(expected_position_.value) +
                          " holds this event of position " + std::to_string(e.position.value) +
                          ": events are missing or were moved");
        }
        ChainState& chain = chains_[e.stream_id];
        if (e.version.value != chain.version.value + 1) {
            Report(e, "stream version " + std::to_string(chain.version.value + 1) +
                          " expected here: an event is missing or out of order");
        } else if (e.prev_hash != chain.hash) {
            Report(e, "previous-hash does not match the stream's preceding event");
        }
        if (ComputeEventHash(e) != e.hash) {
            Report(e, "hash does not match the event's content: the event was altered");
        }
        // Per stream: a Kafka node's mirror interleaves partitions written by different clocks.
        if (e.recorded_at_us < chain.recorded_at_us) {
            Report(e,
                   "recorded-at earlier than the stream's preceding event's: events were "
                   "reordered");
        }
        chain = {e.version, e.hash, e.recorded_at_us};
        expected_position_ = e.position.Next();
        ++report_.events_checked;
    }

    // Each stream's indexed head (what appends and reads start from) against its events.
    void CheckIndexedHeads(EventLog& log) {
        for (const auto& [stream, chain] : chains_) {
            if (Full()) return;
            auto head = log.StreamHead(stream);
            if (!head.ok()) {
                report_.problems.push_back({0, stream, 0, head.error().message});
            } else if (*head != chain.version) {
                report_.problems.push_back(
                    {0, stream, head->value,
                     "the stream's index says version " + std::to_string(head->value) +
                         " but its events end at version " + std::to_string(chain.version.value) +
                         ": events were deleted or the index altered"});
            }
        }
    }

    void ReportRead(LogPosition at, const std::string& problem) {
        report_.problems.push_back({at.value, {}, 0, problem});
    }

    bool Full() const { return report_.problems.size() >= kMaxProblems; }
    std::uint64_t events_checked() const { return report_.events_checked; }

    VerifyReport Finish() {
        report_.streams_checked = chains_.size();
        report_.ok = report_.problems.empty();
        return std::move(report_);
    }

  private:
    void Report(const EventEnvelope& e, std::string problem) {
        if (!Full())
            report_.problems.push_back(
                {e.position.value, e.stream_id, e.version.value, std::move(problem)});
    }

    std::unordered_map<std::string, ChainState> chains_;
    LogPosition expected_position_{1};
    VerifyReport report_;
};

}  // namespace

VerifyReport VerifyLog(EventLog& log, const std::function<void(std::uint64_t)>& progress) {
    const LogPosition head = log.Head();
    Verifier verifier;
    PrefetchingReader reader(log, LogPosition{1}, head, kReadBatch);
    LogPosition next{1};
    std::vector<EventEnvelope> batch;
    while (next <= head && !verifier.Full()) {
        if (Status read = reader.Next(batch); !read.ok()) {
            verifier.ReportRead(next, read.error().message);
            break;
        }
        if (batch.empty()) {
            verifier.ReportRead(next, "events missing from log position " +
                                          std::to_string(next.value) + " to the head " +
                                          std::to_string(head.value));
            break;
        }
        for (const EventEnvelope& e : batch) verifier.Check(e);
        next = batch.back().position.Next();
        if (progress) progress(verifier.events_checked());
    }
    if (!verifier.Full()) verifier.CheckIndexedHeads(log);
    return verifier.Finish();
}

}  // namespace xfl::eventstore
