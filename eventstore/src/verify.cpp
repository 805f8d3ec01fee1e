#include "xfl/eventstore/verify.hpp"

#include <algorithm>
#include <functional>
#include <unordered_map>
#include <utility>

#include "xfl/domain/kernel/time.hpp"
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
    // The stream index against the chains, as of the head the check read up to: a server
    // appending meanwhile is not an index ahead of its events.
    void CheckIndexedHeads(EventLog& log, LogPosition head) {
        auto indexed = log.StreamHeadsAt(head);
        if (!indexed.ok()) {
            report_.problems.push_back({0, {}, 0, indexed.error().message});
            return;
        }
        std::unordered_map<std::string, StreamVersion> index;
        for (const StreamTip& tip : *indexed) index.emplace(tip.stream_id, tip.version);
        for (const auto& [stream, chain] : chains_) {
            if (Full()) return;
            const auto it = index.find(stream);
            const StreamVersion version = it == index.end() ? StreamVersion{} : it->second;
            if (version != chain.version) ReportIndexAhead(stream, version, chain.version);
        }
    }

    void ReportIndexAhead(const std::string& stream, StreamVersion indexed, StreamVersion events) {
        report_.problems.push_back(
            {0, stream, indexed.value,
             "the stream's index says version " + std::to_string(indexed.value) +
                 " but its events end at version " + std::to_string(events.value) +
                 ": events were deleted or the index altered"});
    }

    // The stream heads as they stand after the events checked so far.
    std::vector<StreamTip> Heads() const {
        std::vector<StreamTip> heads;
        heads.reserve(chains_.size());
        for (const auto& [stream, chain] : chains_)
            heads.push_back({stream, chain.version, chain.hash});
        return heads;
    }

    // A signed head: its signature, then its digest as below.
    void CheckSignedHead(const SignedHead& signed_head, const std::string& public_key_pem) {
        ++report_.signed_heads_checked;
        const LogDigest& head = signed_head.head;
        const std::string at = "signed head at log position " + std::to_string(head.position.value);
        auto signature = CheckSignature(signed_head, public_key_pem);
        if (!signature.ok() || !*signature) {
            ReportRead(head.position,
                       at + ": " +
                           (signature.ok() ? "the signature is not valid for this key"
                                           : signature.error().message));
            return;
        }
        CheckHeadsAt(head, at);
    }

    // A digest taken earlier against the log as it stood at its position (the events checked
    // so far).
    void CheckDigest(const LogDigest& digest) {
        ++report_.digests_checked;
        CheckHeadsAt(digest, "digest at log position " + std::to_string(digest.position.value));
    }

    void CheckHeadsAt(const LogDigest& digest, const std::string& at) {
        if (expected_position_.value != digest.position.value + 1) {
            ReportRead(digest.position, at + ": the log ends at " +
                                            std::to_string(expected_position_.value - 1) +
                                            ": events it covered were deleted");
            return;
        }
        std::vector<StreamTip> heads = Heads();
        if (heads.size() != digest.streams ||
            DigestStreamHeads(digest.format, std::move(heads)) != digest.digest) {
            ReportRead(digest.position,
                       at + " (" + domain::FormatRfc3339(digest.taken_at_us) +
                           "): the streams' heads differ from what it holds: history up to it "
                           "was rewritten, or it was taken from another log");
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

    VerifyReport Stopped() {
        VerifyReport report = Finish();
        report.stopped = true;
        report.ok = false;
        return report;
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
    VerifyOptions options;
    options.progress = progress;
    return VerifyLog(log, options);
}

VerifyReport VerifyLog(EventLog& log, const VerifyOptions& options) {
    const LogPosition head = options.up_to ? std::min(*options.up_to, log.Head()) : log.Head();
    // Signed heads and digests, each checked once the events up to its position are.
    using Checkpoint = std::pair<LogPosition, std::function<void(Verifier&)>>;
    std::vector<Checkpoint> checkpoints;
    for (const SignedHead& h : options.signed_heads) {
        checkpoints.emplace_back(h.head.position, [&h, &options](Verifier& v) {
            v.CheckSignedHead(h, options.public_key_pem);
        });
    }
    for (const LogDigest& d : options.digests) {
        checkpoints.emplace_back(d.position, [&d](Verifier& v) { v.CheckDigest(d); });
    }
    std::stable_sort(checkpoints.begin(), checkpoints.end(),
                     [](const Checkpoint& a, const Checkpoint& b) { return a.first < b.first; });
    auto next_check = checkpoints.begin();
    Verifier verifier;
    PrefetchingReader reader(log, LogPosition{1}, head, kReadBatch);
    LogPosition next{1};
    std::vector<EventEnvelope> batch;
    while (next <= head && !verifier.Full()) {
        if (options.stop.stop_requested()) return verifier.Stopped();
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
        for (const EventEnvelope& e : batch) {
            for (; next_check != checkpoints.end() && next_check->first < e.position;
                 ++next_check) {
                next_check->second(verifier);
            }
            verifier.Check(e);
        }
        next = batch.back().position.Next();
        if (options.progress) options.progress(verifier.events_checked());
    }
    for (; next_check != checkpoints.end() && !verifier.Full(); ++next_check) {
        next_check->second(verifier);
    }
    if (!verifier.Full()) verifier.CheckIndexedHeads(log, head);
    return verifier.Finish();
}

}  // namespace xfl::eventstore
