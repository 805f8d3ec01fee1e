#include <fcntl.h>
#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <thread>

#include "commands.hpp"
#include "node.hpp"
#include "stop_signals.hpp"
#include "xfl/api/api.hpp"
#include "xfl/api/calendar/calendar.hpp"
#include "xfl/api/core/credentials.hpp"
#include "xfl/api/core/http_server.hpp"
#include "xfl/api/geography/geography.hpp"
#include "xfl/api/identity/identity.hpp"
#include "xfl/projections/identity/accounts.hpp"

namespace xfl::tools {
namespace {

std::filesystem::path InitialPasswordFile(const std::filesystem::path& data_dir) {
    return data_dir / "initial-admin-password";
}

// Created readable by its owner alone from the first byte (never 0666, then chmod-ed).
Status WritePrivateFile(const std::filesystem::path& file, const std::string& text) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        return Error::Make(Errc::kUnavailable,
                           "cannot write " + file.string() + ": " + std::strerror(errno));
    }
    const bool written =
        ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
        ::fsync(fd) == 0;
    ::close(fd);
    if (!written) return Error::Make(Errc::kUnavailable, "cannot write " + file.string());
    return {};
}

// The initial admin password is of no use once changed: its file goes.
void RemoveChangedInitialPassword(Node& node, const std::filesystem::path& data_dir) {
    const auto file = InitialPasswordFile(data_dir);
    if (!std::filesystem::exists(file)) return;
    auto admin =
        projections::FindAccount(*node.store->View(projections::kAccountDirectory), "admin");
    if (!admin || admin->password_changed_at_us == 0) return;
    std::error_code ec;
    if (std::filesystem::remove(file, ec)) {
        fmt::print("xingfuli: the admin password was changed; removed {}\n", file.string());
    }
}

// The key that signs the log's heads must not sit with the data it protects: whoever can
// rewrite the log could then sign the rewritten history too.
Result<std::shared_ptr<const eventstore::HeadSigner>> LoadSigningKey(
    const std::filesystem::path& key_file, const std::filesystem::path& data_dir) {
    std::error_code ec;
    const auto key = std::filesystem::weakly_canonical(key_file, ec);
    const auto data = std::filesystem::weakly_canonical(data_dir, ec);
    const auto [data_end, key_rest] =
        std::mismatch(data.begin(), data.end(), key.begin(), key.end());
    if (data_end == data.end()) {
        return Error::Make(Errc::kInvalidArgument,
                           "--signing-key " + key_file.string() +
                               " is inside the data directory; keep it elsewhere",
                           "signing-key");
    }
    auto signer = eventstore::HeadSigner::Load(key_file);
    if (!signer.ok()) return std::move(signer).error();
    return std::shared_ptr<const eventstore::HeadSigner>(std::move(signer).value());
}

// On a fresh data directory there is no account to sign in with: create "admin" for the whole
// city with a random password, written to a file only its owner can read (never to the log).
Status BootstrapAdmin(Node& node, const std::filesystem::path& data_dir, int pbkdf2_iterations) {
    if (projections::AnyAccount(*node.store->View(projections::kAccountDirectory))) return {};
    const std::string password = api::NewPassword();
    // Written before the account exists, so that the password cannot be lost.
    const auto file = InitialPasswordFile(data_dir);
    if (Status written = WritePrivateFile(file, password + "\n"); !written.ok()) return written;
    if (Status s = api::AddAccount(*node.log, "admin", "admin", "530500000000", password,
                                   pbkdf2_iterations);
        !s.ok()) {
        std::filesystem::remove(file);
        if (s.error().code != Errc::kMisdirected) return s;
        fmt::print(
            "xingfuli: no account yet; the first admin is created by the node that writes its "
            "Kafka partition, when it starts ({})\n",
            s.error().message);
        return {};
    }
    fmt::print(
        "xingfuli: created account \"admin\" (admin for 530500000000 保山市); its password is "
        "in {} — sign in and change it\n",
        file.string());
    return {};
}

