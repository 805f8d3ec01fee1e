// Bad input that once got in, sessions that outlived a password change, and lock-outs that a
// stranger could cause: each refused now, with nothing written.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "support/api_server.hpp"
#include "support/json_field.hpp"
#include "support/resident_ids.hpp"

using namespace xfl::testing;

namespace {

void CheckRefused(ApiServer& server, const HttpReply& reply, int status, const std::string& field,
                  std::uint64_t head_before) {
    INFO(reply.body);
    CHECK(reply.status == status);
    CHECK(Field(reply.body, "field") == field);
    CHECK(server.log().Head().value == head_before);
}

std::string NewHousehold(ApiServer& server, const std::string& token) {
    auto created =
        server.Call("POST", "/api/v1/households",
                    std::string("{\"region\":\"") + kWangguan + "\",\"address\":\"x\"}", token);
    REQUIRE(created.status == 201);
    return Field(created.body, "id");
}

std::string Member(const std::string& name, const std::string& skills = "[]") {
    return "{\"name\":\"" + name + "\",\"resident_id\":\"" +
           ValidResidentId("19850101", true, "31") +
           "\",\"sex\":\"male\",\"birth_date\":\"1985-01-01\",\"skills\":" + skills +
           ",\"labour_capacity\":true,\"wants_work\":true}";
}

}  // namespace

TEST_CASE("malformed fields are refused naming the field, and nothing is written") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.lancheng", "caseworker", kLancheng);
    const std::string id = NewHousehold(server, cw);
    const std::string path = "/api/v1/households/" + id;
    auto member = server.Call("POST", path + "/members", Member("张三"), cw);
    REQUIRE(member.status == 201);
    const std::string person = Field(member.body, "person_id");
    const auto head = server.log().Head().value;

    CheckRefused(server,
                 server.Call("POST", "/api/v1/households",
                             std::string("{\"region\":\"") + kWangguan +
                                 "\",\"address\":\"a\",\"address\":\"b\"}",
                             cw),
                 400, "address", head);
    for (const std::string control : {"\\u0000", "\\u001b", "\\u0007", "\\u001e", "\\u001f"}) {
        CheckRefused(server,
                     server.Call("POST", path + "/members", Member("李" + control + "四"), cw), 400,
                     "name", head);
        CheckRefused(server,
                     server.Call("POST", "/api/v1/households",
                                 std::string("{\"region\":\"") + kWangguan + "\",\"address\":\"x" +
                                     control + "\"}",
                                 cw),
                     400, "address", head);
        CheckRefused(
            server,
            server.Call("POST", path + "/members", Member("李四", "[\"电工" + control + "\"]"), cw),
            400, "skills[0]", head);
    }
    CheckRefused(server,
                 server.Call("POST", path + "/visits",
                             "{\"date\":\"2026-11-02\",\"members\":[{\"person_id\":\"" + person +
                                 "\",\"status\":\"employed_local\",\"monthly_income_fen\":"
                                 "9223372036854775807}]}",
                             cw),
                 400, "members[0].monthly_income_fen", head);
    CheckRefused(server,
                 server.Call("POST", path + "/members/" + person + "/leave",
                             "{\"reason\":\"moved_out\",\"date\":\"1900-01-01\"}", cw),
                 422, "date", head);
    CheckRefused(server, server.Call("GET", path + "?as_of=2999-01-01", {}, cw), 400, "as_of",
                 head);
    CheckRefused(server, server.Call("GET", path + "%00x", {}, cw), 400, "path", head);
    CheckRefused(server, server.Call("GET", "/api/v1/people?q=%zz", {}, cw), 400, "query", head);
}

TEST_CASE("an Idempotency-Key reused for another request is refused, not replayed") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.lancheng", "caseworker", kLancheng);
    const std::string body = std::string("{\"region\":\"") + kWangguan + "\",\"address\":\"1号\"}";
    auto first = server.Call("POST", "/api/v1/households", body, cw, {{"Idempotency-Key", "k1"}});
    REQUIRE(first.status == 201);
    auto again = server.Call("POST", "/api/v1/households", body, cw, {{"Idempotency-Key", "k1"}});
    CHECK(again.status == 201);
    CHECK(again.headers["idempotent-replayed"] == "true");
    CHECK(Field(again.body, "id") == Field(first.body, "id"));
    const auto head = server.log().Head().value;
    const std::string other = std::string("{\"region\":\"") + kWangguan + "\",\"address\":\"2号\"}";
    auto reused = server.Call("POST", "/api/v1/households", other, cw, {{"Idempotency-Key", "k1"}});
    CheckRefused(server, reused, 422, "Idempotency-Key", head);
}

TEST_CASE("errors from CivetWeb itself and any-case Bearer") {
    ApiServer server;
    auto overlong = server.Call("GET", "/api/v1/" + std::string(20000, 'a'));
    CHECK(overlong.status == 400);
    CHECK_THAT(overlong.body, Catch::StartsWith("{\"error\":{\"code\":\"invalid_argument\""));
    for (const std::string scheme : {"BEARER ", "bearer ", "Bearer  "}) {
        CHECK(server
                  .Call("GET", "/api/v1/sessions/current", {}, {},
                        {{"Authorization", scheme + server.admin_token()}})
                  .status == 200);
    }
}

