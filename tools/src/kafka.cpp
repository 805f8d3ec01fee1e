// migrate (embedded <-> Kafka) and kafka-mock (a cluster in this process, to try --log kafka).
#include <fmt/core.h>

#include "commands.hpp"
#include "node.hpp"
#include "progress.hpp"
#include "stop_signals.hpp"
#include "xfl/eventstore/copy_log.hpp"
#include "xfl/eventstore/embedded_log.hpp"
#include "xfl/eventstore/kafka_mock.hpp"

namespace xfl::tools {

int RunMigrate(const NodeConfig& node, const std::string& to) {
    auto fail = [](const std::string& message) {
        fmt::print(stderr, "xingfuli migrate: {}\n", message);
        return 1;
    };
    if (to != "kafka" && to != "embedded") return fail("--to must be kafka or embedded");
    if (node.log.brokers.empty()) return fail("--brokers is required (the Kafka side)");
    NodeConfig embedded = node;
    embedded.log = LogConfig{};
    NodeConfig kafka = node;
    kafka.log.kind = "kafka";
    // Copying out of Kafka only reads: a serving node keeps its partitions.
    kafka.log.read_only = to == "embedded";
    const NodeConfig& source = to == "kafka" ? embedded : kafka;
    const NodeConfig& target = to == "kafka" ? kafka : embedded;

    // The source must be what the directory holds; the target starts from its own (empty) part.
    auto from = OpenLog(source);
    if (!from.ok()) return fail(from.error().message);
    if (to == "kafka") {
        // The directory then accepts the Kafka log beside its embedded one.
        if (Status s = MarkLogKind(target); !s.ok()) return fail(s.error().message);
    }
    auto into =
        to == "kafka" ? OpenLog(target) : eventstore::OpenEmbeddedLog(node.data_dir / "log");
    if (!into.ok()) {
        (void)MarkLogKind(source);
        return fail(into.error().message);
    }
    fmt::print("copying {} events into the {} log\n", (*from)->Head().value, to);
    Progress progress("copying", (*from)->Head().value);
    auto report = eventstore::CopyLog(**from, **into, [&](std::uint64_t n) { progress.Update(n); });
    progress.Done();
    if (!report.ok()) {
        // The directory stays with the source log, which is untouched.
        (void)MarkLogKind(source);
        return fail(report.error().message);
    }
    if (Status s = MarkLogKind(target); !s.ok()) return fail(s.error().message);
    // Positions differ between the logs: the read models are rebuilt at the next start.
    std::error_code ec;
    std::filesystem::remove_all(node.data_dir / "projections", ec);
    fmt::print(
        "OK: {} events copied ({} already there) in {} commits of {} streams; every stream's "
        "hash chain verified in the target. {} now belongs to the {} log; its read models are "
        "rebuilt at the next start.\n",
        report->events_copied, report->events_already_there, report->commits, report->streams,
        node.data_dir.string(), to);
    return 0;
}

int RunKafkaMock(const KafkaMockOptions& options) {
    StopSignals stop_signals;
    auto cluster = eventstore::KafkaMockCluster::Start(3);
    if (!cluster.ok()) {
        fmt::print(stderr, "xingfuli kafka-mock: {}\n", cluster.error().message);
        return 1;
    }
    if (Status s = (*cluster)->CreateTopic(options.topic, options.partitions); !s.ok()) {
        fmt::print(stderr, "xingfuli kafka-mock: {}\n", s.error().message);
        return 1;
    }
    fmt::print(
        "xingfuli kafka-mock: 3 mock brokers at {} with topic {} ({} partitions); data is in "
        "memory and lost when this stops, and each partition keeps only ~5 MiB: for trying "
        "--log kafka, not for real data\n",
        (*cluster)->bootstraps(), options.topic, options.partitions);
    fmt::print("try: xingfuli serve --log kafka --brokers {} --topic {} --data-dir ./data-kafka\n",
               (*cluster)->bootstraps(), options.topic);
    std::fflush(stdout);
    stop_signals.Wait();
    return 0;
}

}  // namespace xfl::tools
