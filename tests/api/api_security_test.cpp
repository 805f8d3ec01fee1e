// Authentication, authorisation by role and region scope, and every error status of the API.
#include <catch2/catch.hpp>
#include <thread>

#include "support/api_server.hpp"
#include "support/failing_log.hpp"
#include "xfl/eventstore/embedded_log.hpp"

using namespace xfl::testing;

namespace {

void CheckError(const HttpReply& reply, int status, const std::string& code,
                const std::string& field = {}) {
    INFO(reply.body);
    CHECK(reply.status == status);
    CHECK_THAT(reply.body, Catch::StartsWith("{\"error\":{\"code\":\"" + code + "\""));
    if (!field.empty()) CHECK_THAT(reply.body, Catch::Contains("\"field\":\"" + field + "\""));
}

}  // namespace

TEST_CASE("missing, forged and expired tokens get 401") {
    ApiServerOptions options;
    options.session_lifetime = std::chrono::seconds(1);
    ApiServer server(options);
    CheckError(server.Call("GET", "/api/v1/regions/530500000000"), 401, "unauthenticated");
    CheckError(server.Call("GET", "/api/v1/regions/530500000000", {}, std::string(64, 'a')), 401,
               "unauthenticated");
    CheckError(server.Call("GET", "/api/v1/regions/530500000000", {}, {},
                           {{"Authorization", "Basic YWRtaW46YWRtaW4="}}),
               401, "unauthenticated");
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    auto expired = server.Call("GET", "/api/v1/regions/530500000000", {}, server.admin_token());
    CheckError(expired, 401, "unauthenticated");
    CHECK_THAT(expired.body, Catch::Contains("expired"));
}

TEST_CASE("repeated failed sign-ins are slowed down with 429") {
    ApiServer server;
    const std::string wrong = "{\"username\":\"admin\",\"password\":\"wrong-password\"}";
    for (int i = 0; i < 5; ++i) CHECK(server.Call("POST", "/api/v1/sessions", wrong).status == 401);
    auto limited = server.Call("POST", "/api/v1/sessions", wrong);
    CheckError(limited, 429, "rate_limited");
    CHECK_FALSE(limited.headers["retry-after"].empty());
    // Even the right password waits until the lock-out ends.
    CHECK(server
              .Call("POST", "/api/v1/sessions",
                    "{\"username\":\"admin\",\"password\":\"" + std::string(kAdminPassword) + "\"}")
              .status == 429);
    CHECK(server
              .Call("POST", "/api/v1/sessions",
                    "{\"username\":\"nobody\",\"password\":\"whatever-123\"}")
              .status == 401);
}

