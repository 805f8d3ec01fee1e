#include "kafka_log_impl.hpp"

namespace xfl::eventstore::kafka_detail {

Result<rd_kafka_conf_t*> KafkaLog::Config(
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
        return Error::Make(Errc::kInvalidArgument, std::string("Kafka client setting: ") + error,
                           "kafka");
    }
    rd_kafka_conf_set_opaque(conf, this);
    rd_kafka_conf_set_log_cb(conf, &KafkaLog::OnClientLog);
    return conf;
}

Result<KafkaHandle> KafkaLog::NewClient(rd_kafka_type_t type, rd_kafka_conf_t* conf) {
    char error[512];
    rd_kafka_t* rk = rd_kafka_new(type, conf, error, sizeof error);
    if (rk == nullptr) {
        rd_kafka_conf_destroy(conf);
        return Error::Make(Errc::kInvalidArgument, std::string("Kafka client: ") + error);
    }
    return KafkaHandle(rk);
}

Status KafkaLog::Connect() {
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
        const int attempt_ms = static_cast<int>(std::clamp<std::int64_t>(left.count(), 100, 2000));
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
                                                       " (topic " + options_.topic + "): " + why);
        }
        options_.warn("Kafka at " + options_.brokers + " not ready (" + why + "); retrying in " +
                      std::to_string(backoff.count()) + " ms");
        std::this_thread::sleep_for(backoff);
        backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
    }
}

Status KafkaLog::LoadMirrorState() {
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

Status KafkaLog::CheckTopicSettings() {
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
                                                    "; the event log must keep every event" + fix +
                                                    setting + ")");
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

Result<std::map<std::string, std::string>> KafkaLog::DescribeTopic() {
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
            out =
                Error::Make(Errc::kUnavailable, rd_kafka_ConfigResource_error_string(resources[0]));
        }
    }
    if (event != nullptr) rd_kafka_event_destroy(event);
    rd_kafka_queue_destroy(queue);
    rd_kafka_AdminOptions_destroy(admin);
    rd_kafka_ConfigResource_destroy(resource);
    return out;
}

Status KafkaLog::Assign() {
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

}  // namespace xfl::eventstore::kafka_detail
