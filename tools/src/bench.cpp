// `xingfuli bench`: the figures of BENCHMARKS.md, each beside a raw RocksDB baseline of this run.
#include <atomic>
#include <cereal/types/string.hpp>
#include <chrono>
#include <cstdio>
#include <functional>
#include <thread>

#include "bench_baseline.hpp"
#include "bench_support.hpp"
#include "commands.hpp"
#include "node.hpp"
#include "xfl/api/api.hpp"
#include "xfl/api/core/http_server.hpp"
#include "xfl/domain/kernel/json_payload.hpp"
#include "xfl/eventstore/copy_log.hpp"
#include "xfl/eventstore/embedded_log.hpp"
#include "xfl/eventstore/kafka_mock.hpp"
#include "xfl/eventstore/record_proof.hpp"
#include "xfl/eventstore/verify.hpp"
#include "xfl/projections/core/log_stats.hpp"

namespace xfl::tools {
namespace {

using namespace bench;
using eventstore::AppendRequest;
using eventstore::EventEnvelope;
using eventstore::EventLog;
using eventstore::LogPosition;

// The shape of a typical event: one member's line of a survey visit.
struct VisitLine {
    std::string person_id;
    std::string status;
    std::int64_t monthly_income_fen = 0;
    bool wants_job = false;
    bool wants_training = false;
    std::string training_trade;