// Time-driven upkeep while serving: every context's jobs (api::ApiJobs: the zero-employment
// review, signing the log's heads, …) when they are due, checked every 10 s; and within 10 s of
// a change of the initial admin password its file goes.
class Housekeeping {
  public:
    Housekeeping(api::Api& api, Node& node, std::filesystem::path data_dir)
        : jobs_(api.services(), api::ApiJobs()),
          thread_([this, &node, dir = std::move(data_dir)](std::stop_token stop) {
              Run(node, dir, stop);
          }) {}

  private:
    static void Report(std::string_view job, const Result<std::string>& outcome) {
        if (!outcome.ok()) {
            fmt::print(stderr, "xingfuli: {}: {}\n", job, outcome.error().message);
        } else if (!outcome->empty()) {
            fmt::print("xingfuli: {}: {}\n", job, *outcome);
        }
    }

    void Run(Node& node, const std::filesystem::path& data_dir, const std::stop_token& stop) {
        std::mutex mutex;
        std::condition_variable_any wake;
        while (!stop.stop_requested()) {
            jobs_.RunDue(api::NowMicros(), Report);
            RemoveChangedInitialPassword(node, data_dir);
            std::fflush(stdout);  // the log a service manager keeps is not a terminal
            std::unique_lock lock(mutex);
            wake.wait_for(lock, stop, kTick, [] { return false; });
        }
    }
    static constexpr std::chrono::seconds kTick{10};
    api::JobRunner jobs_;
    std::jthread thread_;  // last: stopped and joined first
};

}  // namespace

int RunServe(const ServeOptions& options) {
    StopSignals stop_signals;

    auto fail = [](const Error& e) {
        fmt::print(stderr, "xingfuli serve: {}\n", e.message);
        return 1;
    };
    api::ApiConfig config;
    if (!options.signing_key.empty()) {
        auto signer = LoadSigningKey(options.signing_key, options.node.data_dir);
        if (!signer.ok()) return fail(signer.error());
        config.head_signer = std::move(signer).value();
    }
    config.web_root = options.web_root;
    auto node = OpenLiveNode(options.node);
    if (!node.ok()) return fail(node.error());

    api::Api api(*node->log, *node->store, *node->runner, config);
    auto seeded = api::SeedRegions(api.services());
    if (!seeded.ok()) return fail(seeded.error());
    if (seeded->created > 0) {
        fmt::print("xingfuli: loaded {} regions of the Baoshan region tree into the log\n",
                   seeded->created);
    }
    if (seeded->elsewhere > 0) {
        fmt::print(
            "xingfuli: {} regions are in Kafka partitions other nodes write; each node loads "
            "its own when it starts\n",
            seeded->elsewhere);
    }
    auto holidays = api::SeedHolidayLists(api.services(), api::NowMicros());
    if (!holidays.ok()) return fail(holidays.error());
    if (*holidays > 0) {
        fmt::print("xingfuli: recorded the official holiday lists of {} years\n", *holidays);
    }
    if (Status s = BootstrapAdmin(*node, options.node.data_dir, config.pbkdf2_iterations);
        !s.ok()) {
        return fail(s.error());
    }
    node->runner->WaitFor(node->log->Head(), std::chrono::seconds(30));

    api::ServerOptions http;
    http.listen = options.listen;
    http.threads = options.threads;
    http.trusted_proxies = options.trusted_proxies;
    auto server = api::HttpServer::Start(http, api.router());
    if (!server.ok()) return fail(server.error());
    fmt::print("xingfuli: serving on {} (port {}), data in {}, {} events in the log\n",
               options.listen, (*server)->port(), options.node.data_dir.string(),
               node->log->Head().value);
    if (!api.serves_web_application()) {
        fmt::print(
            "xingfuli: no web application in {} — build it with `npm --prefix api/web ci && npm "
            "--prefix api/web run build` (ops/serve.sh does), or name it with --web-root\n",
            options.web_root);
    }
    std::fflush(stdout);

    auto housekeeping = std::make_unique<Housekeeping>(api, *node, options.node.data_dir);

    const int signal_number = stop_signals.Wait();
    fmt::print("xingfuli: stopping (signal {}): finishing requests in flight\n", signal_number);
    server->reset();  // waits for requests in flight
    housekeeping.reset();
    node->runner->Stop();
    node->log.reset();  // the writer answers every queued append before it closes
    fmt::print("xingfuli: stopped\n");
    return 0;
}

}  // namespace xfl::tools
