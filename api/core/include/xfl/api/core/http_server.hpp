// HttpServer: CivetWeb serving a Router.
//
// Operation: CivetWeb binds one worker thread to each keep-alive connection, so `threads` must
// exceed the peak number of concurrent clients. Responses are written in one piece with
// TCP_NODELAY to avoid the 40 ms Nagle/delayed-ACK stall.
// Concurrency: handlers run on many worker threads at once.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "xfl/api/core/http.hpp"
#include "xfl/domain/kernel/result.hpp"

namespace xfl::api {

struct ServerOptions {
    std::string listen = "127.0.0.1:8080";  // HOST:PORT; port 0 picks a free port
    int threads = 128;
    std::size_t max_body_bytes = 1 << 20;  // larger bodies get 413
    // Uploads of sheets (CSV, .xlsx, a browser form), such as a township's survey ledger, may be
    // larger.
    std::size_t max_csv_body_bytes = 32 << 20;
    int request_timeout_ms = 10000;
    int keep_alive_timeout_ms = 5000;
    // Reverse proxies (their IP addresses) whose X-Real-IP, else the last X-Forwarded-For
    // entry, names the client: sign-in throttling counts the real clients, not the proxy.
    std::vector<std::string> trusted_proxies = {};
};

class HttpServer {
  public:
    // Starts serving at once. Errc::kUnavailable when the address cannot be bound.
    static Result<std::unique_ptr<HttpServer>> Start(const ServerOptions& options,
                                                     const Router& router);
    ~HttpServer();  // stops: waits for requests in flight to finish
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    int port() const;

    struct Impl;

  private:
    explicit HttpServer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace xfl::api
