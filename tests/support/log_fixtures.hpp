// The EventLog implementations as test fixtures, so that one suite of guarantees runs against
// each (TEMPLATE_TEST_CASE over the fixture types). kDurable: whether a log opened again holds
// what the last one wrote (a restart).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"
#include "xfl/eventstore/event_log.hpp"
#include "xfl/eventstore/kafka_log.hpp"
#include "xfl/eventstore/kafka_mock.hpp"

namespace xfl::testing {

class EmbeddedLogFixture {
  public:
    static constexpr bool kDurable = true;
    // Opens the fixture's log directory again (also after a restart). REQUIREs success.
    std::unique_ptr<eventstore::EventLog> Open();
    Result<std::unique_ptr<eventstore::EventLog>> TryOpen();

  private:
    TempDir dir_;
};

// A three-broker mock cluster with topic "events" (4 partitions); the mirror in a temp dir.
class KafkaLogFixture {
  public:
    static constexpr bool kDurable = true;
    KafkaLogFixture();
    std::unique_ptr<eventstore::EventLog> Open();
    Result<std::unique_ptr<eventstore::EventLog>> TryOpen();

    // Options for a node on this cluster with its mirror in `mirror_dir` (under the temp dir).
    eventstore::KafkaLogOptions Options(const std::string& mirror_dir = "log");
    std::unique_ptr<eventstore::KafkaEventLog> OpenNode(eventstore::KafkaLogOptions options);

    eventstore::KafkaMockCluster& cluster() { return *cluster_; }
    const TempDir& dir() const { return dir_; }
    // Every warning the logs of this fixture printed.
    std::vector<std::string> Warnings() const;

  private:
    TempDir dir_;
    std::unique_ptr<eventstore::KafkaMockCluster> cluster_;
    mutable std::mutex mutex_;
    std::vector<std::string> warnings_;
};

// The in-memory log: each Open() is a new, empty log.
class MemoryLogFixture {
  public:
    static constexpr bool kDurable = false;
    std::unique_ptr<eventstore::EventLog> Open();
};

}  // namespace xfl::testing
