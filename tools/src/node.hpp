// A node: the log, the projection store and the runner of one data directory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "xfl/eventstore/event_log.hpp"
#include "xfl/projections/core/runner.hpp"
#include "xfl/projections/core/store.hpp"

namespace xfl::tools {

// Which event log a node uses (README "Configuration"): every subcommand that touches the log
// takes these as --log, --brokers, --topic, … or from the [section] of the --config file.
struct LogConfig {
    std::string kind = "embedded";  // "embedded" (DIR/log) or "kafka" (mirror in DIR/kafka-mirror)
    std::string brokers;
    std::string topic = "xingfuli-events";
    std::vector<std::int32_t> partitions;  // written by this node; empty: all
    std::string node_name;                 // default: the host name
    std::string node_url;                  // this node's API, told to callers of other nodes
    std::string transactional_id;          // real clusters: Kafka fences older producers too
    bool read_only = false;                // Kafka: claim no partition (verify, rebuild)
};

struct NodeConfig {
    std::filesystem::path data_dir;
    LogConfig log;
};

struct Node {
    std::unique_ptr<eventstore::EventLog> log;
    std::unique_ptr<projections::ProjectionStore> store;
    std::unique_ptr<projections::ProjectionRunner> runner;
};

// Opens the log and DIR/projections with every projection the system has registered.
Result<Node> OpenNode(const NodeConfig& config);

// OpenNode, then brings every read model up to the log's head (progress on a terminal) and
// starts following the log.
Result<Node> OpenLiveNode(const NodeConfig& config);

// Opens only the log (for verify, which must not need the projections). A data directory keeps
// the kind of log it was made with (file DIR/LOG); another kind is refused.
Result<std::unique_ptr<eventstore::EventLog>> OpenLog(const NodeConfig& config);

// Records in DIR/LOG that the directory now belongs to `log` (after a migration).
Status MarkLogKind(const NodeConfig& config);

}  // namespace xfl::tools
