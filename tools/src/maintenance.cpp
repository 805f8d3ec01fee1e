// verify and rebuild.
#include <fmt/core.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "node.hpp"
#include "progress.hpp"
#include "xfl/api/identity/identity.hpp"
#include "xfl/eventstore/kafka_log.hpp"
#include "xfl/eventstore/record_proof.hpp"
#include "xfl/eventstore/verify.hpp"

namespace xfl::tools {
namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

namespace {

Result<std::string> ReadFile(const std::string& path) {
    std::ifstream in(path);
    if (!in) return Error::Make(Errc::kNotFound, "cannot read " + path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

int RunVerify(const VerifyOptions& options) {
    auto fail = [](const std::string& message) {
        fmt::print(stderr, "xingfuli verify: {}\n", message);
        return 2;
    };
    eventstore::VerifyOptions checks;
    if (!options.signed_heads.empty()) {
        auto heads_text = ReadFile(options.signed_heads);
        if (!heads_text.ok()) return fail(heads_text.error().message);
        auto heads = eventstore::SignedHead::ListFromJson(*heads_text);
        if (!heads.ok()) return fail(options.signed_heads + ": " + heads.error().message);
        auto key = ReadFile(options.public_key);
        if (!key.ok()) return fail(key.error().message);
        checks.signed_heads = std::move(heads).value();
        checks.public_key_pem = std::move(key).value();
    }
    for (const auto& line : options.since_digests) {
        auto digest = eventstore::LogDigest::FromLine(line, "--since-digest");
        if (!digest.ok()) return fail(digest.error().message);
        checks.digests.push_back(*digest);
    }
    auto log = OpenLog(options.node);
    if (!log.ok()) return fail(log.error().message);
    const auto start = std::chrono::steady_clock::now();
    eventstore::VerifyReport report;
    {
        Progress progress("verifying", (*log)->Head().value);
        checks.progress = [&](std::uint64_t n) { progress.Update(n); };
        report = eventstore::VerifyLog(**log, checks);
    }
    for (const auto& p : report.problems) {
        if (p.stream_id.empty()) {
            fmt::print("FAILED at log position {}: {}\n", p.position, p.what);
        } else {
            fmt::print("FAILED stream {} version {} (log position {}): {}\n", p.stream_id,
                       p.version, p.position, p.what);
        }
    }
    if (auto* kafka = dynamic_cast<eventstore::KafkaEventLog*>(log->get())) {
        for (const auto& problem : kafka->Problems()) {
            fmt::print("reported while reading the topic: {}\n", problem);
        }
    }
    fmt::print("{}: {} events in {} streams checked, {} signed heads, {} digests, in {:.2f} s\n",
               report.ok ? "OK" : "TAMPERED OR DAMAGED", report.events_checked,
               report.streams_checked, report.signed_heads_checked, report.digests_checked,
               SecondsSince(start));
    return report.ok ? 0 : 1;
}

int RunDigest(const NodeConfig& node) {
    auto log = OpenLog(node);
    if (!log.ok()) {
        fmt::print(stderr, "xingfuli digest: {}\n", log.error().message);
        return 1;
    }
    auto digest = eventstore::DigestLogAt(**log, (*log)->Head(), api::NowMicros());
    if (!digest.ok()) {
        fmt::print(stderr, "xingfuli digest: {}\n", digest.error().message);
        return 1;
    }
    fmt::print("{}\n", digest->ToLine());
    return 0;
}

int RunProve(const ProveOptions& options) {
    auto fail = [](int code, const std::string& message) {
        fmt::print(stderr, "xingfuli prove: {}\n", message);
        return code;
    };
    std::optional<eventstore::LogDigest> kept;
    if (!options.digest.empty()) {
        auto digest = eventstore::LogDigest::FromLine(options.digest, "--digest");
        if (!digest.ok()) return fail(2, digest.error().message);
        kept = *digest;
    }
    auto log = OpenLog(options.node);
    if (!log.ok()) return fail(1, log.error().message);
    if (!kept) {
        auto now = eventstore::DigestLogAt(**log, (*log)->Head(), api::NowMicros());
        if (!now.ok()) return fail(1, now.error().message);
        kept = *now;
    }
    auto proof = eventstore::ProveRecord(**log, *kept, options.stream, "--digest");
    if (!proof.ok()) return fail(1, proof.error().message);
    const std::string file = proof->ToJson() + "\n";
    if (options.out.empty()) {
        std::cout << file;
        return 0;
    }
    std::ofstream out(options.out, std::ios::binary | std::ios::trunc);
    if (!(out << file) || !out.flush()) return fail(1, "cannot write " + options.out);
    fmt::print("{}: {} events of {} in {}\n", options.out, proof->events.size(), options.stream,
               kept->ToLine());
    return 0;
}

int RunKeygen(const std::string& out) {
    if (Status made = eventstore::HeadSigner::Generate(out); !made.ok()) {
        fmt::print(stderr, "xingfuli keygen: {}\n", made.error().message);
        return 1;
    }
    auto signer = eventstore::HeadSigner::Load(out);
    if (!signer.ok()) {
        fmt::print(stderr, "xingfuli keygen: {}\n", signer.error().message);
        return 1;
    }
    fmt::print(
        "xingfuli: Ed25519 key {} written to {} (private, keep it off the data directory and "
        "its backups) and {}.pub (give it to inspectors)\n",
        (*signer)->key_id(), out, out);
    return 0;
}

int RunUserAdd(const UserAddOptions& options) {
    std::string password;
    std::getline(std::cin, password);
    auto log = OpenLog(options.node);
    if (!log.ok()) {
        fmt::print(stderr, "xingfuli user add: {}\n", log.error().message);
        return 1;
    }
    api::ApiConfig defaults;
    Status added = api::AddAccount(**log, options.username, options.role, options.region, password,
                                   defaults.pbkdf2_iterations);
    if (!added.ok()) {
        const auto& e = added.error();
        fmt::print(stderr, "xingfuli user add: {}{}\n",
                   e.field.empty() ? "" : "--" + e.field + ": ", e.message);
        return 1;
    }
    fmt::print("created account {} ({} for {})\n", options.username, options.role, options.region);
    return 0;
}

int RunRebuild(const NodeConfig& config, const std::optional<std::string>& projection) {
    if (config.log.kind == "kafka" && !projection) {
        // Replay the topic itself from the beginning: a fresh mirror reads it whole.
        std::error_code ec;
        std::filesystem::remove_all(config.data_dir / "kafka-mirror", ec);
    }
    auto node = OpenNode(config);
    if (!node.ok()) {
        fmt::print(stderr, "xingfuli rebuild: {}\n", node.error().message);
        return 1;
    }
    const auto start = std::chrono::steady_clock::now();
    Status done = node->runner->Reset(projection);
    if (done.ok()) {
        Progress progress("rebuilding", node->log->Head().value);
        done =
            node->runner->CatchUp([&](eventstore::LogPosition at) { progress.Update(at.value); });
    }
    if (!done.ok()) {
        fmt::print(stderr, "xingfuli rebuild: {}\n", done.error().message);
        return 1;
    }
    const double seconds = SecondsSince(start);
    const auto events = node->log->Head().value;
    fmt::print("rebuilt {} from {} events in {:.2f} s ({:.0f} events/s)\n",
               projection.value_or("all projections"), events, seconds,
               seconds > 0 ? static_cast<double>(events) / seconds : 0.0);
    return 0;
}

}  // namespace xfl::tools
