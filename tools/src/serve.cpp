#include <csignal>

#include <fmt/core.h>

#include "commands.hpp"
#include "node.hpp"
#include "progress.hpp"
#include "xfl/api/health.hpp"
#include "xfl/api/http_server.hpp"

namespace xfl::tools {

int RunServe(const ServeOptions& options) {
    // Block the stop signals before any thread starts, so that only sigwait below receives them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    auto node = OpenNode(options.data_dir);
    if (!node.ok()) {
        fmt::print(stderr, "xingfuli serve: {}\n", node.error().message);
        return 1;
    }
    {
        Progress progress("catching up read models", node->log->Head().value);
        Status caught_up = node->runner->CatchUp(
            [&](eventstore::LogPosition at) { progress.Update(at.value); });
        if (!caught_up.ok()) {
            fmt::print(stderr, "xingfuli serve: {}\n", caught_up.error().message);
            return 1;
        }
    }
    node->runner->Start();

    api::Router router;
    api::AddHealthRoutes(router, *node->log, *node->runner);
    auto server = api::HttpServer::Start({options.listen, options.threads}, router);
    if (!server.ok()) {
        fmt::print(stderr, "xingfuli serve: {}\n", server.error().message);
        return 1;
    }
    fmt::print("xingfuli: serving on {} (port {}), data in {}, {} events in the log\n",
               options.listen, (*server)->port(), options.data_dir.string(),
               node->log->Head().value);
    std::fflush(stdout);

    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    fmt::print("xingfuli: stopping (signal {}): finishing requests in flight\n", signal_number);
    server->reset();         // waits for requests in flight
    node->runner->Stop();
    node->log.reset();       // the writer answers every queued append before it closes
    fmt::print("xingfuli: stopped\n");
    return 0;
}

}  // namespace xfl::tools