TEST_CASE("each role is refused what it may not do, and scope limits every role") {
    ApiServer server;
    const std::string caseworker = server.UserWithRole("cw.lancheng", "caseworker", kLancheng);
    const std::string inspector = server.UserWithRole("insp.longyang", "inspector", kLongyang);
    const std::string arbitrator = server.UserWithRole("arb.longyang", "arbitrator", kLongyang);
    const std::string county_admin = server.UserWithRole("admin.tengchong", "admin", kTengchong);

    SECTION("caseworker: sees its township and the path above, not other counties") {
        CHECK(server.Call("GET", std::string("/api/v1/regions/") + kWangguan, {}, caseworker)
                  .status == 200);
        auto county =
            server.Call("GET", std::string("/api/v1/regions/") + kLongyang, {}, caseworker);
        CHECK(county.status == 200);
        CHECK_THAT(county.body, Catch::Contains(kLancheng));
        CHECK_THAT(county.body, !Catch::Contains("530502002000"));  // a sibling township
        CheckError(server.Call("GET", std::string("/api/v1/regions/") + kTengchong + "/history", {},
                               caseworker),
                   403, "permission_denied");
        CheckError(server.Call("POST", "/api/v1/regions",
                               "{\"code\":\"530502001998\",\"name\":\"x\"}", caseworker),
                   403, "permission_denied");
        CheckError(server.Call("GET", "/api/v1/users", {}, caseworker), 403, "permission_denied");
    }
    SECTION("inspector: reads accounts in its county, changes nothing") {
        CHECK(server.Call("GET", "/api/v1/users/cw.lancheng", {}, inspector).status == 200);
        CHECK(server.Call("GET", "/api/v1/users/cw.lancheng/history", {}, inspector).status == 200);
        CheckError(server.Call("PATCH", std::string("/api/v1/regions/") + kWangguan,
                               "{\"name\":\"x\"}", inspector),
                   403, "permission_denied");
        CheckError(server.Call("POST", "/api/v1/users/cw.lancheng/disable", "{\"reason\":\"x\"}",
                               inspector),
                   403, "permission_denied");
        CheckError(server.Call("GET", "/api/v1/users/admin.tengchong", {}, inspector), 403,
                   "permission_denied");
    }
    SECTION("arbitrator: no account administration") {
        CheckError(server.Call("GET", "/api/v1/users", {}, arbitrator), 403, "permission_denied");
        CheckError(server.Call("GET", "/api/v1/users/cw.lancheng", {}, arbitrator), 403,
                   "permission_denied");
    }
    SECTION("a county admin acts only inside its county, and 403 never reveals existence") {
        CheckError(server.Call("POST", "/api/v1/users",
                               "{\"username\":\"x.y\",\"password\":\"long-enough-1\",\"role\":"
                               "\"caseworker\",\"region\":\"530502001000\"}",
                               county_admin),
                   403, "permission_denied");
        auto existing = server.Call("GET", "/api/v1/users/cw.lancheng", {}, county_admin);
        auto missing = server.Call("GET", "/api/v1/users/no.such.user", {}, county_admin);
        CheckError(existing, 403, "permission_denied");
        CheckError(missing, 403, "permission_denied");
        CHECK(existing.body == missing.body);
        // The city admin may know: for it a missing account is 404.
        CheckError(server.Call("GET", "/api/v1/users/no.such.user", {}, server.admin_token()), 404,
                   "not_found");
        CHECK(server
                  .Call("POST", "/api/v1/users",
                        "{\"username\":\"tc.worker\",\"password\":\"long-enough-1\",\"role\":"
                        "\"caseworker\",\"region\":\"530581001000\"}",
                        county_admin)
                  .status == 201);
    }
}

