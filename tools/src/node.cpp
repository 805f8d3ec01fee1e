#include "node.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "progress.hpp"
#include "xfl/api/api.hpp"
#include "xfl/eventstore/embedded_log.hpp"
#include "xfl/eventstore/kafka_log.hpp"
#include "xfl/projections/core/log_stats.hpp"

namespace xfl::tools {
namespace {

std::string Describe(const LogConfig& log) {
    return log.kind == "kafka" ? "kafka topic " + log.topic : "embedded";
}

std::string HostName() {
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0) return "xingfuli";
    return name;
}

// The directory remembers its log: read models built from one log are wrong for another.
Status CheckLogKind(const NodeConfig& config) {
    const auto file = config.data_dir / "LOG";
    std::ifstream in(file);
    if (!in) {
        // Directories made before the file existed hold an embedded log.
        if (config.log.kind != "embedded" && std::filesystem::exists(config.data_dir / "log")) {
            return Error::Make(Errc::kRuleViolated,
                               "data directory " + config.data_dir.string() +
                                   " holds an embedded log; use another --data-dir, or "
                                   "`xingfuli migrate --to kafka` to move it",
                               "log");
        }
        return MarkLogKind(config);
    }
    std::stringstream stored;
    stored << in.rdbuf();
    std::string kind = stored.str();
    while (!kind.empty() && kind.back() == '\n') kind.pop_back();
    if (kind == Describe(config.log)) return {};
    return Error::Make(Errc::kRuleViolated,
                       "data directory " + config.data_dir.string() + " belongs to the " + kind +
                           " log, not the " + Describe(config.log) +
                           " log; use another --data-dir, or `xingfuli migrate` to move it",
                       "log");
}

}  // namespace

Status MarkLogKind(const NodeConfig& config) {
    std::error_code ec;
    std::filesystem::create_directories(config.data_dir, ec);
    // A directory made before the server created everything private is closed now too.
    std::filesystem::permissions(config.data_dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
    std::ofstream out(config.data_dir / "LOG", std::ios::trunc);
    out << Describe(config.log) << "\n";
    if (!out) {
        return Error::Make(Errc::kUnavailable,
                           "cannot write " + (config.data_dir / "LOG").string());
    }
    return {};
}

Result<std::unique_ptr<eventstore::EventLog>> OpenLog(const NodeConfig& config) {
    if (config.log.kind != "embedded" && config.log.kind != "kafka") {
        return Error::Make(Errc::kInvalidArgument, "--log must be embedded or kafka", "log");
    }
    if (Status s = CheckLogKind(config); !s.ok()) return std::move(s).error();
    if (config.log.kind == "embedded") return eventstore::OpenEmbeddedLog(config.data_dir / "log");
    eventstore::KafkaLogOptions options;
    options.brokers = config.log.brokers;
    options.topic = config.log.topic;
    options.mirror_dir = config.data_dir / "kafka-mirror";
    options.owned_partitions = config.log.partitions;
    options.node_name = config.log.node_name.empty() ? HostName() : config.log.node_name;
    options.node_url = config.log.node_url;
    options.transactional_id = config.log.transactional_id;
    options.writer = !config.log.read_only;
    auto log = eventstore::OpenKafkaLog(std::move(options));
    if (!log.ok()) return std::move(log).error();
    return std::unique_ptr<eventstore::EventLog>(std::move(log).value());
}

Result<Node> OpenNode(const NodeConfig& config) {
    Node node;
    auto log = OpenLog(config);
    if (!log.ok()) return std::move(log).error();
    node.log = std::move(log).value();
    auto store = projections::ProjectionStore::Open(config.data_dir / "projections");
    if (!store.ok()) return std::move(store).error();
    node.store = std::move(store).value();
    std::vector<std::unique_ptr<projections::Projection>> all = api::ApiProjections();
    all.push_back(projections::MakeLogStatsProjection());
    node.runner =
        std::make_unique<projections::ProjectionRunner>(*node.log, *node.store, std::move(all));
    return node;
}

Result<Node> OpenLiveNode(const NodeConfig& config) {
    auto node = OpenNode(config);
    if (!node.ok()) return node;
    {
        Progress progress("catching up read models", node->log->Head().value);
        Status caught_up =
            node->runner->CatchUp([&](eventstore::LogPosition at) { progress.Update(at.value); });
        if (!caught_up.ok()) return std::move(caught_up).error();
    }
    node->runner->Start();
    return node;
}

}  // namespace xfl::tools
