// `xingfuli bench --kafka`: the Kafka log (librdkafka's mock cluster) beside the embedded log.
#include <thread>

#include "bench_support.hpp"
#include "commands.hpp"
#include "node.hpp"
#include "xfl/eventstore/copy_log.hpp"
#include "xfl/eventstore/kafka_mock.hpp"

namespace xfl::tools {
namespace {

using namespace bench;

// Commits per second of CopyLog (what `xingfuli migrate` does), from one node's log to another's.
double MigrationRate(const NodeConfig& from, const NodeConfig& to) {
    auto source = OpenLog(from);
    if (!source.ok()) throw std::runtime_error(source.error().message);
    auto target = OpenLog(to);
    if (!target.ok()) throw std::runtime_error(target.error().message);
    const auto start = Clock::now();
    auto copied = eventstore::CopyLog(**source, **target);
    if (!copied.ok()) throw std::runtime_error(copied.error().message);
    return static_cast<double>(copied->commits) / Seconds(Clock::now() - start);
}

// Every read model the server registers, rebuilt from the node's log: events/s.

double ProjectionRate(const NodeConfig& config) {
    auto node = OpenNode(config);
    if (!node.ok()) throw std::runtime_error(node.error().message);
    const auto start = Clock::now();
    if (Status s = node->runner->Reset(); !s.ok()) throw std::runtime_error(s.error().message);
    if (Status s = node->runner->CatchUp(); !s.ok()) throw std::runtime_error(s.error().message);
    return static_cast<double>(node->log->Head().value) / Seconds(Clock::now() - start);
}

}  // namespace

int RunKafkaBench(const BenchOptions& options) {
    return InScratch(options, "xingfuli bench --kafka", [&](const std::filesystem::path& dir) {
        fmt::print(
            "xingfuli bench --kafka: {} events, {} writers, {} cores; Kafka is librdkafka's mock "
            "cluster (3 brokers in this process, data in memory, no replication traffic): a mock "
            "broker is not a real cluster, compare the ratio, not the absolute figures\n",
            options.kafka_events, options.writers, std::thread::hardware_concurrency());
        auto cluster = eventstore::KafkaMockCluster::Start(3);
        if (!cluster.ok()) throw std::runtime_error(cluster.error().message);
        // 8 partitions keep each well below the mock's ~5 MiB, so a fresh node can read it all.
        if (Status s = (*cluster)->CreateTopic("bench", 8); !s.ok()) {
            throw std::runtime_error(s.error().message);
        }
        NodeConfig embedded{dir / "embedded", {}};
        NodeConfig kafka{dir / "kafka", {}};
        kafka.log.kind = "kafka";
        kafka.log.brokers = (*cluster)->bootstraps();
        kafka.log.topic = "bench";
        kafka.log.node_name = "bench";
        double rates[2] = {0, 0};
        double projected[2] = {0, 0};
        const NodeConfig* configs[2] = {&embedded, &kafka};
        for (int i = 0; i < 2; ++i) {
            {
                auto log = OpenLog(*configs[i]);
                if (!log.ok()) throw std::runtime_error(log.error().message);
                Latencies latencies;
                rates[i] =
                    ConcurrentAppendRate(**log, options.writers, options.kafka_events, latencies);
                const std::string name = i == 0 ? "embedded" : "kafka (mock)";
                PrintFigure(name + ": " + std::to_string(options.writers) +
                                " writers, 1 event per acknowledged append",
                            rates[i], "appends/s");
                PrintMs("  latency p50", latencies.Percentile(50));
                PrintMs("  latency p99", latencies.Percentile(99));
            }
            projected[i] = ProjectionRate(*configs[i]);
            PrintFigure(std::string(i == 0 ? "embedded" : "kafka (mock)") +
                            ": every read model rebuilt from the node's log",
                        projected[i], "events/s");
        }
        // A new node: reads the whole topic into its mirror, then its read models from that.
        const auto start = Clock::now();
        NodeConfig fresh = kafka;
        fresh.data_dir = dir / "kafka-fresh";
        fresh.log.node_name = "bench-fresh";
        auto node = OpenLiveNode(fresh);
        if (!node.ok()) throw std::runtime_error(node.error().message);
        node->runner->Stop();
        PrintFigure("kafka (mock): a new node reads the topic and builds every read model",
                    static_cast<double>(node->log->Head().value) / Seconds(Clock::now() - start),
                    "events/s");
        // A migration into a fresh topic and back into a fresh embedded log.
        if (Status s = (*cluster)->CreateTopic("bench-copy", 8); !s.ok()) {
            throw std::runtime_error(s.error().message);
        }
        NodeConfig copy = kafka;
        copy.data_dir = dir / "kafka-copy";
        copy.log.topic = "bench-copy";
        PrintFigure("migrate embedded -> kafka (mock)", MigrationRate(embedded, copy), "commits/s");
        PrintFigure("migrate kafka (mock) -> embedded",
                    MigrationRate(copy, {dir / "embedded-copy", {}}), "commits/s");
        PrintRatio("kafka / embedded, appends/s", rates[1] / rates[0]);
        PrintRatio("kafka / embedded, read-model events/s", projected[1] / projected[0]);
    });
}

}  // namespace xfl::tools
