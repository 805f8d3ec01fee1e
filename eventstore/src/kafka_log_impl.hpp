// Private: the Kafka log (kafka_log.hpp) as one class whose parts live in kafka_log.cpp
// (lifecycle, the EventLog calls, reconnecting), kafka_connection.cpp (clients, the mirror's
// state, the topic's settings, partition assignment), kafka_ingest.cpp (reading the topic into
// the mirror) and kafka_writer.cpp (claims, transactions, appends in flight).
#pragma once

#include <librdkafka/rdkafka.h>
#include <pthread.h>

#include <algorithm>
#include <cstdio>
#include <future>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "byte_io.hpp"
#include "kafka_message.hpp"
#include "log_store.hpp"
#include "xfl/eventstore/hash_chain.hpp"
#include "xfl/eventstore/kafka_log.hpp"

namespace xfl::eventstore::kafka_detail {

using internal::ByteReader;
using internal::ChainHead;
using internal::CommitStamp;
using internal::EpochClaim;
using internal::KafkaCommit;
using internal::KafkaHeaders;
using internal::KafkaMessage;
using internal::LogStore;
using internal::PutBytes;
using internal::PutU32;
using internal::PutU64;
using Clock = std::chrono::steady_clock;

// The mirror's own keys, beside the embedded log's layout.
inline const std::string kPartitionStatePrefix = "xk";  // + BE32 partition -> PartitionState
inline const std::string kProblemPrefix = "xp";         // + BE64 number -> text
inline const std::string kTopicKey = "xt";              // topic and partition count of the mirror

constexpr std::size_t kMaxIngestBatch = 2000;

struct KafkaDeleter {
    void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using KafkaHandle = std::unique_ptr<rd_kafka_t, KafkaDeleter>;

struct TopicDeleter {
    void operator()(rd_kafka_topic_t* rkt) const { rd_kafka_topic_destroy(rkt); }
};
using TopicHandle = std::unique_ptr<rd_kafka_topic_t, TopicDeleter>;

inline Error KafkaError(Errc code, const std::string& what, rd_kafka_resp_err_t err) {
    return Error::Make(code, what + ": " + rd_kafka_err2str(err));
}

// What this node has read of one partition; stored in the mirror with the events it covers.
struct PartitionState {
    std::int64_t next_offset = RD_KAFKA_OFFSET_BEGINNING;
    std::uint64_t next_seq = 1;
    std::uint64_t epoch = 0;
    std::string owner_node;
    std::string owner_url;
    std::int64_t last_recorded_at_us = 0;
    // In memory only: where the partition ends as far as the consumer has seen, and why reading
    // it stopped (a restart reads the same messages and stops again).
    std::int64_t end_offset = -1;
    std::string halted;
};

inline std::string StateKey(std::int32_t partition) {
    std::string key = kPartitionStatePrefix;
    PutU32(key, static_cast<std::uint32_t>(partition));
    return key;
}

inline std::string EncodeState(const PartitionState& s) {
    std::string out;
    PutU64(out, static_cast<std::uint64_t>(s.next_offset));
    PutU64(out, s.next_seq);
    PutU64(out, s.epoch);
    PutBytes(out, s.owner_node);
    PutBytes(out, s.owner_url);
    PutU64(out, static_cast<std::uint64_t>(s.last_recorded_at_us));
    return out;
}

inline std::optional<PartitionState> DecodeState(std::string_view bytes) {
    ByteReader in(bytes);
    PartitionState s;
    s.next_offset = static_cast<std::int64_t>(in.U64());
    s.next_seq = in.U64();
    s.epoch = in.U64();
    s.owner_node = in.Bytes();
    s.owner_url = in.Bytes();
    s.last_recorded_at_us = static_cast<std::int64_t>(in.U64());
    if (!in.ok() || !in.AtEnd()) return std::nullopt;
    return s;
}

inline KafkaHeaders HeadersOf(const rd_kafka_message_t* m) {
    KafkaHeaders out;
    rd_kafka_headers_t* headers = nullptr;
    if (rd_kafka_message_headers(m, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR) return out;
    const char* name = nullptr;
    const void* value = nullptr;
    std::size_t size = 0;
    for (std::size_t i = 0;
         rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
         ++i) {
        out.emplace_back(name, value == nullptr
                                   ? std::string()
                                   : std::string(static_cast<const char*>(value), size));
    }
    return out;
}

inline std::string Where(std::int32_t partition, std::int64_t offset) {
    return "partition " + std::to_string(partition) + " offset " + std::to_string(offset);
}

// An append in flight: produced, waiting for Kafka's acknowledgement and for this node's mirror
// to read it back.
struct Ticket {
    std::int32_t partition = 0;
    std::uint64_t seq = 0;
    std::uint64_t epoch = 0;
    std::string stream_id;
    std::string command_id;
    std::promise<Result<AppendResult>> promise;
    std::shared_future<Result<AppendResult>> future = promise.get_future().share();
    bool answered = false;

    void Answer(Result<AppendResult> outcome) {
        if (answered) return;
        answered = true;
        promise.set_value(std::move(outcome));
    }
};

// Handed to librdkafka with each produced message and back in its delivery report.
struct DeliveryKey {
    std::int32_t partition;
    std::uint64_t seq;  // 0 for an epoch claim
};

// The writer's view of one partition it owns.
struct Writer {
    bool ready = false;  // claimed, and the claim read back
    std::uint64_t epoch = 0;
    std::uint64_t next_seq = 1;
    std::int64_t last_recorded_at_us = 0;
};

class KafkaLog final : public internal::ReadsFromStore<KafkaEventLog> {
  public:
    explicit KafkaLog(KafkaLogOptions options) : options_(std::move(options)) {
        if (!options_.warn) {
            options_.warn = [](const std::string& text) {
                std::fprintf(stderr, "xingfuli: kafka log: %s\n", text.c_str());
            };
        }
    }

    ~KafkaLog() override {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        changed_.notify_all();
        if (poller_.joinable()) poller_.join();
        if (ingester_.joinable()) ingester_.join();
        {
            std::lock_guard lock(mutex_);
            FailAllTickets(Error::Make(Errc::kUnavailable, "the event log is closing"));
        }
        if (producer_) rd_kafka_flush(producer_.get(), 2000);
        producer_.reset();
        if (consumer_) rd_kafka_consumer_close(consumer_.get());
        topic_.reset();
        consumer_.reset();
        if (store_) store_->Close();
    }

    Status Start();

    // --- EventLog ---------------------------------------------------------------------------

    Result<AppendResult> Append(AppendRequest request) override;

    Result<AppendResult> AppendRecorded(std::vector<EventEnvelope> commit) override;

    // --- KafkaEventLog ----------------------------------------------------------------------

    std::vector<std::string> Problems() const override;

    int PartitionCount() const override { return static_cast<int>(partitions_.size()); }

    std::int32_t PartitionOf(const std::string& stream_id) const override;

    // What Writable decides from: a partition this node claimed, not since fenced by another's
    // claim (false too while the writer reconnects).
    bool Writes(const std::string& stream_id) const override;

  private:
    // --- connecting -------------------------------------------------------------------------

    Result<rd_kafka_conf_t*> Config(
        std::initializer_list<std::pair<const char*, std::string>> settings);

    Result<KafkaHandle> NewClient(rd_kafka_type_t type, rd_kafka_conf_t* conf);

    // The consumer and the topic's partitions; brokers that do not answer are retried with
    // backoff until connect_timeout.
    Status Connect();

    Status LoadMirrorState();

    // Refuses settings that lose events; warns about weaker durability, and when the cluster
    // cannot describe the topic at all (no Admin API, as on librdkafka's mock cluster).
    Status CheckTopicSettings();

    Result<std::map<std::string, std::string>> DescribeTopic();

    // Every partition from where the mirror stopped; no consumer group, so no rebalance.
    Status Assign();

    // Reads every partition up to the end it has now, so that this node answers for the whole
    // topic (and a new node appends nothing that is there already) before it serves.
    Status CatchUp();

    // --- reading ----------------------------------------------------------------------------

    void IngestLoop();

    struct Outcome {
        std::int32_t partition;
        std::uint64_t seq;
        std::uint64_t epoch;
        Result<AppendResult> result;
    };

    // One batch of messages into the mirror: events, partition states and problems in one
    // atomic write; then the appends waiting for them are answered.
    void Ingest(const std::vector<rd_kafka_message_t*>& messages);

    void IngestOne(const rd_kafka_message_t* m, PartitionState& state, LogStore::Batch& batch,
                   std::vector<std::string>& problems, std::vector<Outcome>& outcomes);

    // Under mutex_: a partition this node wrote that another node claimed since, or whose
    // reading stopped, takes no more appends here.
    void LoseFencedOrHalted(std::size_t p);

    // --- writing ----------------------------------------------------------------------------

    Result<KafkaHandle> NewProducer();

    // A producer, then a claim of every owned partition, read back.
    Status StartWriter();

    // Under mutex_ (so that the order of sequence numbers is the order of production).
    Status Send(std::int32_t partition, const KafkaMessage& m, std::uint64_t seq);

    // With a transactional producer, each append is its own transaction; committing it waits
    // for Kafka's acknowledgement. The caller holds transaction_mutex_ but not mutex_, which
    // the delivery reports served meanwhile take.
    Status FlushTransaction();

    std::unique_lock<std::mutex> TransactionTurn();

    Result<AppendResult> Submit(std::vector<EventEnvelope> events, const AppendRequest* request);

    // Under mutex_.
    Status Writable(std::size_t p);

    Result<AppendResult> Await(const std::shared_ptr<Ticket>& ticket);

    static Result<AppendResult> AsDuplicate(Result<AppendResult> first);

    // Under mutex_: answers a ticket and forgets what it kept in flight.
    // By value: the map entry that may have been passed in is erased here.
    void Answer(std::shared_ptr<Ticket> ticket, Result<AppendResult> outcome);

    void FailTickets(std::int32_t partition, const Error& error);

    void FailAllTickets(const Error& error);

    // Under mutex_: stop taking appends until the poll thread has a new producer and claims.
    void WriterDown(const std::string& why);

    // librdkafka's own log lines (broker connections lost and regained) go where ours go.
    static void OnClientLog(const rd_kafka_t* rk, int, const char* facility, const char* text);

    static void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque);

    // Serves delivery reports; when the writer is down, replaces the producer and claims the
    // owned partitions again, with backoff.
    void PollLoop();

    Status Reconnect();

    KafkaLogOptions options_;
    KafkaHandle consumer_;
    TopicHandle topic_;
    KafkaHandle producer_;
    int replication_ = 0;

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    bool stopping_ = false;
    std::vector<PartitionState> partitions_;  // as read into the mirror
    std::vector<std::string> problems_;
    std::vector<Writer> writers_;  // by partition
    std::string writer_down_;
    std::map<std::pair<std::int32_t, std::uint64_t>, std::shared_ptr<Ticket>> tickets_;
    // stream -> its head after the appends in flight, and the newest one's sequence number
    std::unordered_map<std::string, std::pair<ChainHead, std::uint64_t>> inflight_heads_;
    std::unordered_map<std::string, std::shared_ptr<Ticket>> inflight_commands_;

    std::mutex transaction_mutex_;
    bool in_transaction_ = false;  // guarded by transaction_mutex_
    std::thread ingester_;
    std::thread poller_;
};

}  // namespace xfl::eventstore::kafka_detail
