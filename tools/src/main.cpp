// xingfuli: the server and its maintenance commands.
#include <CLI/CLI.hpp>

#include "commands.hpp"

namespace {

CLI::Option* AddDataDir(CLI::App* command, std::string& data_dir) {
    return command
        ->add_option("--data-dir", data_dir,
                     "directory holding the event log (log/) and read models (projections/)")
        ->envname("XINGFULI_DATA_DIR")
        ->capture_default_str();
}

}  // namespace

int main(int argc, char** argv) {
    using namespace xfl::tools;
    CLI::App app{"Xingfuli (幸福里): case management for near-home public employment services"};
    app.require_subcommand(1);
    std::string data_dir = "./data";

    ServeOptions serve{{}, "127.0.0.1:8080", 128};
    CLI::App* serve_cmd = app.add_subcommand("serve", "Run the HTTP API on the embedded event log");
    AddDataDir(serve_cmd, data_dir);
    serve_cmd->add_option("--listen", serve.listen, "HOST:PORT to listen on")
        ->capture_default_str();
    serve_cmd
        ->add_option("--threads", serve.threads,
                     "HTTP worker threads; keep above the peak number of clients")
        ->check(CLI::Range(4, 4096))
        ->capture_default_str();

    CLI::App* verify_cmd = app.add_subcommand(
        "verify", "Recompute every hash chain; exit 1 naming the first altered or missing event");
    AddDataDir(verify_cmd, data_dir);

    UserAddOptions user_add;
    bool password_stdin = false;
    CLI::App* user_cmd = app.add_subcommand("user", "Manage accounts (the server must be stopped)");
    user_cmd->require_subcommand(1);
    CLI::App* user_add_cmd = user_cmd->add_subcommand("add", "Create an account");
    AddDataDir(user_add_cmd, data_dir);
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
    AddDataDir(seed_cmd, data_dir);
    seed_cmd
        ->add_option("--households", seed.households,
                     "how many: ~300 a village, ~700,000 the whole city")
        ->check(CLI::Range(1, 10'000'000))
        ->capture_default_str();
    seed_cmd->add_option("--ledger", seed.ledger,
                         "write the households as a survey-ledger CSV to this file (for "
                         "`xingfuli import` and demos) instead of appending them");
    seed_cmd->add_option("--seed", seed.seed, "the same seed gives the same data")
        ->capture_default_str();

    ImportOptions import;
    std::string import_file;
    CLI::App* import_cmd = app.add_subcommand(
        "import",
        "Import a survey ledger (CSV of households and members; README \"Bulk import\"); the "
        "server must be stopped");
    AddDataDir(import_cmd, data_dir);
    import_cmd->add_option("file", import_file, "the CSV file")->required();
    import_cmd
        ->add_option("--as", import.as,
                     "the caseworker or admin account the import is recorded under; its area "
                     "bounds the regions")
        ->required();
    import_cmd->add_flag("--dry-run", import.dry_run,
                         "check every row and report what would change; append nothing");

    std::optional<std::string> projection;
    CLI::App* rebuild_cmd = app.add_subcommand(
        "rebuild", "Rebuild read models from the log (the server must be stopped)");
    AddDataDir(rebuild_cmd, data_dir);
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

    CLI11_PARSE(app, argc, argv);

    if (serve_cmd->parsed()) {
        serve.data_dir = data_dir;
        return RunServe(serve);
    }
    if (verify_cmd->parsed()) return RunVerify(data_dir);
    if (seed_cmd->parsed()) {
        seed.data_dir = data_dir;
        return RunSeed(seed);
    }
    if (user_add_cmd->parsed()) {
        user_add.data_dir = data_dir;
        return RunUserAdd(user_add);
    }
    if (rebuild_cmd->parsed()) return RunRebuild(data_dir, projection);
    if (import_cmd->parsed()) {
        import.data_dir = data_dir;
        import.file = import_file;
        return RunImport(import);
    }
    bench.work_dir = bench_dir;
    return RunBench(bench);
}
