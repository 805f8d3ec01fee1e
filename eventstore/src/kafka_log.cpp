#include "xfl/eventstore/kafka_log.hpp"

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

namespace xfl::eventstore {
namespace {

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
const std::string kPartitionStatePrefix = "xk";  // + BE32 partition -> PartitionState
const std::string kProblemPrefix = "xp";         // + BE64 number -> text
const std::string kTopicKey = "xt";              // topic and partition count of the mirror

constexpr std::size_t kMaxIngestBatch = 2000;

struct KafkaDeleter {
    void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using KafkaHandle = std::unique_ptr<rd_kafka_t, KafkaDeleter>;

struct TopicDeleter {
    void operator()(rd_kafka_topic_t* rkt) const { rd_kafka_topic_destroy(rkt); }
};
using TopicHandle = std::unique_ptr<rd_kafka_topic_t, TopicDeleter>;

Error KafkaError(Errc code, const std::string& what, rd_kafka_resp_err_t err) {
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

std::string StateKey(std::int32_t partition) {
    std::string key = kPartitionStatePrefix;
    PutU32(key, static_cast<std::uint32_t>(partition));
    return key;
}

std::string EncodeState(const PartitionState& s) {
    std::string out;
    PutU64(out, static_cast<std::uint64_t>(s.next_offset));
    PutU64(out, s.next_seq);
    PutU64(out, s.epoch);
    PutBytes(out, s.owner_node);
    PutBytes(out, s.owner_url);
    PutU64(out, static_cast<std::uint64_t>(s.last_recorded_at_us));
    return out;
}

std::optional<PartitionState> DecodeState(std::string_view bytes) {
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

KafkaHeaders HeadersOf(const rd_kafka_message_t* m) {
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

std::string Where(std::int32_t partition, std::int64_t offset) {
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

    Status Start() {
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

    // --- EventLog ---------------------------------------------------------------------------

    Result<AppendResult> Append(AppendRequest request) override {
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

    Result<AppendResult> AppendRecorded(std::vector<EventEnvelope> commit) override {
        if (commit.empty()) {
            return Error::Make(Errc::kInvalidArgument, "a commit needs at least one event",
                               "events");
        }
        return Submit(std::move(commit), nullptr);
    }

    // --- KafkaEventLog ----------------------------------------------------------------------

    std::vector<std::string> Problems() const override {
        std::lock_guard lock(mutex_);
        return problems_;
    }

    int PartitionCount() const override { return static_cast<int>(partitions_.size()); }

    std::int32_t PartitionOf(const std::string& stream_id) const override {
        return rd_kafka_msg_partitioner_murmur2(topic_.get(), stream_id.data(), stream_id.size(),
                                                PartitionCount(), nullptr, nullptr);
    }

    // What Writable decides from: a partition this node claimed, not since fenced by another's
    // claim (false too while the writer reconnects).
    bool Writes(const std::string& stream_id) const override {
        const auto p = static_cast<std::size_t>(PartitionOf(stream_id));
        std::lock_guard lock(mutex_);
        return writer_down_.empty() && p < writers_.size() && writers_[p].ready;
    }

  private:
    // --- connecting -------------------------------------------------------------------------

    Result<rd_kafka_conf_t*> Config(
        std::initializer_list<std::pair<const char*, std::string>> settings) {
        rd_kafka_conf_t* conf = rd_kafka_conf_new();
        char error[512];
        auto set = [&](const std::string& name, const std::string& value) {
            return rd_kafka_conf_set(conf, name.c_str(), value.c_str(), error, sizeof error) ==
                   RD_KAFKA_CONF_OK;
        };
        bool ok = set("bootstrap.servers", options_.brokers) && set("client.id", "xingfuli");
        for (const auto& [name, value] : settings) ok = ok && set(name, value);
        for (const auto& [name, value] : options_.client_config) ok = ok && set(name, value);
        if (!ok) {
            rd_kafka_conf_destroy(conf);
            return Error::Make(Errc::kInvalidArgument,
                               std::string("Kafka client setting: ") + error, "kafka");
        }
        rd_kafka_conf_set_opaque(conf, this);
        rd_kafka_conf_set_log_cb(conf, &KafkaLog::OnClientLog);
        return conf;
    }

    Result<KafkaHandle> NewClient(rd_kafka_type_t type, rd_kafka_conf_t* conf) {
        char error[512];
        rd_kafka_t* rk = rd_kafka_new(type, conf, error, sizeof error);
        if (rk == nullptr) {
            rd_kafka_conf_destroy(conf);
            return Error::Make(Errc::kInvalidArgument, std::string("Kafka client: ") + error);
        }
        return KafkaHandle(rk);
    }

    // The consumer and the topic's partitions; brokers that do not answer are retried with
    // backoff until connect_timeout.
    Status Connect() {
        // assign() needs a group id; offsets are kept in the mirror, never committed to Kafka,
        // and no group is joined, so there is no rebalance.
        auto conf = Config({{"group.id", "xingfuli-mirror." + options_.node_name},
                            {"enable.auto.commit", "false"},
                            {"enable.auto.offset.store", "false"},
                            {"enable.partition.eof", "true"},
                            {"isolation.level", "read_committed"},
                            {"auto.offset.reset", "error"},
                            {"fetch.wait.max.ms", "10"},
                            // After a leader moves, fetch from the new one soon: appends wait
                            // for their read-back (librdkafka's default pause is 500 ms).
                            {"fetch.error.backoff.ms", "50"},
                            {"log_level", "3"}});
        if (!conf.ok()) return std::move(conf).error();
        auto consumer = NewClient(RD_KAFKA_CONSUMER, *conf);
        if (!consumer.ok()) return std::move(consumer).error();
        consumer_ = std::move(consumer).value();
        topic_.reset(rd_kafka_topic_new(consumer_.get(), options_.topic.c_str(), nullptr));

        const auto deadline = Clock::now() + options_.connect_timeout;
        auto backoff = std::chrono::milliseconds(250);
        for (;;) {
            const rd_kafka_metadata_t* metadata = nullptr;
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
            const int attempt_ms =
                static_cast<int>(std::clamp<std::int64_t>(left.count(), 100, 2000));
            rd_kafka_resp_err_t err =
                rd_kafka_metadata(consumer_.get(), 0, topic_.get(), &metadata, attempt_ms);
            std::string why;
            if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
                const rd_kafka_metadata_topic_t& t = metadata->topics[0];
                if (t.err == RD_KAFKA_RESP_ERR_NO_ERROR && t.partition_cnt > 0) {
                    partitions_.assign(static_cast<std::size_t>(t.partition_cnt), {});
                    replication_ = t.partitions[0].replica_cnt;
                    rd_kafka_metadata_destroy(metadata);
                    return {};
                }
                why = t.err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART
                          ? "topic " + options_.topic + " does not exist; create it (ops/kafka)"
                          : std::string(rd_kafka_err2str(t.err));
                rd_kafka_metadata_destroy(metadata);
            } else {
                why = rd_kafka_err2str(err);
            }
            if (Clock::now() + backoff > deadline) {
                return Error::Make(Errc::kUnavailable, "cannot use Kafka at " + options_.brokers +
                                                           " (topic " + options_.topic +
                                                           "): " + why);
            }
            options_.warn("Kafka at " + options_.brokers + " not ready (" + why +
                          "); retrying in " + std::to_string(backoff.count()) + " ms");
            std::this_thread::sleep_for(backoff);
            backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
        }
    }

    Status LoadMirrorState() {
        const std::string identity =
            options_.topic + "\n" + std::to_string(partitions_.size()) + " partitions";
        auto stored = store_->GetExtra(kTopicKey);
        if (!stored.ok()) return std::move(stored).error();
        if (stored->has_value() && **stored != identity) {
            return Error::Make(Errc::kRuleViolated,
                               "the mirror in " + options_.mirror_dir.string() + " was made from " +
                                   **stored + ", not " + identity +
                                   "; streams move between partitions when their number "
                                   "changes, so use a new data directory (and a new topic)");
        }
        if (!stored->has_value()) {
            LogStore::Batch batch(*store_);
            batch.PutExtra(kTopicKey, identity);
            if (Status s = store_->Write(batch, true); !s.ok()) return s;
        }
        for (std::size_t p = 0; p < partitions_.size(); ++p) {
            auto state = store_->GetExtra(StateKey(static_cast<std::int32_t>(p)));
            if (!state.ok()) return std::move(state).error();
            if (!state->has_value()) continue;
            auto decoded = DecodeState(**state);
            if (!decoded) return Error::Make(Errc::kDataLoss, "corrupt mirror state");
            partitions_[p] = *decoded;
        }
        auto problems = store_->ScanExtra(kProblemPrefix);
        if (!problems.ok()) return std::move(problems).error();
        for (auto& [key, text] : *problems) problems_.push_back(text);
        return {};
    }

    // Refuses settings that lose events; warns about weaker durability, and when the cluster
    // cannot describe the topic at all (no Admin API, as on librdkafka's mock cluster).
    Status CheckTopicSettings() {
        auto configs = DescribeTopic();
        if (!configs.ok()) {
            options_.warn("could not check the settings of topic " + options_.topic + " (" +
                          configs.error().message +
                          "); make sure it has retention.ms=-1, retention.bytes=-1, "
                          "cleanup.policy=delete, replication 3 and min.insync.replicas=2");
            return {};
        }
        auto value = [&](const std::string& name) -> std::string {
            auto it = configs->find(name);
            return it == configs->end() ? std::string() : it->second;
        };
        const std::string fix = " (kafka-configs.sh --alter --entity-type topics --entity-name " +
                                options_.topic + " --add-config ";
        auto refuse = [&](const std::string& what, const std::string& setting) {
            return Error::Make(Errc::kRuleViolated, "topic " + options_.topic + " " + what +
                                                        "; the event log must keep every event" +
                                                        fix + setting + ")");
        };
        if (value("retention.ms") != "-1") {
            return refuse("deletes messages after retention.ms=" + value("retention.ms"),
                          "retention.ms=-1");
        }
        if (!value("retention.bytes").empty() && value("retention.bytes") != "-1") {
            return refuse("deletes messages beyond retention.bytes=" + value("retention.bytes"),
                          "retention.bytes=-1");
        }
        if (value("cleanup.policy").find("compact") != std::string::npos) {
            return refuse("is compacted (cleanup.policy=" + value("cleanup.policy") + ")",
                          "cleanup.policy=delete");
        }
        if (value("unclean.leader.election.enable") == "true") {
            return refuse("allows unclean leader election, which loses acknowledged messages",
                          "unclean.leader.election.enable=false");
        }
        const std::string min_isr = value("min.insync.replicas");
        if (replication_ < 3 || min_isr.empty() || std::stoi(min_isr) < 2) {
            options_.warn("topic " + options_.topic + " has " + std::to_string(replication_) +
                          " replica(s) and min.insync.replicas=" + min_isr +
                          "; production needs 3 and 2, or one broker's loss can lose events");
        }
        return {};
    }

    Result<std::map<std::string, std::string>> DescribeTopic() {
        rd_kafka_t* rk = consumer_.get();
        rd_kafka_ConfigResource_t* resource =
            rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, options_.topic.c_str());
        rd_kafka_AdminOptions_t* admin =
            rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS);
        char error[256];
        const int timeout_ms = static_cast<int>(options_.settings_timeout.count());
        rd_kafka_AdminOptions_set_request_timeout(admin, timeout_ms, error, sizeof error);
        rd_kafka_queue_t* queue = rd_kafka_queue_new(rk);
        rd_kafka_DescribeConfigs(rk, &resource, 1, admin, queue);
        rd_kafka_event_t* event = rd_kafka_queue_poll(queue, timeout_ms + 1000);
        Result<std::map<std::string, std::string>> out =
            Error::Make(Errc::kUnavailable, "the cluster did not answer DescribeConfigs");
        if (event != nullptr && rd_kafka_event_error(event) != RD_KAFKA_RESP_ERR_NO_ERROR) {
            out = Error::Make(Errc::kUnavailable, rd_kafka_event_error_string(event));
        } else if (event != nullptr) {
            std::size_t count = 0;
            const rd_kafka_ConfigResource_t** resources = rd_kafka_DescribeConfigs_result_resources(
                rd_kafka_event_DescribeConfigs_result(event), &count);
            if (count == 1 &&
                rd_kafka_ConfigResource_error(resources[0]) == RD_KAFKA_RESP_ERR_NO_ERROR) {
                std::size_t n = 0;
                const rd_kafka_ConfigEntry_t** entries =
                    rd_kafka_ConfigResource_configs(resources[0], &n);
                std::map<std::string, std::string> values;
                for (std::size_t i = 0; i < n; ++i) {
                    const char* v = rd_kafka_ConfigEntry_value(entries[i]);
                    values[rd_kafka_ConfigEntry_name(entries[i])] = v == nullptr ? "" : v;
                }
                out = std::move(values);
            } else if (count == 1) {
                out = Error::Make(Errc::kUnavailable,
                                  rd_kafka_ConfigResource_error_string(resources[0]));
            }
        }
        if (event != nullptr) rd_kafka_event_destroy(event);
        rd_kafka_queue_destroy(queue);
        rd_kafka_AdminOptions_destroy(admin);
        rd_kafka_ConfigResource_destroy(resource);
        return out;
    }

    // Every partition from where the mirror stopped; no consumer group, so no rebalance.
    Status Assign() {
        rd_kafka_topic_partition_list_t* list =
            rd_kafka_topic_partition_list_new(static_cast<int>(partitions_.size()));
        for (std::size_t p = 0; p < partitions_.size(); ++p) {
            rd_kafka_topic_partition_list_add(list, options_.topic.c_str(),
                                              static_cast<std::int32_t>(p))
                ->offset = partitions_[p].next_offset;
        }
        rd_kafka_resp_err_t err = rd_kafka_assign(consumer_.get(), list);
        rd_kafka_topic_partition_list_destroy(list);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            return KafkaError(Errc::kUnavailable, "reading topic " + options_.topic, err);
        }
        return {};
    }

    // Reads every partition up to the end it has now, so that this node answers for the whole
    // topic (and a new node appends nothing that is there already) before it serves.
    Status CatchUp() {
        std::vector<std::int64_t> ends(partitions_.size(), 0);
        for (std::size_t p = 0; p < partitions_.size(); ++p) {
            std::int64_t low = 0;
            rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(
                consumer_.get(), options_.topic.c_str(), static_cast<std::int32_t>(p), &low,
                &ends[p], 10000);
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

    // --- reading ----------------------------------------------------------------------------

    void IngestLoop() {
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

    struct Outcome {
        std::int32_t partition;
        std::uint64_t seq;
        std::uint64_t epoch;
        Result<AppendResult> result;
    };

    // One batch of messages into the mirror: events, partition states and problems in one
    // atomic write; then the appends waiting for them are answered.
    void Ingest(const std::vector<rd_kafka_message_t*>& messages) {
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

    void IngestOne(const rd_kafka_message_t* m, PartitionState& state, LogStore::Batch& batch,
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
                    problems.push_back(where + ": writer epoch claim " +
                                       std::to_string(claim->epoch) + " by " + claim->node +
                                       " is not newer than epoch " + std::to_string(state.epoch) +
                                       "; ignored");
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
            outcomes.push_back(
                {p, stamp.seq, stamp.epoch,
                 Error::Make(Errc::kUnavailable, "another node took over partition " +
                                                     std::to_string(p) +
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
                        std::to_string(stamp.seq - 1) +
                        " are missing (lost or deleted by retention)");
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
        AppendResult result =
            batch.EndCommit(last.stream_id, last.command_id, commit->events.front().version,
                            {last.version, last.hash});
        state.next_seq++;
        state.last_recorded_at_us = std::max(state.last_recorded_at_us, last.recorded_at_us);
        outcomes.push_back({p, stamp.seq, stamp.epoch, result});
    }

    // Under mutex_: a partition this node wrote that another node claimed since, or whose
    // reading stopped, takes no more appends here.
    void LoseFencedOrHalted(std::size_t p) {
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

    // --- writing ----------------------------------------------------------------------------

    Result<KafkaHandle> NewProducer() {
        const std::string timeout = std::to_string(options_.append_timeout.count());
        auto conf = options_.transactional_id.empty()
                        ? Config({{"enable.idempotence", "true"},
                                  {"acks", "all"},
                                  {"enable.gapless.guarantee", "true"},
                                  {"linger.ms", "1"},
                                  {"compression.type", "lz4"},
                                  {"message.timeout.ms", timeout},
                                  {"log_level", "3"}})
                        : Config({{"enable.idempotence", "true"},
                                  {"acks", "all"},
                                  {"transactional.id", options_.transactional_id},
                                  {"linger.ms", "1"},
                                  {"compression.type", "lz4"},
                                  {"message.timeout.ms", timeout},
                                  {"transaction.timeout.ms", timeout},
                                  {"log_level", "3"}});
        if (!conf.ok()) return std::move(conf).error();
        rd_kafka_conf_set_dr_msg_cb(*conf, &KafkaLog::OnDelivery);
        auto producer = NewClient(RD_KAFKA_PRODUCER, *conf);
        if (!producer.ok()) return producer;
        if (!options_.transactional_id.empty()) {
            // Fences any older producer with this id: Kafka refuses its further writes.
            rd_kafka_error_t* error = rd_kafka_init_transactions(
                producer->get(), static_cast<int>(options_.append_timeout.count()));
            if (error != nullptr) {
                Error e = Error::Make(Errc::kUnavailable, std::string("Kafka transactions: ") +
                                                              rd_kafka_error_string(error));
                rd_kafka_error_destroy(error);
                return e;
            }
        }
        return producer;
    }

    // A producer, then a claim of every owned partition, read back.
    Status StartWriter() {
        auto turn = TransactionTurn();
        in_transaction_ = false;  // a new producer has no transaction open
        auto producer = NewProducer();
        if (!producer.ok()) return std::move(producer).error();
        std::vector<std::int32_t> owned = options_.owned_partitions;
        if (owned.empty()) {
            for (std::size_t p = 0; p < partitions_.size(); ++p) {
                owned.push_back(static_cast<std::int32_t>(p));
            }
        }
        std::vector<std::uint64_t> claimed(partitions_.size(), 0);
        {
            std::lock_guard lock(mutex_);
            producer_ = std::move(producer).value();
            writers_.assign(partitions_.size(), {});
            for (std::int32_t p : owned) {
                if (p < 0 || static_cast<std::size_t>(p) >= partitions_.size()) {
                    return Error::Make(
                        Errc::kInvalidArgument,
                        "partition " + std::to_string(p) + " is not in topic " + options_.topic,
                        "partitions");
                }
                const std::size_t i = static_cast<std::size_t>(p);
                claimed[i] = partitions_[i].epoch + 1;
                KafkaMessage m =
                    internal::EncodeClaim({claimed[i], options_.node_name, options_.node_url});
                if (Status s = Send(p, m, 0); !s.ok()) return s;
            }
        }
        if (Status s = FlushTransaction(); !s.ok()) return s;
        std::unique_lock lock(mutex_);
        auto claims_read = [&] {
            for (std::size_t p = 0; p < claimed.size(); ++p) {
                if (claimed[p] == 0) continue;
                if (partitions_[p].epoch < claimed[p] && partitions_[p].halted.empty()) {
                    return false;
                }
            }
            return true;
        };
        if (!changed_.wait_for(lock, options_.append_timeout, claims_read)) {
            return Error::Make(Errc::kUnavailable,
                               "Kafka did not confirm this node's writer claims within " +
                                   std::to_string(options_.append_timeout.count()) + " ms");
        }
        for (std::size_t p = 0; p < claimed.size(); ++p) {
            const PartitionState& s = partitions_[p];
            if (claimed[p] == 0 || s.epoch != claimed[p] || !s.halted.empty()) continue;
            writers_[p] = {true, s.epoch, s.next_seq, s.last_recorded_at_us};
        }
        writer_down_.clear();
        return {};
    }

    // Under mutex_ (so that the order of sequence numbers is the order of production).
    Status Send(std::int32_t partition, const KafkaMessage& m, std::uint64_t seq) {
        if (!options_.transactional_id.empty() && !in_transaction_) {
            rd_kafka_error_t* error = rd_kafka_begin_transaction(producer_.get());
            if (error != nullptr) {
                Error e = Error::Make(Errc::kUnavailable, std::string("Kafka transaction: ") +
                                                              rd_kafka_error_string(error));
                rd_kafka_error_destroy(error);
                return e;
            }
            in_transaction_ = true;
        }
        rd_kafka_headers_t* headers = rd_kafka_headers_new(m.headers.size());
        for (const auto& [name, value] : m.headers) {
            rd_kafka_header_add(headers, name.data(), static_cast<ssize_t>(name.size()),
                                value.data(), static_cast<ssize_t>(value.size()));
        }
        auto* key = new DeliveryKey{partition, seq};
        rd_kafka_resp_err_t err =
            rd_kafka_producev(producer_.get(), RD_KAFKA_V_TOPIC(options_.topic.c_str()),
                              RD_KAFKA_V_PARTITION(partition),
                              RD_KAFKA_V_KEY(const_cast<char*>(m.key.data()), m.key.size()),
                              RD_KAFKA_V_VALUE(const_cast<char*>(m.value.data()), m.value.size()),
                              RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_HEADERS(headers),
                              RD_KAFKA_V_OPAQUE(key), RD_KAFKA_V_END);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            rd_kafka_headers_destroy(headers);
            delete key;
            const Errc code = err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE ? Errc::kInvalidArgument
                                                                          : Errc::kUnavailable;
            return KafkaError(code, "sending to Kafka", err);
        }
        return {};
    }

    // With a transactional producer, each append is its own transaction; committing it waits
    // for Kafka's acknowledgement. The caller holds transaction_mutex_ but not mutex_, which
    // the delivery reports served meanwhile take.
    Status FlushTransaction() {
        if (options_.transactional_id.empty() || !in_transaction_) return {};
        in_transaction_ = false;
        rd_kafka_error_t* error = rd_kafka_commit_transaction(
            producer_.get(), static_cast<int>(options_.append_timeout.count()));
        if (error == nullptr) return {};
        Error e = Error::Make(Errc::kUnavailable,
                              std::string("Kafka transaction: ") + rd_kafka_error_string(error));
        rd_kafka_error_destroy(error);
        std::lock_guard lock(mutex_);
        WriterDown(e.message);
        return e;
    }

    std::unique_lock<std::mutex> TransactionTurn() {
        std::unique_lock<std::mutex> turn(transaction_mutex_, std::defer_lock);
        if (!options_.transactional_id.empty()) turn.lock();
        return turn;
    }

    Result<AppendResult> Submit(std::vector<EventEnvelope> events, const AppendRequest* request) {
        const std::string& stream = events.front().stream_id;
        const std::string& command_id = events.front().command_id;
        const std::int32_t p = PartitionOf(stream);
        const std::size_t i = static_cast<std::size_t>(p);
        // A transactional producer has one open transaction: appends take turns.
        auto turn = TransactionTurn();
        std::shared_ptr<Ticket> ticket;
        {
            std::unique_lock lock(mutex_);
            if (Status s = Writable(i); !s.ok()) return std::move(s).error();
            if (!command_id.empty()) {
                if (auto it = inflight_commands_.find(command_id); it != inflight_commands_.end()) {
                    std::shared_ptr<Ticket> first = it->second;
                    lock.unlock();
                    return AsDuplicate(Await(first));
                }
                auto seen = store_->FindCommand(command_id);
                if (!seen.ok()) return std::move(seen).error();
                if (seen->has_value()) {
                    AppendResult first = **seen;
                    first.duplicate = true;
                    return first;
                }
            }
            ChainHead head;
            if (auto it = inflight_heads_.find(stream); it != inflight_heads_.end()) {
                head = it->second.first;
            } else {
                auto loaded = store_->LoadHead(stream);
                if (!loaded.ok()) return std::move(loaded).error();
                head = *loaded;
            }
            Writer& w = writers_[i];
            if (request != nullptr) {
                if (Status s = internal::CheckExpected(*request, head.version); !s.ok()) {
                    return std::move(s).error();
                }
                const std::int64_t now = std::max(internal::NowMicros(), w.last_recorded_at_us);
                for (EventEnvelope& e : events) {
                    e.version = StreamVersion{head.version.value + 1};
                    e.recorded_at_us = now;
                    e.prev_hash = head.hash;
                    e.hash = ComputeEventHash(e);
                    head = {e.version, e.hash};
                }
            } else if (Status s = internal::CheckRecordedCommit(events, head); !s.ok()) {
                return std::move(s).error();
            }
            const CommitStamp stamp{w.epoch, w.next_seq};
            if (Status s = Send(p, internal::EncodeCommit({stamp, events}), stamp.seq); !s.ok()) {
                return std::move(s).error();
            }
            w.next_seq++;
            w.last_recorded_at_us = std::max(w.last_recorded_at_us, events.back().recorded_at_us);
            ticket = std::make_shared<Ticket>();
            ticket->partition = p;
            ticket->seq = stamp.seq;
            ticket->epoch = stamp.epoch;
            ticket->stream_id = stream;
            ticket->command_id = command_id;
            tickets_[{p, stamp.seq}] = ticket;
            inflight_heads_[stream] = {{events.back().version, events.back().hash}, stamp.seq};
            if (!command_id.empty()) inflight_commands_[command_id] = ticket;
        }
        if (Status s = FlushTransaction(); !s.ok()) return std::move(s).error();
        return Await(ticket);
    }

    // Under mutex_.
    Status Writable(std::size_t p) {
        if (stopping_) return Error::Make(Errc::kUnavailable, "the event log is closing");
        if (!partitions_[p].halted.empty()) {
            return Error::Make(Errc::kDataLoss, partitions_[p].halted);
        }
        if (!writer_down_.empty()) {
            return Error::Make(Errc::kUnavailable,
                               "the Kafka writer is reconnecting (" + writer_down_ + ")");
        }
        if (!options_.writer) {
            return Error::Make(Errc::kMisdirected, "this process only reads topic " +
                                                       options_.topic + "; it appends nothing");
        }
        if (!writers_[p].ready) {
            const PartitionState& s = partitions_[p];
            return Error::Make(
                Errc::kMisdirected,
                "partition " + std::to_string(p) + " of topic " + options_.topic +
                    " is written by node " + (s.owner_node.empty() ? "(none)" : s.owner_node) +
                    (s.owner_url.empty() ? "" : " at " + s.owner_url) + "; send the command there");
        }
        return {};
    }

    Result<AppendResult> Await(const std::shared_ptr<Ticket>& ticket) {
        // The producer gives up after append_timeout; allow for reading the commit back.
        if (ticket->future.wait_for(options_.append_timeout + std::chrono::seconds(5)) !=
            std::future_status::ready) {
            return Error::Make(Errc::kUnavailable,
                               "Kafka did not confirm the append in time; its outcome is "
                               "unknown, retry with the same Idempotency-Key");
        }
        return ticket->future.get();
    }

    static Result<AppendResult> AsDuplicate(Result<AppendResult> first) {
        if (first.ok()) first->duplicate = true;
        return first;
    }

    // Under mutex_: answers a ticket and forgets what it kept in flight.
    // By value: the map entry that may have been passed in is erased here.
    void Answer(std::shared_ptr<Ticket> ticket, Result<AppendResult> outcome) {
        tickets_.erase({ticket->partition, ticket->seq});
        if (auto it = inflight_heads_.find(ticket->stream_id);
            it != inflight_heads_.end() && it->second.second <= ticket->seq) {
            inflight_heads_.erase(it);
        }
        if (auto it = inflight_commands_.find(ticket->command_id);
            it != inflight_commands_.end() && it->second == ticket) {
            inflight_commands_.erase(it);
        }
        ticket->Answer(std::move(outcome));
    }

    void FailTickets(std::int32_t partition, const Error& error) {
        std::vector<std::shared_ptr<Ticket>> failing;
        for (auto& [key, ticket] : tickets_) {
            if (key.first == partition) failing.push_back(ticket);
        }
        for (auto& ticket : failing) Answer(ticket, error);
    }

    void FailAllTickets(const Error& error) {
        std::vector<std::shared_ptr<Ticket>> failing;
        for (auto& [key, ticket] : tickets_) failing.push_back(ticket);
        for (auto& ticket : failing) Answer(ticket, error);
    }

    // Under mutex_: stop taking appends until the poll thread has a new producer and claims.
    void WriterDown(const std::string& why) {
        if (writer_down_.empty()) options_.warn("writer stopped: " + why + "; reconnecting");
        writer_down_ = why;
        for (Writer& w : writers_) w.ready = false;
        changed_.notify_all();
    }

    // librdkafka's own log lines (broker connections lost and regained) go where ours go.
    static void OnClientLog(const rd_kafka_t* rk, int, const char* facility, const char* text) {
        auto* self = static_cast<KafkaLog*>(rd_kafka_opaque(rk));
        if (self != nullptr) self->options_.warn(std::string(facility) + ": " + text);
    }

    static void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
        std::unique_ptr<DeliveryKey> key(static_cast<DeliveryKey*>(m->_private));
        if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) return;  // answered once read back
        auto* self = static_cast<KafkaLog*>(opaque);
        std::lock_guard lock(self->mutex_);
        if (key && key->seq != 0) {
            if (auto it = self->tickets_.find({key->partition, key->seq});
                it != self->tickets_.end()) {
                self->Answer(it->second,
                             KafkaError(Errc::kUnavailable,
                                        "Kafka did not acknowledge the append; its outcome is "
                                        "unknown, retry with the same Idempotency-Key",
                                        m->err));
            }
        }
        // Later commits were numbered after this one: the writer starts again from what Kafka
        // has, under a new epoch that fences anything of this one still on its way.
        self->WriterDown(rd_kafka_err2str(m->err));
    }

    // Serves delivery reports; when the writer is down, replaces the producer and claims the
    // owned partitions again, with backoff.
    void PollLoop() {
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

    Status Reconnect() {
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

}  // namespace

Result<std::unique_ptr<KafkaEventLog>> OpenKafkaLog(KafkaLogOptions options) {
    if (options.brokers.empty()) {
        return Error::Make(Errc::kInvalidArgument, "--brokers is required with --log kafka",
                           "brokers");
    }
    if (options.topic.empty()) {
        return Error::Make(Errc::kInvalidArgument, "the topic name is empty", "topic");
    }
    auto log = std::make_unique<KafkaLog>(std::move(options));
    if (Status s = log->Start(); !s.ok()) return std::move(s).error();
    return std::unique_ptr<KafkaEventLog>(std::move(log));
}

}  // namespace xfl::eventstore
