// xfl_hello: the HTTP layer alone (CivetWeb + our router) answering a constant, the baseline the
// API's HTTP figures are compared with in ops/bench/http.sh.
#include <csignal>
#include <cstdio>
#include <string>

#include "xfl/api/core/http_server.hpp"

int main(int argc, char** argv) {
    const std::string listen = argc > 1 ? argv[1] : "127.0.0.1:18081";
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);
    xfl::api::Router router;
    router.Add("GET", "/hello", [](xfl::api::HttpRequest&) {
        return xfl::api::JsonResponse(200, "{\"hello\":\"world\"}");
    });
    auto server = xfl::api::HttpServer::Start({listen, 128}, router);
    if (!server.ok()) {
        std::fprintf(stderr, "xfl_hello: %s\n", server.error().message.c_str());
        return 1;
    }
    int signal = 0;
    sigwait(&stop, &signal);
    return 0;
}
