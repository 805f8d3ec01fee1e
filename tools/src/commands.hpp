// The subcommands of `xingfuli`. Each returns the process exit code.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace xfl::tools {

struct ServeOptions {
    std::filesystem::path data_dir;
    std::string listen;
    int threads = 128;
};
int RunServe(const ServeOptions& options);

int RunVerify(const std::filesystem::path& data_dir);

struct UserAddOptions {
    std::filesystem::path data_dir;
    std::string username;
    std::string role;
    std::string region;
};
// Reads the password from standard input (one line).
int RunUserAdd(const UserAddOptions& options);
int RunRebuild(const std::filesystem::path& data_dir, const std::optional<std::string>& projection);

struct SeedOptions {
    std::filesystem::path data_dir;
    std::optional<std::filesystem::path> ledger;  // write a survey-ledger CSV instead
    std::uint64_t households = 1000;
    std::uint64_t seed = 1;
    int threads = 32;
};
// Deterministic synthetic households over the real villages (the server must be stopped).
int RunSeed(const SeedOptions& options);

struct ImportOptions {
    std::filesystem::path data_dir;
    std::filesystem::path file;
    std::string as;  // the account the import is recorded under
    bool dry_run = false;
};
// A survey ledger (CSV) into the register (the server must be stopped).
int RunImport(const ImportOptions& options);

struct BenchOptions {
    std::filesystem::path work_dir;
    std::uint64_t events = 1'000'000;
    int writers = 64;
};
int RunBench(const BenchOptions& options);

}  // namespace xfl::tools
