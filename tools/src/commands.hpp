// The subcommands of `xingfuli`. Each returns the process exit code.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "node.hpp"

namespace xfl::tools {

struct ServeOptions {
    NodeConfig node;
    std::string listen = "127.0.0.1:8080";
    int threads = 128;
    std::string signing_key;  // PEM file outside the data directory; empty: no signed heads
    std::vector<std::string> trusted_proxies;  // reverse proxies that name the client
    std::string web_root = "api/web/dist";     // the built web application, served at "/"
};
int RunServe(const ServeOptions& options);

struct VerifyOptions {
    NodeConfig node;
    std::string signed_heads;  // a file of signed heads (the API's list), checked against the log
    std::string public_key;    // PEM file of the key that signed them
    std::vector<std::string> since_digests;  // lines printed by `xingfuli digest`
};
int RunVerify(const VerifyOptions& options);

// Prints the digest of the log's head as one line (exit 0), or why it cannot (exit 1).
int RunDigest(const NodeConfig& node);

struct ProveOptions {
    NodeConfig node;
    std::string stream;  // e.g. household-h0001
    std::string digest;  // a line kept earlier; empty: the log's head now
    std::string out;     // the proof file; empty: standard output
};
// Writes the record proof of one stream in a digest (exit 0), or says why it cannot (exit 1;
// 2 for a malformed digest).
int RunProve(const ProveOptions& options);

// Makes a signing key for signed heads: PEM private key at `out`, public key at `out`.pub.
int RunKeygen(const std::string& out);

struct UserAddOptions {
    NodeConfig node;
    std::string username;
    std::string role;
    std::string region;
};
// Reads the password from standard input (one line).
int RunUserAdd(const UserAddOptions& options);
int RunRebuild(const NodeConfig& node, const std::optional<std::string>& projection);

struct SeedOptions {
    NodeConfig node;
    std::optional<std::filesystem::path> ledger;  // write a survey-ledger CSV instead
    std::uint64_t households = 1000;
    // The demand side: employers (with their visits), postings over the past year's seasons,
    // and placements of seeded people into them.
    std::uint64_t employers = 0, postings = 0, placements = 0;
    // Wage disputes of seeded people against seeded employers (needs --employers).
    std::uint64_t disputes = 0;
    std::uint64_t seed = 1;
    int threads = 32;
};
// Deterministic synthetic households over the real villages (the server must be stopped).
int RunSeed(const SeedOptions& options);

struct ImportOptions {
    NodeConfig node;
    std::filesystem::path file;
    std::string as;                   // the account the import is recorded under
    std::string kind = "households";  // households, employers, postings
    bool dry_run = false;
    std::optional<std::string> encoding;  // a charset name (text_encoding.hpp); none: detect
    std::string sheet;                    // an .xlsx workbook's worksheet; empty: its first
};
// A survey ledger, employer list or posting list (CSV or .xlsx) into the log (the server must be
// stopped).
int RunImport(const ImportOptions& options);

struct BenchOptions {
    std::filesystem::path work_dir;
    std::uint64_t events = 1'000'000;
    int writers = 64;
    std::uint64_t kafka_events = 0;  // > 0: only the Kafka-beside-embedded comparison
    int sync_delay_us = 0;           // > 0: only the 64 writers on a slowed disk
    bool peer = false;               // only the figures ops/bench/peer.sh compares
};
int RunBench(const BenchOptions& options);
int RunSlowDiskBench(const BenchOptions& options);
int RunPeerBench(const BenchOptions& options);
// Appends/s and projection events/s of the Kafka log on an in-process mock cluster beside the
// embedded log, in one run.
int RunKafkaBench(const BenchOptions& options);

// Copies this node's log into the other kind (embedded -> Kafka or Kafka -> embedded), verified
// by the hash chains; the data directory then belongs to the target log.
int RunMigrate(const NodeConfig& node, const std::string& to);

struct KafkaMockOptions {
    std::string topic = "xingfuli-events";
    int partitions = 8;
};
// Runs librdkafka's mock cluster (3 brokers, in memory) until stopped, to try --log kafka.
int RunKafkaMock(const KafkaMockOptions& options);

}  // namespace xfl::tools
