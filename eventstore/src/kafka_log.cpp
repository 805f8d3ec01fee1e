#include "kafka_log_impl.hpp"

namespace xfl::eventstore::kafka_detail {

Status KafkaLog::Start() {
    auto store = LogStore::Open(options_.mirror_dir);
    if (!store.ok()) return std::move(store).error();
    store_ = std::move(store).value();
    if (Status s = Connect(); !s.ok()) return s;
    if (Status s = LoadMirrorState(); !s.ok()) return s;
    if (Status s = CheckTopicSettings(); !s.ok()) return s;
    if (Status s = Assign(); !s.ok()) return s;
    ingester_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "xfl-kafka-read");
        IngestLoop();
    });
    if (Status s = CatchUp(); !s.ok()) return s;
    writers_.assign(partitions_.size(), {});
    if (!options_.writer) return {};
    if (Status s = StartWriter(); !s.ok()) return s;
    poller_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "xfl-kafka-write");
        PollLoop();
    });
    return {};
}

Result<AppendResult> KafkaLog::Append(AppendRequest request) {
    if (Status valid = internal::ValidateRequest(request); !valid.ok()) {
        return std::move(valid).error();
    }
    std::vector<EventEnvelope> events;
    events.reserve(request.events.size());
    for (NewEvent& event : request.events) {
        EventEnvelope e;
        e.stream_id = request.stream_id;
        e.type = std::move(event.type);
        e.schema_version = event.schema_version;
        e.command_id = request.command_id;
        e.actor = request.actor;
        e.occurred_at_us = event.occurred_at_us;
        e.payload = std::move(event.payload);
        events.push_back(std::move(e));
    }
    return Submit(std::move(events), &request);
}

Result<AppendResult> KafkaLog::AppendRecorded(std::vector<EventEnvelope> commit) {
    if (commit.empty()) {
        return Error::Make(Errc::kInvalidArgument, "a commit needs at least one event", "events");
    }
    return Submit(std::move(commit), nullptr);
}

std::vector<std::string> KafkaLog::Problems() const {
    std::lock_guard lock(mutex_);
    return problems_;
}

std::int32_t KafkaLog::PartitionOf(const std::string& stream_id) const {
    return rd_kafka_msg_partitioner_murmur2(topic_.get(), stream_id.data(), stream_id.size(),
                                            PartitionCount(), nullptr, nullptr);
}

bool KafkaLog::Writes(const std::string& stream_id) const {
    const auto p = static_cast<std::size_t>(PartitionOf(stream_id));
    std::lock_guard lock(mutex_);
    return writer_down_.empty() && p < writers_.size() && writers_[p].ready;
}

void KafkaLog::OnClientLog(const rd_kafka_t* rk, int, const char* facility, const char* text) {
    auto* self = static_cast<KafkaLog*>(rd_kafka_opaque(rk));
    if (self != nullptr) self->options_.warn(std::string(facility) + ": " + text);
}

void KafkaLog::PollLoop() {
    auto backoff = std::chrono::milliseconds(250);
    for (;;) {
        rd_kafka_poll(producer_.get(), 50);
        std::unique_lock lock(mutex_);
        if (stopping_) return;
        if (writer_down_.empty()) continue;
        lock.unlock();
        if (Status s = Reconnect(); !s.ok()) {
            options_.warn("reconnecting the writer: " + s.error().message + "; retrying in " +
                          std::to_string(backoff.count()) + " ms");
            std::this_thread::sleep_for(backoff);
            backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
        } else {
            options_.warn("writer reconnected");
            backoff = std::chrono::milliseconds(250);
        }
    }
}

Status KafkaLog::Reconnect() {
    {
        std::lock_guard lock(mutex_);
        if (producer_) {
            rd_kafka_purge(producer_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
        }
    }
    if (producer_) {
        rd_kafka_poll(producer_.get(), 0);  // delivery reports of what was purged
        rd_kafka_flush(producer_.get(), 1000);
    }
    {
        std::lock_guard lock(mutex_);
        FailAllTickets(Error::Make(Errc::kUnavailable,
                                   "the Kafka writer restarted; the outcome of this append "
                                   "is unknown, retry with the same Idempotency-Key"));
        inflight_heads_.clear();
        inflight_commands_.clear();
        producer_.reset();
    }
    return StartWriter();
}

}  // namespace xfl::eventstore::kafka_detail

namespace xfl::eventstore {

Result<std::unique_ptr<KafkaEventLog>> OpenKafkaLog(KafkaLogOptions options) {
    if (options.brokers.empty()) {
        return Error::Make(Errc::kInvalidArgument, "--brokers is required with --log kafka",
                           "brokers");
    }
    if (options.topic.empty()) {
        return Error::Make(Errc::kInvalidArgument, "the topic name is empty", "topic");
    }
    auto log = std::make_unique<kafka_detail::KafkaLog>(std::move(options));
    if (Status s = log->Start(); !s.ok()) return std::move(s).error();
    return std::unique_ptr<KafkaEventLog>(std::move(log));
}

}  // namespace xfl::eventstore
