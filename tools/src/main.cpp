// xingfuli: the server and its maintenance commands.
#include <fmt/core.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>

#include "commands.hpp"

namespace {

// --data-dir and the choice of event log, on every subcommand that touches the log.
void AddNodeOptions(CLI::App* command, xfl::tools::NodeConfig& node, std::string& data_dir) {
    command
        ->add_option("--data-dir", data_dir,
                     "directory holding the event log (log/ or kafka-mirror/) and read models "
                     "(projections/)")
        ->envname("XINGFULI_DATA_DIR")
        ->capture_default_str();
    command->add_option("--log", node.log.kind, "event log: embedded (default) or kafka")
        ->check(CLI::IsMember({"embedded", "kafka"}))
        ->envname("XINGFULI_LOG")
        ->capture_default_str();
    command->add_option("--brokers", node.log.brokers, "Kafka bootstrap servers HOST:PORT[,...]")
        ->envname("XINGFULI_KAFKA_BROKERS");
    command->add_option("--topic", node.log.topic, "Kafka topic of the events")
        ->envname("XINGFULI_KAFKA_TOPIC")
        ->capture_default_str();
    command
        ->add_option("--partitions", node.log.partitions,
                     "Kafka partitions this node writes (default: all; README \"Several nodes\")")
        ->delimiter(',');
    command->add_option("--node-name", node.log.node_name,
                        "this node's name in its Kafka writer claims (default: host name)");
    command->add_option("--node-url", node.log.node_url,
                        "this node's API URL, told to callers of other nodes");
    command->add_option("--transactional-id", node.log.transactional_id,
                        "real Kafka clusters: a stable id per node, so Kafka fences a replaced "
                        "node's producer");
}

}  // namespace