TEST_CASE("a password change ends the account's other sessions") {
    ApiServer server;
    server.UserWithRole("cw.lancheng", "caseworker", kLancheng);
    const std::string phone = server.Login("cw.lancheng", "cw.lancheng-password");
    const std::string laptop = server.Login("cw.lancheng", "cw.lancheng-password");
    auto changed = server.Call("POST", "/api/v1/users/cw.lancheng/password",
                               "{\"password\":\"a-new-password-1\",\"current_password\":"
                               "\"cw.lancheng-password\"}",
                               laptop);
    REQUIRE(changed.status == 200);
    CHECK(server.Call("GET", "/api/v1/sessions/current", {}, laptop).status == 200);
    auto ended = server.Call("GET", "/api/v1/sessions/current", {}, phone);
    CHECK(ended.status == 401);
    CHECK_THAT(ended.body, Catch::Contains("password was changed"));

    auto reset = server.Call("POST", "/api/v1/users/cw.lancheng/password",
                             "{\"password\":\"an-admin-reset-2\"}", server.admin_token());
    REQUIRE(reset.status == 200);
    CHECK(server.Call("GET", "/api/v1/sessions/current", {}, laptop).status == 401);
    const std::string fresh = server.Login("cw.lancheng", "an-admin-reset-2");
    CHECK(server.Call("GET", "/api/v1/sessions/current", {}, fresh).status == 200);
    REQUIRE(server.Restart().ok());  // the read models continued from disk say the same
    CHECK(server.Call("GET", "/api/v1/sessions/current", {}, laptop).status == 401);
    CHECK(server.Call("GET", "/api/v1/sessions/current", {}, fresh).status == 200);
}

TEST_CASE("guessing is slowed per account and per address, but the owner is not locked out") {
    ApiServer server;
    auto sign_in = [&](const std::string& user, const std::string& password,
                       const std::string& from) {
        return HttpCall(server.port(), "POST", "/api/v1/sessions",
                        "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}",
                        {{"Content-Type", "application/json"}}, from);
    };
    for (int i = 0; i < 5; ++i)
        CHECK(sign_in("admin", "wrong-password", "127.0.0.2").status == 401);
    CHECK(sign_in("admin", "wrong-password", "127.0.0.2").status == 429);
    CHECK(sign_in("admin", kAdminPassword, "127.0.0.2").status == 429);
    // The owner, from an address that made no mistakes, still signs in.
    CHECK(sign_in("admin", kAdminPassword, "127.0.0.3").status == 201);

    // Guesses spread over many usernames from one address are slowed too.
    int limited = 0;
    for (int i = 0; i < 25; ++i) {
        limited += sign_in("user" + std::to_string(i), "wrong-password", "127.0.0.4").status == 429;
    }
    CHECK(limited >= 4);
    CHECK(sign_in("admin", kAdminPassword, "127.0.0.4").status == 429);

    // Wrong current passwords on a password change.
    const std::string token = server.admin_token();
    int refused = 0;
    for (int i = 0; i < 7; ++i) {
        refused +=
            server
                .Call("POST", "/api/v1/users/admin/password",
                      "{\"password\":\"another-long-one\",\"current_password\":\"nope\"}", token)
                .status == 429;
    }
    CHECK(refused >= 2);
}

TEST_CASE("a survey ledger with invalid UTF-8 or control characters is refused by line") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.lancheng", "caseworker", kLancheng);
    const auto head = server.log().Head().value;
    const std::string header =
        "household,region,address,name,resident_id,sex,birth_date,labour_capacity,wants_work\n";
    const std::string row = std::string("1,") + kWangguan + ",王官社区1号,";
    const std::string rest =
        "," + ValidResidentId("19800101", true, "41") + ",male,1980-01-01,yes,yes\n";
    for (const std::string bad : {"\xff\xfe", "\xe5\xbc",
                                  "A\x1b"
                                  "B"}) {
        auto reply = server.Call("POST", "/api/v1/imports/households", header + row + bad + rest,
                                 cw, {{"Content-Type", "text/csv"}});
        INFO(reply.body);
        CHECK(reply.status == 422);
        CHECK_THAT(reply.body, Catch::Contains("\"line\":2,\"field\":\"name\""));
        CHECK(server.log().Head().value == head);
        auto history = server.Call("GET", "/api/v1/regions/530502001002/history", {}, cw);
        CHECK(history.status == 200);
    }
}

TEST_CASE("behind a trusted reverse proxy the client it names is throttled, not the proxy") {
    ApiServerOptions options;
    options.trusted_proxies = {"127.0.0.5"};
    ApiServer server(options);
    auto sign_in = [&](const std::string& password, const std::string& from,
                       const std::string& client) {
        return HttpCall(server.port(), "POST", "/api/v1/sessions",
                        "{\"username\":\"admin\",\"password\":\"" + password + "\"}",
                        {{"Content-Type", "application/json"}, {"X-Real-IP", client}}, from);
    };
    for (int i = 0; i < 6; ++i) sign_in("wrong-password", "127.0.0.5", "192.0.2.1");
    CHECK(sign_in(kAdminPassword, "127.0.0.5", "192.0.2.1").status == 429);
    // Another client behind the same proxy signs in.
    CHECK(sign_in(kAdminPassword, "127.0.0.5", "192.0.2.2").status == 201);
    // A peer that is no trusted proxy cannot choose the address it is counted under.
    for (int i = 0; i < 6; ++i) sign_in("wrong-password", "127.0.0.6", "192.0.2.3");
    CHECK(sign_in(kAdminPassword, "127.0.0.6", "192.0.2.9").status == 429);
}
