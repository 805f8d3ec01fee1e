// End to end over HTTP: sessions, regions, accounts and the API conventions.
#include <atomic>
#include <catch2/catch.hpp>
#include <set>
#include <thread>

#include "support/api_server.hpp"
#include "support/json_field.hpp"

using namespace xfl::testing;

TEST_CASE("sign in, who am I, sign out") {
    ApiServer server;
    auto me = server.Call("GET", "/api/v1/sessions/current", {}, server.admin_token());
    CHECK(me.status == 200);
    CHECK(Field(me.body, "username") == "admin");
    CHECK(server.Call("DELETE", "/api/v1/sessions/current", {}, server.admin_token()).status ==
          204);
    auto after = server.Call("GET", "/api/v1/sessions/current", {}, server.admin_token());
    CHECK(after.status == 401);
    CHECK(after.headers["www-authenticate"] == "Bearer");
}

TEST_CASE("the Baoshan region tree is loaded with its real names and children") {
    ApiServer server;
    auto city = server.Call("GET", "/api/v1/regions/530500000000", {}, server.admin_token());
    REQUIRE(city.status == 200);
    CHECK(Field(city.body, "name") == "保山市");
    CHECK_THAT(city.body, Catch::Contains("\"code\":\"530581000000\",\"name\":\"腾冲市\""));
    CHECK(city.headers["etag"] == "\"1\"");
    auto county = server.Call("GET", "/api/v1/regions/530502", {}, server.admin_token());
    REQUIRE(county.status == 200);
    CHECK(Field(county.body, "name") == "隆阳区");
    CHECK(Field(county.body, "level") == "county");
    auto page =
        server.Call("GET", "/api/v1/regions?parent=530502001000&limit=2", {}, server.admin_token());
    REQUIRE(page.status == 200);
    const std::string cursor = Field(page.body, "next_cursor");
    REQUIRE_FALSE(cursor.empty());
    auto next = server.Call("GET", "/api/v1/regions?parent=530502001000&limit=2&cursor=" + cursor,
                            {}, server.admin_token());
    REQUIRE(next.status == 200);
    CHECK(Field(page.body, "code") != Field(next.body, "code"));
}

TEST_CASE("renaming a region: ETag, If-Match conflict, history and as_of") {
    ApiServer server;
    const std::string token = server.admin_token();
    const std::string path = std::string("/api/v1/regions/") + kWangguan;
    auto before = server.Call("GET", path, {}, token);
    REQUIRE(before.status == 200);
    const std::string old_name = Field(before.body, "name");
    auto renamed = server.Call("PATCH", path, "{\"name\":\"王官社区（新）\"}", token,
                               {{"If-Match", before.headers["etag"]}});
    REQUIRE(renamed.status == 200);
    CHECK(renamed.headers["etag"] == "\"2\"");
    CHECK(Field(server.Call("GET", path, {}, token).body, "name") == "王官社区（新）");

    auto stale =
        server.Call("PATCH", path, "{\"name\":\"别的名字\"}", token, {{"If-Match", "\"1\""}});
    CHECK(stale.status == 409);
    CHECK(Field(stale.body, "current_version") == "2");

    auto history = server.Call("GET", path + "/history", {}, token);
    REQUIRE(history.status == 200);
    CHECK_THAT(history.body, Catch::Contains("\"type\":\"region.created\""));
    CHECK_THAT(history.body, Catch::Contains("\"type\":\"region.renamed\""));
    CHECK_THAT(history.body, Catch::Contains("\"user\":\"admin\""));
    const std::string created_at = Field(history.body, "recorded_at");

    auto then = server.Call("GET", path + "?as_of=" + created_at, {}, token);
    REQUIRE(then.status == 200);
    CHECK(Field(then.body, "name") == old_name);
    CHECK(then.headers["etag"] == "\"1\"");
    auto never = server.Call("GET", path + "?as_of=2000-01-01", {}, token);
    CHECK(never.status == 404);
    CHECK(Field(never.body, "field") == "as_of");  // it exists now, not then
    auto nowhere = server.Call("GET", "/api/v1/regions/530502001999?as_of=2000-01-01", {}, token);
    CHECK(nowhere.status == 404);
    CHECK(Field(nowhere.body, "field").empty());  // no region at all: not a date's problem
    CHECK(server.Call("GET", path + "?as_of=yesterday", {}, token).status == 400);
}

TEST_CASE("an Idempotency-Key retry returns the first response and appends nothing") {
    ApiServer server;
    const std::string body = "{\"code\":\"530502001999\",\"name\":\"新社区\"}";
    auto first = server.Call("POST", "/api/v1/regions", body, server.admin_token(),
                             {{"Idempotency-Key", "k-1"}});
    REQUIRE(first.status == 201);
    const auto head = server.log().Head();
    auto retry = server.Call("POST", "/api/v1/regions", body, server.admin_token(),
                             {{"Idempotency-Key", "k-1"}});
    CHECK(retry.status == 201);
    CHECK(retry.body == first.body);
    CHECK(retry.headers["idempotent-replayed"] == "true");
    CHECK(server.log().Head() == head);
    auto without_key = server.Call("POST", "/api/v1/regions", body, server.admin_token());
    CHECK(without_key.status == 409);  // it exists now
}

