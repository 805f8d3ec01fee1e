// A real Xingfuli server on a free loopback port over a fresh data directory, with the region
// tree loaded and an admin for the whole city, for end-to-end tests over HTTP.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "support/failing_log.hpp"
#include "support/http_client.hpp"
#include "support/temp_dir.hpp"
#include "xfl/api/api.hpp"
#include "xfl/api/core/http_server.hpp"
#include "xfl/api/geography/geography.hpp"
#include "xfl/api/households/households.hpp"
#include "xfl/api/identity/identity.hpp"
#include "xfl/api/integrity/integrity.hpp"

namespace xfl::testing {

inline constexpr char kCity[] = "530500000000";
inline constexpr char kLongyang[] = "530502000000";   // 隆阳区
inline constexpr char kLancheng[] = "530502001000";   // 兰城街道, in 隆阳区
inline constexpr char kWangguan[] = "530502001002";   // 王官社区, in 兰城街道
inline constexpr char kTengchong[] = "530581000000";  // 腾冲市
inline constexpr char kAdminPassword[] = "admin-password-1";

struct ApiServerOptions {
    int threads = 16;
    std::chrono::seconds session_lifetime = std::chrono::hours(12);
    std::shared_ptr<const eventstore::HeadSigner> head_signer;  // none: no signed heads
    std::function<bool()> disk_full;  // while true, the log's writes fail as on a full disk
    std::vector<std::string> trusted_proxies;  // as `serve --trusted-proxy`
};

// Every reply that Call() receives is checked against the OpenAPI document with a standard
// validator (tests/tools/validate_responses.sh) when the server goes: a response the document
// does not describe fails the test.
class ApiServer {
  public:
    explicit ApiServer(ApiServerOptions options = {});
    ~ApiServer();

    int port() const { return http_->port(); }
    eventstore::EventLog& log() { return *log_; }
    api::Api& api() { return *api_; }

    HttpReply Call(const std::string& method, const std::string& target,
                   const std::string& body = {}, const std::string& token = {},
                   std::map<std::string, std::string> headers = {});
    // Signs in and returns the token (REQUIREs success).
    std::string Login(const std::string& username, const std::string& password);
    // Creates an account as the city admin and returns its token.
    std::string UserWithRole(const std::string& username, const std::string& role,
                             const std::string& region);
    const std::string& admin_token() const { return admin_token_; }
    // Stops the server and everything under it, calls `while_stopped` with the data directory
    // (the log is in "log"), and starts again on the same data; tokens stay valid. The error
    // that stopped the log or the read models from opening, as `xingfuli serve` would report
    // it (the server then stays stopped).
    [[nodiscard]] Status Restart(
        const std::function<void(const std::filesystem::path&)>& while_stopped = {});
    // From now on the API appends only to these streams, as a Kafka node that writes some of the
    // partitions (others get 421; what is there was written by "another node"). Call it while
    // no request is in flight.
    void WriteOnly(std::function<bool(const std::string&)> writes) {
        api_log_->WriteOnly(std::move(writes));
    }

  private:
    Status Start();
    void Stop();
    void CheckRepliesAgainstDocument();

    ApiServerOptions options_;
    TempDir dir_;
    std::unique_ptr<eventstore::EventLog> log_;
    std::unique_ptr<FailingLog> api_log_;  // what the API appends to
    std::unique_ptr<projections::ProjectionStore> store_;
    std::unique_ptr<projections::ProjectionRunner> runner_;
    std::unique_ptr<api::Api> api_;
    std::unique_ptr<api::HttpServer> http_;
    std::string admin_token_;
    std::mutex replies_mutex_;
    std::string replies_;  // JSON lines: method, target, status, content type, body
};

}  // namespace xfl::testing
