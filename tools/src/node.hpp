// A node: the log, the projection store and the runner of one data directory.
#pragma once

#include <filesystem>
#include <memory>

#include "xfl/eventstore/event_log.hpp"
#include "xfl/projections/runner.hpp"
#include "xfl/projections/store.hpp"

namespace xfl::tools {

struct Node {
    std::unique_ptr<eventstore::EventLog> log;
    std::unique_ptr<projections::ProjectionStore> store;
    std::unique_ptr<projections::ProjectionRunner> runner;
};

// Opens DIR/log and DIR/projections with every projection the system has registered.
Result<Node> OpenNode(const std::filesystem::path& data_dir);

// OpenNode, then brings every read model up to the log's head (progress on a terminal) and
// starts following the log.
Result<Node> OpenLiveNode(const std::filesystem::path& data_dir);

// Opens only the log (for verify, which must not need the projections).
Result<std::unique_ptr<eventstore::EventLog>> OpenLog(const std::filesystem::path& data_dir);

}  // namespace xfl::tools
