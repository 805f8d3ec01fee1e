#include "kafka_log_impl.hpp"

namespace xfl::eventstore::kafka_detail {

Status KafkaLog::CatchUp() {
    std::vector<std::int64_t> ends(partitions_.size(), 0);
    for (std::size_t p = 0; p < partitions_.size(); ++p) {
        std::int64_t low = 0;
        rd_kafka_resp_err_t err =
            rd_kafka_query_watermark_offsets(consumer_.get(), options_.topic.c_str(),
                                             static_cast<std::int32_t>(p), &low, &ends[p], 10000);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            return KafkaError(Errc::kUnavailable, "reading the end of topic " + options_.topic,
                              err);
        }
    }
    std::unique_lock lock(mutex_);
    auto at_end = [&] {
        for (std::size_t p = 0; p < partitions_.size(); ++p) {
            const PartitionState& s = partitions_[p];
            if (!s.halted.empty()) continue;
            if (std::max(s.next_offset, s.end_offset) < ends[p]) return false;
        }
        return true;
    };
    // Progress resets the wait: a large topic takes as long as it takes, a stall does not.
    std::uint64_t seen = store_->Head().value;
    while (!at_end()) {
        if (!changed_.wait_for(lock, std::chrono::seconds(30), at_end) &&
            store_->Head().value == seen) {
            return Error::Make(Errc::kUnavailable,
                               "reading topic " + options_.topic + " made no progress in 30 s");
        }
        seen = store_->Head().value;
    }
    for (std::size_t p = 0; p < partitions_.size(); ++p) {
        if (!partitions_[p].halted.empty()) {
            return Error::Make(Errc::kDataLoss, partitions_[p].halted);
        }
    }
    return {};
}

void KafkaLog::IngestLoop() {
    std::vector<rd_kafka_message_t*> messages;
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
        }
        rd_kafka_message_t* m = rd_kafka_consumer_poll(consumer_.get(), 100);
        if (m == nullptr) continue;
        messages.push_back(m);
        while (messages.size() < kMaxIngestBatch &&
               (m = rd_kafka_consumer_poll(consumer_.get(), 0)) != nullptr) {
            messages.push_back(m);
        }
        Ingest(messages);
        for (rd_kafka_message_t* done : messages) rd_kafka_message_destroy(done);
        messages.clear();
    }
}

void KafkaLog::Ingest(const std::vector<rd_kafka_message_t*>& messages) {
    std::vector<PartitionState> next;
    {
        std::lock_guard lock(mutex_);
        next = partitions_;
    }
    LogStore::Batch batch(*store_);
    std::vector<bool> touched(next.size(), false);
    std::vector<std::string> problems;
    std::vector<Outcome> outcomes;
    for (const rd_kafka_message_t* m : messages) {
        const std::int32_t p = m->partition;
        if (p < 0 || static_cast<std::size_t>(p) >= next.size()) continue;
        PartitionState& state = next[static_cast<std::size_t>(p)];
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            state.end_offset = m->offset;
            continue;
        }
        if (!state.halted.empty()) continue;
        if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            if (m->err == RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE) {
                state.halted = Where(p, state.next_offset) +
                               ": Kafka no longer has the messages from there on (retention "
                               "or truncation); events are missing, reading of the partition "
                               "stops here";
                problems.push_back(state.halted);
            } else {
                options_.warn(std::string("reading: ") +
                              rd_kafka_err2str(m->err));  // transient; librdkafka retries
            }
            continue;
        }
        IngestOne(m, state, batch, problems, outcomes);
        if (state.halted.empty()) state.next_offset = m->offset + 1;
        touched[static_cast<std::size_t>(p)] = true;
    }
    for (std::size_t p = 0; p < next.size(); ++p) {
        if (touched[p])
            batch.PutExtra(StateKey(static_cast<std::int32_t>(p)), EncodeState(next[p]));
    }
    std::uint64_t problem_number = 0;
    {
        std::lock_guard lock(mutex_);
        problem_number = problems_.size();
    }
    for (const std::string& text : problems) {
        std::string key = kProblemPrefix;
        PutU64(key, problem_number++);
        batch.PutExtra(key, text);
    }
    if (Status written = store_->Write(batch, /*sync=*/true); !written.ok()) {
        // Nothing of the batch is in the mirror; the consumer must not move past it.
        options_.warn("cannot write the mirror: " + written.error().message);
        std::lock_guard lock(mutex_);
        for (PartitionState& s : partitions_) {
            s.halted = "the mirror cannot be written: " + written.error().message;
        }
        // Appends waiting to be read back are answered now, not at their timeout.
        for (std::size_t p = 0; p < writers_.size(); ++p) LoseFencedOrHalted(p);
        changed_.notify_all();
        return;
    }
    for (const std::string& text : problems) options_.warn(text);
    std::lock_guard lock(mutex_);
    partitions_ = std::move(next);
    problems_.insert(problems_.end(), problems.begin(), problems.end());
    for (Outcome& o : outcomes) {
        auto it = tickets_.find({o.partition, o.seq});
        if (it != tickets_.end() && it->second->epoch == o.epoch) {
            Answer(it->second, std::move(o.result));
        }
    }
    for (std::size_t p = 0; p < writers_.size(); ++p) LoseFencedOrHalted(p);
    changed_.notify_all();
}