TEST_CASE("accounts: create, grant, revoke, change password, disable") {
    ApiServer server;
    const std::string admin = server.admin_token();
    const std::string worker = server.UserWithRole("li.wei", "caseworker", kLancheng);
    auto account = server.Call("GET", "/api/v1/users/li.wei", {}, admin);
    REQUIRE(account.status == 200);
    CHECK_THAT(account.body,
               Catch::Contains("\"role\":\"caseworker\",\"region\":\"530502001000\""));
    auto before = server.Call("GET", "/api/v1/users/li.wei?as_of=2000-01-01", {}, admin);
    CHECK(before.status == 404);
    CHECK(Field(before.body, "field") == "as_of");

    auto granted = server.Call("POST", "/api/v1/users/li.wei/roles",
                               "{\"role\":\"inspector\",\"region\":\"530502000000\"}", admin,
                               {{"If-Match", account.headers["etag"]}});
    REQUIRE(granted.status == 200);
    CHECK(server.Call("GET", "/api/v1/users?region=530502000000", {}, worker).status == 200);
    auto revoked =
        server.Call("DELETE", "/api/v1/users/li.wei/roles/inspector/530502000000", {}, admin);
    CHECK(revoked.status == 200);
    CHECK(server.Call("GET", "/api/v1/users?region=530502000000", {}, worker).status == 403);

    // The admin chose li.wei's password: li.wei is asked to choose their own, not the same one.
    CHECK_THAT(server.Call("GET", "/api/v1/sessions/current", {}, worker).body,
               Catch::Contains("\"must_change_password\":true"));
    auto same = server.Call(
        "POST", "/api/v1/users/li.wei/password",
        "{\"password\":\"li.wei-password\",\"current_password\":\"li.wei-password\"}", worker);
    CHECK(same.status == 422);
    CHECK(Field(same.body, "field") == "password");
    auto wrong = server.Call(
        "POST", "/api/v1/users/li.wei/password",
        "{\"password\":\"a-new-password\",\"current_password\":\"nope-nope-nope\"}", worker);
    CHECK(wrong.status == 422);
    CHECK(Field(wrong.body, "field") == "current_password");
    auto changed = server.Call(
        "POST", "/api/v1/users/li.wei/password",
        "{\"password\":\"a-new-password\",\"current_password\":\"li.wei-password\"}", worker);
    CHECK(changed.status == 200);
    server.Login("li.wei", "a-new-password");
    CHECK_THAT(server.Call("GET", "/api/v1/sessions/current", {}, worker).body,
               Catch::Contains("\"must_change_password\":false"));

    auto history = server.Call("GET", "/api/v1/users/li.wei/history", {}, admin);
    REQUIRE(history.status == 200);
    CHECK_THAT(history.body, Catch::Contains("[redacted]"));
    CHECK_THAT(history.body, !Catch::Contains("pbkdf2"));

    CHECK(
        server.Call("POST", "/api/v1/users/li.wei/disable", "{\"reason\":\"left the job\"}", admin)
            .status == 200);
    CHECK(server.Call("GET", "/api/v1/sessions/current", {}, worker).status == 401);
    auto relogin = server.Call("POST", "/api/v1/sessions",
                               "{\"username\":\"li.wei\",\"password\":\"a-new-password\"}");
    CHECK(relogin.status == 401);
}

TEST_CASE("many concurrent clients: nothing lost, nothing duplicated") {
    ApiServerOptions options;
    options.threads = 48;
    ApiServer server(options);
    constexpr int kClients = 16;
    constexpr int kEach = 6;
    std::atomic<int> created{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
        clients.emplace_back([&, c] {
            for (int i = 0; i < kEach; ++i) {
                const std::string code = "530502001" + std::to_string(700 + c * kEach + i);
                const std::string body =
                    "{\"code\":\"" + code + "\",\"name\":\"社区" + code + "\"}";
                // Each request is sent twice with the same key, as a client retrying would.
                for (int attempt = 0; attempt < 2; ++attempt) {
                    auto r = server.Call("POST", "/api/v1/regions", body, server.admin_token(),
                                         {{"Idempotency-Key", code}});
                    if (r.status == 201 && attempt == 0) ++created;
                }
            }
        });
    }
    for (auto& t : clients) t.join();
    CHECK(created == kClients * kEach);
    auto township = server.Call("GET", "/api/v1/regions/530502001000", {}, server.admin_token());
    std::set<std::string> seen;
    for (std::size_t at = 0;
         (at = township.body.find("\"code\":\"5305020017", at)) != std::string::npos; ++at) {
        seen.insert(township.body.substr(at + 8, 12));
    }
    CHECK(seen.size() == kClients * kEach);
}

TEST_CASE("health, readiness, metrics and the OpenAPI document") {
    ApiServer server;
    CHECK(server.Call("GET", "/healthz").body == "{\"status\":\"ok\"}");
    CHECK(server.Call("GET", "/readyz").status == 200);
    server.Call("GET", "/api/v1/regions/530500000000", {}, server.admin_token());
    auto metrics = server.Call("GET", "/metrics");
    CHECK(metrics.status == 200);
    CHECK_THAT(metrics.body, Catch::Contains("xfl_http_requests_total{method=\"GET\",route=\"/api/"
                                             "v1/regions/{code}\",status=\"200\"} 1"));
    CHECK_THAT(metrics.body, Catch::Contains("xfl_http_request_seconds_bucket"));
    CHECK_THAT(metrics.body, Catch::Contains("xfl_appends_total{outcome=\"ok\"}"));
    CHECK_THAT(metrics.body,
               Catch::Contains("xfl_projection_lag_events{projection=\"region_tree\"}"));
    auto openapi = server.Call("GET", "/api/v1/openapi.json");
    CHECK(openapi.status == 200);
    CHECK_THAT(openapi.body, Catch::Contains("\"openapi\": \"3.0.3\""));
}
