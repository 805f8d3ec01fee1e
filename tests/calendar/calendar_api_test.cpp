// The official calendar over HTTP: the built-in years recorded at first start, an admin
// recording the next year's list, and the deadlines that needed it becoming computable.
#include <catch2/catch.hpp>

#include "support/api_server.hpp"
#include "support/json_field.hpp"

using namespace xfl::testing;

TEST_CASE("admins record a year's holiday list; deadlines into that year then count on it") {
    ApiServer server;
    const std::string officer = server.UserWithRole("arb.cal", "arbitrator", "530502000000");
    const std::string years = server.Call("GET", "/api/v1/calendar/years", {}, officer).body;
    for (const char* year : {"2023", "2024", "2025", "2026"}) {
        CHECK_THAT(years, Catch::Contains(std::string("\"year\":") + year));
    }
    CHECK_THAT(years, Catch::Contains("www.gov.cn"));
    CHECK_THAT(years, !Catch::Contains("\"year\":2027"));

    auto filed = server.Call(
        "POST", "/api/v1/disputes",
        R"({"region":"530502001002","filed_on":"2026-11-20","first_stage":"arbitration",)"
        R"("claimant_name":"周建华","resident_id":"530502198001010017",)"
        R"("respondent_id":"93530502MA6K5XWJ18","respondent_name":"隆阳区咖啡专业合作社",)"
        R"("facts":"工资未付","known_on":"2026-10-10","still_employed":false,)"
        R"("claims":[{"kind":"overtime_pay","amount_fen":50000}]})",
        officer);
    REQUIRE(filed.status == 201);
    const std::string id = Field(filed.body, "id");
    REQUIRE(server
                .Call("POST", "/api/v1/disputes/" + id + "/acceptance",
                      R"({"date":"2026-11-24","officer":"王仲裁员"})", officer)
                .status == 200);
    // 45 days from 24 November 2026 end on 8 January 2027: not known before 2027's list.
    std::string view = server.Call("GET", "/api/v1/disputes/" + id, {}, officer).body;
    CHECK_THAT(view, Catch::Contains("2027") && !Catch::Contains(R"("due":"2027-01-08")"));

    const std::string list =
        R"({"year":2027,"off_days":["2027-01-01","2027-01-02","2027-01-03"],)"
        R"("working_days":[],"source":"国务院办公厅关于2027年部分节假日安排的通知"})";
    CHECK(server.Call("POST", "/api/v1/calendar/years", list, officer).status == 403);
    auto weekday = server.Call("POST", "/api/v1/calendar/years",
                               R"({"year":2027,"off_days":[],"working_days":["2027-01-04"],)"
                               R"("source":"通知"})",
                               server.admin_token());
    CHECK(weekday.status == 400);
    CHECK(Field(weekday.body, "field") == "working_days");
    REQUIRE(server.Call("POST", "/api/v1/calendar/years", list, server.admin_token()).status ==
            201);
    CHECK(server.Call("POST", "/api/v1/calendar/years", list, server.admin_token()).status == 409);
    CHECK_THAT(server.Call("GET", "/api/v1/calendar/years", {}, officer).body,
               Catch::Contains("\"year\":2027"));
    view = server.Call("GET", "/api/v1/disputes/" + id, {}, officer).body;
    CHECK_THAT(view, Catch::Contains(R"("due":"2027-01-08")"));
}