    template <class Archive>
    void serialize(Archive& ar) {
        ar(CEREAL_NVP(person_id), CEREAL_NVP(status), CEREAL_NVP(monthly_income_fen),
           CEREAL_NVP(wants_job), CEREAL_NVP(wants_training), CEREAL_NVP(training_trade));
    }
};

const std::string kPayload = domain::ToJsonPayload(
    VisitLine{"530502199001011234", "employed_away", 450000, false, true, "electrician"});

// Bench events have a type of their own: the read models skip them as they skip any type they do
// not know, as a domain type in streams of no domain aggregate would stop them.
AppendRequest Request(std::string stream, int events, std::string command_id) {
    AppendRequest r;
    r.stream_id = std::move(stream);
    r.command_id = std::move(command_id);
    r.actor = {"bench", "caseworker", "530502001002"};
    for (int i = 0; i < events; ++i) {
        r.events.push_back({"bench.visit_line", 1, 1'700'000'000'000'000, kPayload});
    }
    return r;
}

void MustAppend(EventLog& log, AppendRequest request) {
    auto result = log.Append(std::move(request));
    if (!result.ok()) throw std::runtime_error("append failed: " + result.error().message);
}

// A read model of the usual shape: one key per stream, rewritten on every event.
class StreamVersionsProjection final : public projections::Projection {
  public:
    std::string_view Name() const override { return "bench_stream_versions"; }
    std::uint32_t CodeVersion() const override { return 1; }
    void Apply(const EventEnvelope& e, projections::StateWriter& state) override {
        state.Put("s/" + e.stream_id, std::to_string(e.version.value));
    }
};

void BenchSingleWriter(EventLog& log) {
    constexpr int kAppends = 5000;
    Latencies lat;
    const auto start = Clock::now();
    for (int i = 0; i < kAppends; ++i) {
        const auto t0 = Clock::now();
        MustAppend(log, Request("single-" + std::to_string(i % 100), 1,
                                "single-cmd-" + std::to_string(i)));
        lat.ms.push_back(Seconds(Clock::now() - t0) * 1000);
    }
    PrintFigure("log: 1 writer, 1 event per synced append",
                kAppends / Seconds(Clock::now() - start), "appends/s");
    PrintMs("log: single append latency p50", lat.Percentile(50), "(target <= 0.4 ms)");
    PrintMs("log: single append latency p99", lat.Percentile(99), "(target <= 2 ms)");
}

void BenchConcurrentWriters(EventLog& log, int writers, std::uint64_t total, double raw_rate) {
    Latencies all;
    const double rate = ConcurrentAppendRate(log, writers, total, all);
    PrintFigure("log: " + std::to_string(writers) + " writers, 1 event per synced append", rate,
                "appends/s", "(target >= 50,000)");
    PrintRatio("  ratio to raw RocksDB, same threads", rate / raw_rate, "(target >= 1.2)");
    PrintMs("  latency p50 under this load", all.Percentile(50));
    PrintMs("  latency p99 under this load", all.Percentile(99));
}

// Requests are built before the clock starts: the figure is the log's, not the client's.
void BenchBatches(EventLog& log, std::uint64_t events, double raw_rate) {
    constexpr std::uint64_t kRequestsPerRound = 100;
    double seconds = 0;
    std::uint64_t appended = 0;
    for (std::uint64_t round = 0; appended < events; ++round) {
        std::vector<AppendRequest> requests;
        for (std::uint64_t i = 0; i < kRequestsPerRound && appended + i * 100 < events; ++i) {
            requests.push_back(
                Request("bulk-" + std::to_string(round * kRequestsPerRound + i), 100, {}));
        }
        const auto start = Clock::now();
        for (auto& request : requests) MustAppend(log, std::move(request));
        seconds += Seconds(Clock::now() - start);
        appended += requests.size() * 100;
    }
    const double rate = static_cast<double>(appended) / seconds;
    PrintFigure("log: synced appends of 100 events", rate, "events/s", "(target >= 200,000)");
    if (raw_rate > 0) PrintRatio("  ratio to raw RocksDB synced batches of 100", rate / raw_rate);
}

template <class PerEvent>
double ReadRate(EventLog& log, PerEvent per_event) {
    const auto start = Clock::now();
    std::uint64_t seen = 0;
    for (LogPosition from{1}; from <= log.Head();) {
        auto batch = log.ReadAll(from, 4096);
        if (!batch.ok() || batch->empty()) throw std::runtime_error("read failed");
        for (const EventEnvelope& e : *batch) per_event(e);
        seen += batch->size();
        from = batch->back().position.Next();
    }
    return static_cast<double>(seen) / Seconds(Clock::now() - start);
}

void BenchReads(EventLog& log) {
    PrintFigure("read: envelopes from the log", ReadRate(log, [](const EventEnvelope&) {}),
                "events/s", "(target >= 500,000)");
    std::int64_t income = 0;
    PrintFigure("read: envelopes + payload decoded (cereal JSON)",
                ReadRate(log,
                         [&](const EventEnvelope& e) {
                             auto line = domain::FromJsonPayload<VisitLine>(e.payload);
                             if (!line.ok()) throw std::runtime_error(line.error().message);
                             income += line->monthly_income_fen;
                         }),
                "events/s", "(target >= 250,000)");
    if (income == 0) fmt::print("  (no payload decoded)\n");
}

void BenchVerify(EventLog& log) {
    auto start = Clock::now();
    auto report = eventstore::VerifyLog(log);
    if (!report.ok) throw std::runtime_error("verify failed on the bench log");
    const double plain = Seconds(Clock::now() - start);
    PrintFigure("verify: hash chains recomputed",
                static_cast<double>(report.events_checked) / plain, "events/s",
                "(target >= 1,000,000)");

    // What an inspector's digest costs to take at the head, and to prove later (issue 16).
    start = Clock::now();
    auto digest = eventstore::DigestLogAt(log, log.Head(), 0);
    if (!digest.ok()) throw std::runtime_error(digest.error().message);
    PrintMs("digest: the log's head folded (" + std::to_string(digest->streams) + " streams)",
            Seconds(Clock::now() - start) * 1000);
    eventstore::VerifyOptions options;
    options.digests = {*digest};
    start = Clock::now();
    report = eventstore::VerifyLog(log, options);
    if (!report.ok || report.digests_checked != 1) {
        throw std::runtime_error("the bench log does not extend its own digest");
    }
    const double proof = Seconds(Clock::now() - start);
    PrintMs("verify --since-digest: every chain and the digest proved", proof * 1000);
    PrintRatio("verify --since-digest time / plain verify time", proof / plain);

    // One record's proof in that digest (`xingfuli prove`, GET /api/v1/audit/proof): the heads
    // at the digest's position, the tree and one stream read.
    auto heads = log.StreamHeadsAt(digest->position);
    if (!heads.ok() || heads->empty()) throw std::runtime_error("the bench log has no streams");
    start = Clock::now();
    auto record = eventstore::ProveRecord(log, *digest, heads->front().stream_id, "digest");
    if (!record.ok()) throw std::runtime_error(record.error().message);
    PrintMs("record proof: one stream's events and its path (" +
                std::to_string(record->path.size()) + " hashes)",
            Seconds(Clock::now() - start) * 1000);
}

void BenchRebuild(Node& node) {
    const auto start = Clock::now();
    Status s = node.runner->Reset();
    if (s.ok()) s = node.runner->CatchUp();
    if (!s.ok()) throw std::runtime_error(s.error().message);
    PrintFigure("rebuild: 2 projections from the whole log",
                static_cast<double>(node.log->Head().value) / Seconds(Clock::now() - start),
                "events/s", "(target >= 200,000)");
}

// What checking every event on read costs: the same stream reads and the same rebuild, with the
// checks (as shipped) and without, on one log of `streams` households of 10 events each.
void BenchReadChecks(const std::filesystem::path& dir, int streams) {
    {
        auto log = eventstore::OpenEmbeddedLog(dir / "log");
        if (!log.ok()) throw std::runtime_error(log.error().message);
        for (int i = 0; i < streams; ++i)
            MustAppend(**log, Request("household-" + std::to_string(i), 10, {}));
    }
    for (const bool checked : {true, false}) {
        auto log = eventstore::OpenEmbeddedLog(dir / "log", {{}, checked});
        if (!log.ok()) throw std::runtime_error(log.error().message);
        const auto start = Clock::now();
        for (int i = 0; i < streams; ++i) {
            eventstore::StreamQuery query;
            query.stream_id = "household-" + std::to_string(i);
            auto events = (*log)->ReadStream(query);
            if (!events.ok() || events->size() != 10) throw std::runtime_error("read failed");
        }
        const double seconds = Seconds(Clock::now() - start);
        PrintFigure(std::string("stream reads of 10 events (GET, history), ") +
                        (checked ? "checked" : "unchecked"),
                    static_cast<double>(streams) / seconds, "reads/s");
        PrintMs("  per read", seconds * 1000 / streams, "");

        auto store = projections::ProjectionStore::Open(dir / (checked ? "p-checked" : "p-bare"));
        if (!store.ok()) throw std::runtime_error(store.error().message);
        std::vector<std::unique_ptr<projections::Projection>> views;
        views.push_back(projections::MakeLogStatsProjection());
        views.push_back(std::make_unique<StreamVersionsProjection>());
        projections::ProjectionRunner runner(**log, **store, std::move(views));
        runner.CheckHashesForBenchmark(checked);
        const auto rebuild_start = Clock::now();
        if (Status s = runner.CatchUp(); !s.ok()) throw std::runtime_error(s.error().message);
        PrintFigure(
            std::string("rebuild: 2 projections, ") +
                (checked ? "hashes checked" : "hashes unchecked"),
            static_cast<double>((*log)->Head().value) / Seconds(Clock::now() - rebuild_start),
            "events/s");
    }
}

// A restart of a node whose read models are up to date: every projection the server registers
// is caught up first (untimed), then the node is closed and the timed reopen begins.
void BenchRestart(const std::filesystem::path& data_dir) {
    {
        auto node = OpenNode({data_dir, {}});
        if (!node.ok()) throw std::runtime_error(node.error().message);
        if (Status s = node->runner->CatchUp(); !s.ok())
            throw std::runtime_error(s.error().message);
    }
    const auto start = Clock::now();
    auto node = OpenNode({data_dir, {}});
    if (!node.ok()) throw std::runtime_error(node.error().message);
    if (Status s = node->runner->CatchUp(); !s.ok()) throw std::runtime_error(s.error().message);
    node->runner->Start();
    api::Api api(*node->log, *node->store, *node->runner, {});
    auto server = api::HttpServer::Start({"127.0.0.1:0", 8}, api.router());
    if (!server.ok()) throw std::runtime_error(server.error().message);
    PrintMs("restart to serving with " + std::to_string(node->log->Head().value) + " events",
            Seconds(Clock::now() - start) * 1000, "(target <= 5000 ms at 10M events)");
}

// Reads of whole streams by `readers` threads for about `seconds`, each stream picked at random
// from "<prefix><0..streams-1>" and holding `events` events: streams read per second.
double StreamReadRate(EventLog& log, const std::string& prefix, int streams, std::size_t events,
                      int readers, double seconds) {
    std::atomic<std::uint64_t> reads{0};
    const auto until = Clock::now() + std::chrono::duration<double>(seconds);
    const double elapsed = TimeThreads(readers, [&](int t) {
        std::uint64_t pick = static_cast<std::uint64_t>(t) * 7919 + 1;
        std::uint64_t done = 0;
        while (Clock::now() < until) {
            pick = pick * 6364136223846793005ULL + 1442695040888963407ULL;
            eventstore::StreamQuery query;
            query.stream_id =
                prefix + std::to_string((pick >> 33) % static_cast<std::uint64_t>(streams));
            auto read = log.ReadStream(query);
            if (!read.ok() || read->size() != events) throw std::runtime_error("read failed");
            ++done;
        }
        reads += done;
    });
    return static_cast<double>(reads.load()) / elapsed;
}

}  // namespace

double bench::ConcurrentAppendRate(EventLog& log, int writers, std::uint64_t total,
                                   Latencies& latencies) {
    const std::uint64_t per_writer = total / static_cast<std::uint64_t>(writers);
    std::vector<Latencies> lat(static_cast<std::size_t>(writers));
    double seconds = TimeThreads(writers, [&](int t) {
        for (std::uint64_t i = 0; i < per_writer; ++i) {
            const auto t0 = Clock::now();
            MustAppend(log, Request("w" + std::to_string(t) + "-" + std::to_string(i % 50), 1,
                                    "cmd-" + std::to_string(t) + "-" + std::to_string(i)));
            lat[static_cast<std::size_t>(t)].ms.push_back(Seconds(Clock::now() - t0) * 1000);
        }
    });
    for (auto& l : lat) latencies.ms.insert(latencies.ms.end(), l.ms.begin(), l.ms.end());
    return static_cast<double>(per_writer * static_cast<std::uint64_t>(writers)) / seconds;
}

int bench::InScratch(const BenchOptions& options, std::string_view name,
                     const std::function<void(const std::filesystem::path&)>& bench) {
    std::filesystem::remove_all(options.work_dir);
    std::filesystem::create_directories(options.work_dir);
    try {
        bench(options.work_dir);
    } catch (const std::exception& e) {
        fmt::print(stderr, "{}: {}\n", name, e.what());
        return 1;
    }
    return 0;
}

// The figures ops/bench/peer.sh sets beside PostgreSQL's: the same appends and stream reads.
int RunPeerBench(const BenchOptions& options) {
    return InScratch(options, "xingfuli bench --peer", [&](const std::filesystem::path& dir) {
        auto log = eventstore::OpenEmbeddedLog(dir / "log");
        if (!log.ok()) throw std::runtime_error(log.error().message);
        Latencies latencies;
        PrintFigure("appends: 64 writers, 1 event each, synced",
                    ConcurrentAppendRate(**log, 64, 64'000, latencies), "appends/s");
        BenchBatches(**log, 200'000, 0);
        constexpr int kStreams = 2000;
        constexpr int kEvents = 20;
        // Round by round, so each stream's events lie apart in the log as a household's do.
        for (int round = 0; round < kEvents; ++round) {
            for (int s = 0; s < kStreams; ++s) {
                MustAppend(**log, Request("single-commits-" + std::to_string(s), 1, {}));
            }
        }
        for (int s = 0; s < kStreams; ++s) {
            MustAppend(**log, Request("one-commit-" + std::to_string(s), kEvents, {}));
        }
        // Read as written (in RocksDB's memtable), then after a restart (in table files, as
        // most of a long-running server's streams are).
        for (const std::string when : {"", ", after a restart"}) {
            if (!when.empty()) {
                log->reset();
                log = eventstore::OpenEmbeddedLog(dir / "log");
                if (!log.ok()) throw std::runtime_error(log.error().message);
            }
            PrintFigure("stream reads: 20 single-event commits, 2 readers" + when,
                        StreamReadRate(**log, "single-commits-", kStreams, kEvents, 2, 5),
                        "reads/s");
            PrintFigure("stream reads: 20 events in one commit, 2 readers" + when,
                        StreamReadRate(**log, "one-commit-", kStreams, kEvents, 2, 5), "reads/s");
        }
    });
}

// 64 writers on a disk whose syncs are slowed, beside raw RocksDB on the same slowed disk,
// alternating so each ratio comes from neighbouring measurements.
int RunSlowDiskBench(const BenchOptions& options) {
    return InScratch(
        options, "xingfuli bench --sync-delay-ms", [&](const std::filesystem::path& dir) {
            const std::chrono::microseconds delay(options.sync_delay_us);
            fmt::print("xingfuli bench --sync-delay-ms: every sync waits {} ms more; {} writers\n",
                       static_cast<double>(delay.count()) / 1000, options.writers);
            const std::uint64_t total = static_cast<std::uint64_t>(options.writers) * 300;
            for (int round = 1; round <= 2; ++round) {
                const std::string n = std::to_string(round);
                const double raw =
                    RawSyncedPutsPerSecond(dir / ("raw-" + n), options.writers, total, delay);
                PrintFigure(
                    "raw: " + std::to_string(options.writers) + " threads, synced Put #" + n, raw,
                    "puts/s");
                eventstore::EmbeddedLogOptions slow;
                slow.sync_delay = delay;
                auto log = eventstore::OpenEmbeddedLog(dir / ("log-" + n), slow);
                if (!log.ok()) throw std::runtime_error(log.error().message);
                Latencies latencies;
                const double rate = ConcurrentAppendRate(**log, options.writers, total, latencies);
                PrintFigure(
                    "log: " + std::to_string(options.writers) + " writers, 1 event each #" + n,
                    rate, "appends/s");
                PrintRatio("  ratio to raw RocksDB", rate / raw, "(target >= 1.0)");
                PrintMs("  latency p50", latencies.Percentile(50));
                PrintMs("  latency p99", latencies.Percentile(99));
            }
        });
}

int RunBench(const BenchOptions& options) {
    return InScratch(options, "xingfuli bench", [&](const std::filesystem::path& dir) {
        fmt::print("xingfuli bench: {} events, {} writers, {} cores, scratch {}\n", options.events,
                   options.writers, std::thread::hardware_concurrency(), dir.string());
        const std::uint64_t concurrent_total = std::max<std::uint64_t>(64'000, options.events / 10);
        fmt::print("raw RocksDB baseline (300-byte values, synced):\n");
        const double raw_one = RawSyncedPutsPerSecond(dir / "raw-1", 1, 5000);
        PrintFigure("raw: 1 thread, synced Put", raw_one, "puts/s");
        const double raw_many =
            RawSyncedPutsPerSecond(dir / "raw-n", options.writers, concurrent_total);
        PrintFigure("raw: " + std::to_string(options.writers) + " threads, synced Put", raw_many,
                    "puts/s");
        const double raw_batch = RawSyncedBatchPutsPerSecond(
            dir / "raw-b", std::min<std::uint64_t>(options.events, 1'000'000), 100);
        PrintFigure("raw: synced WriteBatch of 100 Puts", raw_batch, "puts/s");

        fmt::print("embedded event log:\n");
        {
            auto node = OpenNode({dir / "node", {}});
            if (!node.ok()) throw std::runtime_error(node.error().message);
            BenchSingleWriter(*node->log);
            BenchConcurrentWriters(*node->log, options.writers, concurrent_total, raw_many);
            BenchBatches(*node->log, options.events, raw_batch);
            BenchReads(*node->log);
            BenchVerify(*node->log);
        }
        {
            auto log = OpenLog({dir / "node", {}});
            auto store = projections::ProjectionStore::Open(dir / "node" / "projections");
            if (!log.ok() || !store.ok()) throw std::runtime_error("reopen failed");
            std::vector<std::unique_ptr<projections::Projection>> views;
            views.push_back(projections::MakeLogStatsProjection());
            views.push_back(std::make_unique<StreamVersionsProjection>());
            Node node{std::move(log).value(), std::move(store).value(), nullptr};
            node.runner = std::make_unique<projections::ProjectionRunner>(*node.log, *node.store,
                                                                          std::move(views));
            BenchRebuild(node);
        }
        BenchRestart(dir / "node");
        fmt::print("checks on read (same log, with and without):\n");
        BenchReadChecks(dir / "checks", 20'000);
    });
}

}  // namespace xfl::tools