int main(int argc, char** argv) {
    using namespace xfl::tools;
    // The data directory holds password hashes and resident IDs: everything this process
    // creates (directories, log and read-model files) is its owner's alone from the start.
    umask(077);
    CLI::App app{"Xingfuli (幸福里): case management for near-home public employment services"};
    app.require_subcommand(1);
    app.set_config("--config", "",
                   "TOML file of options: a [serve], [verify], … section per subcommand");
    std::string data_dir = "./data";
    NodeConfig node;

    ServeOptions serve;
    CLI::App* serve_cmd = app.add_subcommand(
        "serve", "Run the HTTP API (on the embedded event log unless --log kafka)");
    AddNodeOptions(serve_cmd, node, data_dir);
    serve_cmd->add_option("--listen", serve.listen, "HOST:PORT to listen on")
        ->capture_default_str();
    serve_cmd
        ->add_option("--threads", serve.threads,
                     "HTTP worker threads; keep above the peak number of clients")
        ->check(CLI::Range(4, 4096))
        ->capture_default_str();
    serve_cmd
        ->add_option("--signing-key", serve.signing_key,
                     "Ed25519 key (PEM, from `xingfuli keygen`) outside the data directory: the "
                     "log's heads are signed at start, hourly and on request")
        ->envname("XINGFULI_SIGNING_KEY");
    serve_cmd->add_option("--trusted-proxy", serve.trusted_proxies,
                          "IP address of a reverse proxy in front (e.g. 127.0.0.1 for nginx on "
                          "this machine) whose X-Real-IP / X-Forwarded-For names the client; "
                          "repeat for several");
    serve_cmd
        ->add_option("--web-root", serve.web_root,
                     "the built web application (npm --prefix api/web run build), served at /")
        ->envname("XINGFULI_WEB_ROOT")
        ->capture_default_str();

    VerifyOptions verify;
    CLI::App* verify_cmd = app.add_subcommand(
        "verify", "Recompute every hash chain; exit 1 naming the first altered or missing event");
    AddNodeOptions(verify_cmd, node, data_dir);
    verify_cmd->add_option("--signed-heads", verify.signed_heads,
                           "JSON of signed heads kept from GET /api/v1/integrity/signed-heads: "
                           "the log must match each");
    verify_cmd->add_option("--public-key", verify.public_key,
                           "PEM public key that signed them (keygen's .pub file)");
    verify_cmd->add_option("--since-digest", verify.since_digests,
                           "a line printed by `xingfuli digest` earlier: exit 0 only if the log "
                           "still extends it (repeatable)");

    CLI::App* digest_cmd = app.add_subcommand(
        "digest",
        "Print the digest of the log's head as one line, to keep and prove later with verify "
        "--since-digest");
    AddNodeOptions(digest_cmd, node, data_dir);

    ProveOptions prove;
    CLI::App* prove_cmd = app.add_subcommand(
        "prove",
        "Write one record's events and the proof that they are part of a digest, for "
        "ops/check-record-proof.py to check without the server");
    AddNodeOptions(prove_cmd, node, data_dir);
    prove_cmd->add_option("--stream", prove.stream, "the record's stream, e.g. household-h0001")
        ->required();
    prove_cmd->add_option("--digest", prove.digest,
                          "a line printed by `xingfuli digest` (default: the log's head now)");
    prove_cmd->add_option("--out", prove.out, "the proof file (default: standard output)");

    std::string keygen_out;
    CLI::App* keygen_cmd = app.add_subcommand(
        "keygen", "Make an Ed25519 key for signed heads (keep it outside the data directory)");
    keygen_cmd->add_option("--out", keygen_out, "private key file; the public key goes to FILE.pub")
        ->required();

    UserAddOptions user_add;
    bool password_stdin = false;
    CLI::App* user_cmd = app.add_subcommand("user", "Manage accounts (the server must be stopped)");
    user_cmd->require_subcommand(1);
    CLI::App* user_add_cmd = user_cmd->add_subcommand("add", "Create an account");
    AddNodeOptions(user_add_cmd, node, data_dir);
    user_add_cmd->add_option("--username", user_add.username, "3-32 of a-z 0-9 . _ -")->required();
    user_add_cmd->add_option("--role", user_add.role, "admin, caseworker, arbitrator or inspector")
        ->required();
    user_add_cmd->add_option("--region", user_add.region, "12-digit region code of the scope")
        ->required();
    user_add_cmd->add_flag("--password-stdin", password_stdin, "read the password from stdin")
        ->required();

    SeedOptions seed;
    CLI::App* seed_cmd = app.add_subcommand(
        "seed", "Add deterministic synthetic households for demos and benchmarks (server stopped)");
    AddNodeOptions(seed_cmd, node, data_dir);
    seed_cmd
        ->add_option("--households", seed.households,
                     "how many: ~300 a village, ~700,000 the whole city")
        ->check(CLI::Range(1, 10'000'000))
        ->capture_default_str();
    seed_cmd->add_option("--ledger", seed.ledger,
                         "write the households as a survey-ledger CSV to this file (for "
                         "`xingfuli import` and demos) instead of appending them");
    seed_cmd->add_option("--employers", seed.employers,
                         "employers with their visits (a few thousand: the whole city)");
    seed_cmd->add_option("--postings", seed.postings,
                         "postings over the past year's seasons (~100,000: a year of the city)");
    seed_cmd->add_option("--placements", seed.placements,
                         "placements of seeded people into open postings (needs --employers "
                         "and --postings)");
    seed_cmd->add_option("--disputes", seed.disputes,
                         "wage disputes of seeded people against seeded employers, walked "
                         "through mediation and arbitration over the past year, some late "
                         "(needs --employers)");
    seed_cmd->add_option("--seed", seed.seed, "the same seed gives the same data")
        ->capture_default_str();

    ImportOptions import;
    std::string import_file;
    CLI::App* import_cmd = app.add_subcommand(
        "import",
        "Import a survey ledger (CSV of households and members), an employer list or a posting "
        "list (README \"Bulk import\"); the server must be stopped");
    AddNodeOptions(import_cmd, node, data_dir);
    import_cmd->add_option("file", import_file, "the sheet: CSV, or an .xlsx workbook")->required();
    import_cmd
        ->add_option("--kind", import.kind,
                     "what the file lists: households (a survey ledger), employers or postings")
        ->check(CLI::IsMember({"households", "employers", "postings"}))
        ->capture_default_str();
    import_cmd
        ->add_option("--as", import.as,
                     "the caseworker or admin account the import is recorded under; its area "
                     "bounds the regions")
        ->required();
    import_cmd->add_flag("--dry-run", import.dry_run,
                         "check every row and report what would change; append nothing");
    import_cmd
        ->add_option("--encoding", import.encoding,
                     "the file's encoding: utf-8, or gbk/gb18030 as Excel and WPS on Chinese "
                     "Windows save CSV; by default UTF-8 when the file is valid UTF-8, else "
                     "GB18030")
        ->check(CLI::IsMember({"utf-8", "utf8", "gbk", "gb2312", "gb18030", "cp936"},
                              CLI::ignore_case));
    import_cmd->add_option("--sheet", import.sheet,
                           "the worksheet of an .xlsx workbook to read (default: its first)");

    std::optional<std::string> projection;
    CLI::App* rebuild_cmd = app.add_subcommand(
        "rebuild", "Rebuild read models from the log (the server must be stopped)");
    AddNodeOptions(rebuild_cmd, node, data_dir);
    rebuild_cmd->add_option("--projection", projection, "only this projection (default: all)");

    BenchOptions bench;
    std::string bench_dir = "./bench-data";
    CLI::App* bench_cmd = app.add_subcommand(
        "bench", "Measure the log and projections beside a raw RocksDB baseline of the same run");
    bench_cmd->add_option("--data-dir", bench_dir, "scratch directory (emptied first)")
        ->capture_default_str();
    bench_cmd->add_option("--events", bench.events, "events for the bulk figures")
        ->check(CLI::Range(10'000, 100'000'000))
        ->capture_default_str();
    bench_cmd->add_option("--writers", bench.writers, "concurrent writers")
        ->check(CLI::Range(1, 1024))
        ->capture_default_str();
    bench_cmd
        ->add_option("--kafka", bench.kafka_events,
                     "instead: this many events on the Kafka log (mock cluster) beside the "
                     "embedded log")
        ->check(CLI::Range(1'000, 1'000'000));
    double sync_delay_ms = 0;
    bench_cmd
        ->add_option("--sync-delay-ms", sync_delay_ms,
                     "instead: the writers on a disk whose every sync waits this long more, "
                     "beside raw RocksDB on the same disk")
        ->check(CLI::Range(0.01, 100.0));
    bench_cmd->add_flag("--peer", bench.peer,
                        "instead: the appends and stream reads ops/bench/peer.sh compares with "
                        "PostgreSQL");

    std::string migrate_to;
    CLI::App* migrate_cmd = app.add_subcommand(
        "migrate",
        "Copy this node's log into the other kind (embedded <-> Kafka), verified by the hash "
        "chains (the server must be stopped)");
    AddNodeOptions(migrate_cmd, node, data_dir);
    migrate_cmd->add_option("--to", migrate_to, "kafka or embedded")
        ->required()
        ->check(CLI::IsMember({"kafka", "embedded"}));

    KafkaMockOptions mock;
    CLI::App* mock_cmd = app.add_subcommand(
        "kafka-mock", "Run a 3-broker Kafka mock cluster in memory (to try --log kafka)");
    mock_cmd->add_option("--topic", mock.topic, "topic to create")->capture_default_str();
    mock_cmd->add_option("--partitions", mock.partitions, "its partitions")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();

    CLI11_PARSE(app, argc, argv);
    node.data_dir = data_dir;

    if (serve_cmd->parsed()) {
        serve.node = node;
        return RunServe(serve);
    }
    if (verify_cmd->parsed() || rebuild_cmd->parsed() || digest_cmd->parsed() ||
        prove_cmd->parsed()) {
        node.log.read_only = true;
    }
    if (digest_cmd->parsed()) return RunDigest(node);
    if (prove_cmd->parsed()) {
        prove.node = node;
        return RunProve(prove);
    }
    if (verify_cmd->parsed()) {
        if (verify.signed_heads.empty() != verify.public_key.empty()) {
            fmt::print(stderr, "xingfuli verify: --signed-heads and --public-key go together\n");
            return 2;
        }
        verify.node = node;
        return RunVerify(verify);
    }
    if (keygen_cmd->parsed()) return RunKeygen(keygen_out);
    if (seed_cmd->parsed()) {
        seed.node = node;
        return RunSeed(seed);
    }
    if (user_add_cmd->parsed()) {
        user_add.node = node;
        return RunUserAdd(user_add);
    }
    if (rebuild_cmd->parsed()) return RunRebuild(node, projection);
    if (import_cmd->parsed()) {
        import.node = node;
        import.file = import_file;
        return RunImport(import);
    }
    if (migrate_cmd->parsed()) return RunMigrate(node, migrate_to);
    if (mock_cmd->parsed()) return RunKafkaMock(mock);
    bench.work_dir = bench_dir;
    bench.sync_delay_us = static_cast<int>(sync_delay_ms * 1000);
    if (bench.kafka_events > 0) return RunKafkaBench(bench);
    if (bench.sync_delay_us > 0) return RunSlowDiskBench(bench);
    return bench.peer ? RunPeerBench(bench) : RunBench(bench);
}
