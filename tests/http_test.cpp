#include <catch2/catch.hpp>

#include "support/http_client.hpp"
#include "support/temp_dir.hpp"
#include "xfl/api/health.hpp"
#include "xfl/api/http_server.hpp"
#include "xfl/eventstore/embedded_log.hpp"
#include "xfl/projections/log_stats.hpp"

using namespace xfl;
using xfl::testing::HttpCall;
using xfl::testing::TempDir;

namespace {

struct Server {
    TempDir dir;
    std::unique_ptr<eventstore::EventLog> log;
    std::unique_ptr<projections::ProjectionStore> store;
    std::unique_ptr<projections::ProjectionRunner> runner;
    api::Router router;
    std::unique_ptr<api::HttpServer> http;

    Server() {
        log = std::move(eventstore::OpenEmbeddedLog(dir.path() / "log")).value();
        store = std::move(projections::ProjectionStore::Open(dir.path() / "projections")).value();
        std::vector<std::unique_ptr<projections::Projection>> all;
        all.push_back(projections::MakeLogStatsProjection());
        runner = std::make_unique<projections::ProjectionRunner>(*log, *store, std::move(all));
        REQUIRE(runner->CatchUp().ok());
        api::AddHealthRoutes(router, *log, *runner);
        router.Add("POST", "/echo/{word}", [](api::HttpRequest& r) {
            return api::JsonResponse(200, "{\"word\":\"" + api::JsonEscape(r.path_params["word"]) +
                                              "\",\"bytes\":" + std::to_string(r.body.size()) + "}");
        });
        auto started = api::HttpServer::Start({"127.0.0.1:0", 8, 1024}, router);
        REQUIRE(started.ok());
        http = std::move(started).value();
    }
};

}  // namespace

TEST_CASE("healthz and readyz answer over HTTP") {
    Server s;
    auto health = HttpCall(s.http->port(), "GET", "/healthz");
    CHECK(health.status == 200);
    CHECK(health.body == "{\"status\":\"ok\"}");
    CHECK(health.headers["content-type"] == "application/json");

    auto ready = HttpCall(s.http->port(), "GET", "/readyz");
    CHECK(ready.status == 200);
    CHECK_THAT(ready.body, Catch::Contains("\"status\":\"ready\""));

    REQUIRE(s.log->Append(testing::MakeAppend("x")).ok());
    auto behind = HttpCall(s.http->port(), "GET", "/readyz");
    CHECK(behind.status == 503);
    CHECK_THAT(behind.body, Catch::Contains("catching_up"));
    s.runner->Start();
    REQUIRE(s.runner->WaitFor(s.log->Head(), std::chrono::seconds(10)));
    CHECK(HttpCall(s.http->port(), "GET", "/readyz").status == 200);
}

TEST_CASE("the router answers 404, 405 and path parameters and oversized bodies get 413") {
    Server s;
    const int port = s.http->port();
    auto missing = HttpCall(port, "GET", "/nowhere");
    CHECK(missing.status == 404);
    CHECK_THAT(missing.body, Catch::Contains("\"code\":\"not_found\""));
    CHECK(HttpCall(port, "DELETE", "/healthz").status == 405);
    auto echo = HttpCall(port, "POST", "/echo/%E5%B9%B8", "abc");
    CHECK(echo.status == 200);
    CHECK(echo.body == "{\"word\":\"幸\",\"bytes\":3}");
    auto big = HttpCall(port, "POST", "/echo/x", std::string(4096, 'a'));
    CHECK(big.status == 413);
    CHECK_THAT(big.body, Catch::Contains("payload_too_large"));
}
