#include "node.hpp"

#include "progress.hpp"
#include "xfl/api/api.hpp"
#include "xfl/eventstore/embedded_log.hpp"
#include "xfl/projections/log_stats.hpp"

namespace xfl::tools {

Result<std::unique_ptr<eventstore::EventLog>> OpenLog(const std::filesystem::path& data_dir) {
    return eventstore::OpenEmbeddedLog(data_dir / "log");
}

Result<Node> OpenNode(const std::filesystem::path& data_dir) {
    Node node;
    auto log = OpenLog(data_dir);
    if (!log.ok()) return std::move(log).error();
    node.log = std::move(log).value();
    auto store = projections::ProjectionStore::Open(data_dir / "projections");
    if (!store.ok()) return std::move(store).error();
    node.store = std::move(store).value();
    std::vector<std::unique_ptr<projections::Projection>> all = api::ApiProjections();
    all.push_back(projections::MakeLogStatsProjection());
    node.runner =
        std::make_unique<projections::ProjectionRunner>(*node.log, *node.store, std::move(all));
    return node;
}

Result<Node> OpenLiveNode(const std::filesystem::path& data_dir) {
    auto node = OpenNode(data_dir);
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
