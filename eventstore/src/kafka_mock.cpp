#include "xfl/eventstore/kafka_mock.hpp"

// clang-format off
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>  // after rdkafka.h, which it needs
// clang-format on

namespace xfl::eventstore {

struct KafkaMockCluster::Handle {
    rd_kafka_t* owner = nullptr;  // the cluster lives as long as this client
    rd_kafka_mock_cluster_t* cluster = nullptr;
    ~Handle() {
        if (owner != nullptr) rd_kafka_destroy(owner);
    }
};

Result<std::unique_ptr<KafkaMockCluster>> KafkaMockCluster::Start(int brokers) {
    char error[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    const std::string count = std::to_string(brokers);
    if (rd_kafka_conf_set(conf, "test.mock.num.brokers", count.c_str(), error, sizeof error) !=
            RD_KAFKA_CONF_OK ||
        // The owner has no bootstrap servers of its own; spare the warning that says so.
        rd_kafka_conf_set(conf, "log_level", "3", error, sizeof error) != RD_KAFKA_CONF_OK) {
        rd_kafka_conf_destroy(conf);
        return Error::Make(Errc::kInternal, std::string("mock Kafka cluster: ") + error);
    }
    auto handle = std::make_unique<Handle>();
    handle->owner = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
    if (handle->owner == nullptr) {
        return Error::Make(Errc::kUnavailable, std::string("mock Kafka cluster: ") + error);
    }
    handle->cluster = rd_kafka_handle_mock_cluster(handle->owner);
    if (handle->cluster == nullptr) {
        return Error::Make(Errc::kUnavailable, "mock Kafka cluster did not start");
    }
    std::unique_ptr<KafkaMockCluster> mock(new KafkaMockCluster(std::move(handle)));
    return mock;
}

KafkaMockCluster::KafkaMockCluster(std::unique_ptr<Handle> handle)
    : handle_(std::move(handle)), bootstraps_(rd_kafka_mock_cluster_bootstraps(handle_->cluster)) {}

KafkaMockCluster::~KafkaMockCluster() = default;

Status KafkaMockCluster::CreateTopic(const std::string& topic, int partitions, int replication) {
    rd_kafka_resp_err_t err =
        rd_kafka_mock_topic_create(handle_->cluster, topic.c_str(), partitions, replication);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return Error::Make(Errc::kUnavailable,
                           "creating topic " + topic + ": " + rd_kafka_err2str(err));
    }
    return {};
}

Status KafkaMockCluster::SetBrokerDown(std::int32_t broker, bool down) {
    rd_kafka_resp_err_t err = down ? rd_kafka_mock_broker_set_down(handle_->cluster, broker)
                                   : rd_kafka_mock_broker_set_up(handle_->cluster, broker);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return Error::Make(Errc::kInvalidArgument,
                           "mock broker " + std::to_string(broker) + ": " + rd_kafka_err2str(err));
    }
    return {};
}

Status KafkaMockCluster::SetPartitionLeader(const std::string& topic, std::int32_t partition,
                                            std::int32_t broker) {
    rd_kafka_resp_err_t err =
        rd_kafka_mock_partition_set_leader(handle_->cluster, topic.c_str(), partition, broker);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return Error::Make(Errc::kInvalidArgument, "moving the leader of " + topic + "/" +
                                                       std::to_string(partition) + " to broker " +
                                                       std::to_string(broker) + ": " +
                                                       rd_kafka_err2str(err));
    }
    return {};
}

}  // namespace xfl::eventstore