void KafkaLog::IngestOne(const rd_kafka_message_t* m, PartitionState& state, LogStore::Batch& batch,
                         std::vector<std::string>& problems, std::vector<Outcome>& outcomes) {
    const std::int32_t p = m->partition;
    const std::string where = Where(p, m->offset);
    const KafkaHeaders headers = HeadersOf(m);
    const std::string_view value(static_cast<const char*>(m->payload), m->len);
    switch (internal::KindOf(headers)) {
        case internal::MessageKind::kForeign:
            problems.push_back(where +
                               ": a message without the xfl.kind header (not written by "
                               "Xingfuli) was ignored");
            return;
        case internal::MessageKind::kClaim: {
            auto claim = internal::DecodeClaim(value, headers);
            if (!claim.ok()) {
                problems.push_back(where + ": " + claim.error().message + "; ignored");
            } else if (claim->epoch <= state.epoch) {
                problems.push_back(where + ": writer epoch claim " + std::to_string(claim->epoch) +
                                   " by " + claim->node + " is not newer than epoch " +
                                   std::to_string(state.epoch) + "; ignored");
            } else {
                state.epoch = claim->epoch;
                state.owner_node = claim->node;
                state.owner_url = claim->url;
            }
            return;
        }
        case internal::MessageKind::kCommit:
            break;
    }
    auto commit = internal::DecodeCommit(value, headers);
    if (!commit.ok()) {
        problems.push_back(where + ": " + commit.error().message + "; ignored");
        return;
    }
    const CommitStamp stamp = commit->stamp;
    const std::string what = where + ": commit " + std::to_string(stamp.seq) + " of stream " +
                             commit->events.front().stream_id;
    if (stamp.epoch < state.epoch) {
        problems.push_back(what + " comes from writer epoch " + std::to_string(stamp.epoch) +
                           " after epoch " + std::to_string(state.epoch) +
                           " was claimed (a fenced writer); rejected");
        outcomes.push_back({p, stamp.seq, stamp.epoch,
                            Error::Make(Errc::kUnavailable,
                                        "another node took over partition " + std::to_string(p) +
                                            " before this append landed; nothing was "
                                            "appended, retry")});
        return;
    }
    auto halt = [&](const std::string& why) {
        state.halted =
            what + ": " + why + "; reading of partition " + std::to_string(p) + " stops here";
        problems.push_back(state.halted);
    };
    if (stamp.seq > state.next_seq) {
        return halt("commits " + std::to_string(state.next_seq) + " to " +
                    std::to_string(stamp.seq - 1) + " are missing (lost or deleted by retention)");
    }
    if (stamp.epoch > state.epoch) {
        return halt("writer epoch " + std::to_string(stamp.epoch) +
                    " was never claimed (the claim is missing)");
    }
    if (stamp.seq < state.next_seq) {
        problems.push_back(what + " was read before (a duplicated message); ignored");
        return;
    }
    auto head = batch.CurrentHead(commit->events.front().stream_id);
    if (!head.ok()) return halt(head.error().message);
    if (Status chained = internal::CheckRecordedCommit(commit->events, *head); !chained.ok()) {
        return halt(chained.error().message);
    }
    for (EventEnvelope& e : commit->events) batch.AddEvent(e);
    const EventEnvelope& last = commit->events.back();
    AppendResult result = batch.EndCommit(
        last.stream_id, last.command_id, commit->events.front().version, {last.version, last.hash});
    state.next_seq++;
    state.last_recorded_at_us = std::max(state.last_recorded_at_us, last.recorded_at_us);
    outcomes.push_back({p, stamp.seq, stamp.epoch, result});
}

void KafkaLog::LoseFencedOrHalted(std::size_t p) {
    Writer& w = writers_[p];
    if (!w.ready) return;
    const PartitionState& s = partitions_[p];
    if (!s.halted.empty()) {
        w.ready = false;
        FailTickets(static_cast<std::int32_t>(p), Error::Make(Errc::kDataLoss, s.halted));
    } else if (s.epoch > w.epoch) {
        w.ready = false;
        options_.warn("partition " + std::to_string(p) + " was claimed by " + s.owner_node +
                      " (epoch " + std::to_string(s.epoch) + "); this node stops writing it");
    }
}

}  // namespace xfl::eventstore::kafka_detail
