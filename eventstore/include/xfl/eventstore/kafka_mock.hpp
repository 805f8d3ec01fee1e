// An in-process Kafka cluster (librdkafka's mock brokers, real Kafka protocol, data in memory)
// for tests, benchmarks and trying `--log kafka` without a cluster. Not for production: no
// persistence, no leader failover, and it drops data beyond about 5 MiB per partition.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "xfl/domain/kernel/result.hpp"

namespace xfl::eventstore {

class KafkaMockCluster {
  public:
    static Result<std::unique_ptr<KafkaMockCluster>> Start(int brokers = 3);
    ~KafkaMockCluster();
    KafkaMockCluster(const KafkaMockCluster&) = delete;
    KafkaMockCluster& operator=(const KafkaMockCluster&) = delete;

    // HOST:PORT,… of the brokers (random ports on 127.0.0.1).
    const std::string& bootstraps() const { return bootstraps_; }
    Status CreateTopic(const std::string& topic, int partitions, int replication = 3);
    // Broker ids run from 1 to the number of brokers.
    Status SetBrokerDown(std::int32_t broker, bool down);
    // Moves a partition's leadership (what a real cluster does when a leader fails; the mock
    // never does it by itself). Broker -1 leaves the partition without a leader.
    Status SetPartitionLeader(const std::string& topic, std::int32_t partition,
                              std::int32_t broker);

  private:
    struct Handle;
    explicit KafkaMockCluster(std::unique_ptr<Handle> handle);
    std::unique_ptr<Handle> handle_;
    std::string bootstraps_;
};

}  // namespace xfl::eventstore
