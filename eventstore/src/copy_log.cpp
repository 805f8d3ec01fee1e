#include "xfl/eventstore/copy_log.hpp"

#include <unordered_map>

#include "xfl/eventstore/append_pipeline.hpp"
#include "xfl/eventstore/hash_chain.hpp"
#include "xfl/eventstore/log_reader.hpp"
#include "xfl/eventstore/verify.hpp"

namespace xfl::eventstore {
namespace {

struct StreamCopy {
    StreamVersion target_head;  // what `to` had when the copy first met the stream
    StreamVersion source_head;
    Sha256Digest last_hash{};
};

class Copier {
  public:
    Copier(EventLog& to, CopyReport& report) : to_(to), report_(report) {}

    Status Add(const EventEnvelope& e) {
        if (!commit_.empty() && (e.stream_id != commit_.front().stream_id ||
                                 e.command_id != commit_.front().command_id ||
                                 e.recorded_at_us != commit_.front().recorded_at_us)) {
            if (Status s = Flush(); !s.ok()) return s;
        }
        commit_.push_back(e);
        return {};
    }

    Status Flush() {
        if (commit_.empty()) return {};
        const EventEnvelope& last = commit_.back();
        auto [it, fresh] = streams_.try_emplace(last.stream_id);
        if (fresh) {
            auto head = to_.StreamHead(last.stream_id);
            if (!head.ok()) return std::move(head).error();
            it->second.target_head = *head;
        }
        it->second.source_head = last.version;
        it->second.last_hash = last.hash;
        if (last.version <= it->second.target_head) {
            if (Status s = CheckSame(last); !s.ok()) return s;
            report_.events_already_there += commit_.size();
        } else {
            if (commit_.front().version <= it->second.target_head) {
                return Error::Make(Errc::kDataLoss, "stream " + last.stream_id +
                                                        " in the target ends inside a commit");
            }
            report_.events_copied += commit_.size();
            report_.commits++;
            auto append = [&to = to_, commit = std::move(commit_)]() mutable -> Status {
                auto appended = to.AppendRecorded(std::move(commit));
                if (!appended.ok()) return std::move(appended).error();
                return {};
            };
            if (Status s = pipeline_.Submit(last.stream_id, std::move(append)); !s.ok()) return s;
        }
        commit_.clear();
        return {};
    }

    // Waits for the appends, then checks every stream ends in the target with the source's
    // last hash.
    Status FinishAndCompareHeads() {
        if (Status s = pipeline_.Finish(); !s.ok()) return s;
        report_.streams = streams_.size();
        for (const auto& [stream, copy] : streams_) {
            auto events = to_.ReadStream({stream, copy.source_head, 1, std::nullopt});
            if (!events.ok()) return std::move(events).error();
            if (events->empty() || events->front().hash != copy.last_hash) {
                return Error::Make(Errc::kDataLoss, "stream " + stream + " version " +
                                                        std::to_string(copy.source_head.value) +
                                                        " differs between the two logs");
            }
        }
        return {};
    }

  private:
    Status CheckSame(const EventEnvelope& last) {
        auto there = to_.ReadStream({last.stream_id, last.version, 1, std::nullopt});
        if (!there.ok()) return std::move(there).error();
        if (there->empty() || there->front().hash != last.hash) {
            return Error::Make(Errc::kDataLoss, "stream " + last.stream_id + " version " +
                                                    std::to_string(last.version.value) +
                                                    " is already in the target with another hash");
        }
        return {};
    }

    EventLog& to_;
    CopyReport& report_;
    AppendPipeline pipeline_;
    std::vector<EventEnvelope> commit_;
    std::unordered_map<std::string, StreamCopy> streams_;
};

}  // namespace

Result<CopyReport> CopyLog(EventLog& from, EventLog& to,
                           const std::function<void(std::uint64_t)>& progress) {
    CopyReport report;
    Copier copier(to, report);
    PrefetchingReader reader(from, LogPosition{1}, from.Head(), 4096);
    std::vector<EventEnvelope> batch;
    std::uint64_t read = 0;
    for (;;) {
        if (Status s = reader.Next(batch); !s.ok()) return std::move(s).error();
        if (batch.empty()) break;
        for (const EventEnvelope& e : batch) {
            if (Status s = copier.Add(e); !s.ok()) return std::move(s).error();
        }
        read += batch.size();
        if (progress) progress(read);
    }
    if (Status s = copier.Flush(); !s.ok()) return std::move(s).error();
    if (Status s = copier.FinishAndCompareHeads(); !s.ok()) return std::move(s).error();
    VerifyReport verified = VerifyLog(to);
    if (!verified.ok) {
        const VerifyProblem& first = verified.problems.front();
        return Error::Make(Errc::kDataLoss, "the copy does not verify: position " +
                                                std::to_string(first.position) + ": " + first.what);
    }
    return report;
}

}  // namespace xfl::eventstore