TEST_CASE("bad input gets the right 4xx naming the field, and writes nothing") {
    ApiServer server;
    const std::string admin = server.admin_token();
    const auto head = server.log().Head();
    auto post_user = [&](const std::string& body, std::map<std::string, std::string> headers = {}) {
        return server.Call("POST", "/api/v1/users", body, admin, headers);
    };
    CheckError(post_user("{\"username\": \"a\""), 400, "invalid_argument");
    CheckError(post_user("[1,2]"), 400, "invalid_argument");
    CheckError(post_user("{\"username\":5,\"password\":\"long-enough-1\",\"role\":\"caseworker\","
                         "\"region\":\"530502001000\"}"),
               400, "invalid_argument", "username");
    CheckError(post_user("{\"username\":\"ok.name\",\"password\":\"long-enough-1\",\"role\":"
                         "\"caseworker\",\"region\":\"530502001000\",\"extra\":1}"),
               400, "invalid_argument", "extra");
    CheckError(post_user("{\"username\":\"ok.name\",\"password\":\"short\",\"role\":\"caseworker\","
                         "\"region\":\"530502001000\"}"),
               400, "invalid_argument", "password");
    CheckError(post_user("{\"username\":\"ok.name\",\"password\":\"long-enough-1\",\"role\":"
                         "\"mayor\",\"region\":\"530502001000\"}"),
               400, "invalid_argument", "role");
    CheckError(post_user("{\"username\":\"ok.name\",\"password\":\"long-enough-1\",\"role\":"
                         "\"caseworker\",\"region\":\"53050\"}"),
               400, "invalid_argument", "region");
    CheckError(post_user("{\"username\":\"ok.name\",\"password\":\"long-enough-1\",\"role\":"
                         "\"caseworker\",\"region\":\"530502001555\"}"),
               422, "rule_violated", "region");
    CheckError(post_user(std::string("{\"username\":\"bad\xff\xfe\"}")), 400, "invalid_argument");
    CheckError(post_user("{}", {{"Content-Type", "text/plain"}}), 415, "unsupported_media_type");
    CheckError(post_user("{\"a\":\"" + std::string(2 << 20, 'x') + "\"}"), 413,
               "payload_too_large");
    CheckError(post_user(std::string(100000, '[') + std::string(100000, ']')), 400,
               "invalid_argument");
    CheckError(server.Call("GET", "/api/v1/regions/abc", {}, admin), 400, "invalid_argument",
               "code");
    CheckError(server.Call("GET", "/api/v1/regions?parent=530500000000&limit=0", {}, admin), 400,
               "invalid_argument", "limit");
    CheckError(server.Call("GET", "/api/v1/regions?parent=530500000000&cursor=zz", {}, admin), 400,
               "invalid_argument", "cursor");
    CheckError(server.Call("PATCH", std::string("/api/v1/regions/") + kWangguan, "{\"name\":\"x\"}",
                           admin, {{"If-Match", "yesterday"}}),
               400, "invalid_argument", "If-Match");
    CheckError(server.Call("GET", "/api/v1/nothing/here", {}, admin), 404, "not_found");
    CheckError(server.Call("GET", "/api/v1/%2e%2e/%2e%2e/etc/passwd", {}, admin), 404, "not_found");
    CheckError(server.Call("PUT", "/api/v1/users", "{}", admin), 405, "method_not_allowed");
    CHECK(server.log().Head() == head);
}

TEST_CASE("a log that cannot write gets 503 and nothing is acknowledged") {
    TempDir dir;
    auto real = std::move(xfl::eventstore::OpenEmbeddedLog(dir.path() / "log")).value();
    FailingLog log(*real);
    auto store =
        std::move(xfl::projections::ProjectionStore::Open(dir.path() / "projections")).value();
    xfl::projections::ProjectionRunner runner(log, *store, xfl::api::ApiProjections());
    xfl::api::ApiConfig config;
    config.pbkdf2_iterations = 1000;
    xfl::api::Api api(log, *store, runner, config);
    REQUIRE(xfl::api::SeedRegions(api.services()).ok());
    REQUIRE(xfl::api::AddAccount(log, "admin", "admin", kCity, kAdminPassword, 1000).ok());
    REQUIRE(runner.CatchUp().ok());
    runner.Start();
    auto call = [&](std::string method, std::string path, std::string body, std::string token) {
        xfl::api::HttpRequest request{std::move(method),
                                      std::move(path),
                                      "",
                                      {{"content-type", "application/json"}},
                                      std::move(body),
                                      {},
                                      "127.0.0.1",
                                      {}};
        if (!token.empty()) request.headers["authorization"] = "Bearer " + token;
        return api.router().Dispatch(request);
    };
    auto login =
        call("POST", "/api/v1/sessions",
             "{\"username\":\"admin\",\"password\":\"" + std::string(kAdminPassword) + "\"}", {});
    REQUIRE(login.status == 201);
    const std::string token = login.body.substr(login.body.find("\"token\":\"") + 9, 64);
    const auto head = log.Head();
    log.FailAppends(true);
    auto refused =
        call("POST", "/api/v1/regions", "{\"code\":\"530502001997\",\"name\":\"新村\"}", token);
    CHECK(refused.status == 503);
    CHECK_THAT(refused.body, Catch::Contains("\"code\":\"unavailable\""));
    CHECK(log.Head() == head);
    log.FailAppends(false);
    CHECK(call("POST", "/api/v1/regions", "{\"code\":\"530502001997\",\"name\":\"新村\"}", token)
              .status == 201);
}
