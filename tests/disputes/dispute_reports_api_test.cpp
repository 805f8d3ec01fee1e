// Dispute figures over HTTP: the statistics of a region for a period (JSON and CSV), one
// employer's cases, and the employers with repeated unpaid-wage disputes.
#include <catch2/catch.hpp>

#include "support/api_server.hpp"
#include "support/json_field.hpp"

using namespace xfl::testing;

namespace {

constexpr char kCoffee[] = "93530502MA6K5XWJ18";

std::string Filing(const std::string& filed_on, const std::string& respondent,
                   const std::string& claim_kind, long amount_fen) {
    return R"({"region":"530502001002","filed_on":")" + filed_on +
           R"(","first_stage":"mediation","claimant_name":"周建华",)"
           R"("resident_id":"530502198001010017","respondent_id":")" +
           respondent +
           R"(","respondent_name":"隆阳区咖啡专业合作社","facts":"工资未付",)"
           R"("known_on":"2025-11-05","still_employed":false,"claims":[{"kind":")" +
           claim_kind + R"(","amount_fen":)" + std::to_string(amount_fen) +
           (claim_kind == "unpaid_wages"
                ? R"(,"period_from":"2025-12-01","period_to":"2025-12-31"}]})"
                : R"(}]})");
}

std::string FileCase(ApiServer& server, const std::string& token, const std::string& body) {
    auto filed = server.Call("POST", "/api/v1/disputes", body, token);
    INFO(filed.body);
    REQUIRE(filed.status == 201);
    return Field(filed.body, "id");
}

void Step(ApiServer& server, const std::string& token, const std::string& id,
          const std::string& step, const std::string& body) {
    auto reply = server.Call("POST", "/api/v1/disputes/" + id + "/" + step, body, token);
    INFO(step << " → " << reply.body);
    REQUIRE(reply.status == 200);
}

}  // namespace

TEST_CASE("dispute statistics count a period's filings, conclusions and amounts") {
    ApiServer server;
    const std::string mediator = server.UserWithRole("cw.stats", "caseworker", kLancheng);
    const std::string inspector = server.UserWithRole("insp.stats", "inspector", "530500000000");
    const std::string officer = server.UserWithRole("arb.stats", "arbitrator", "530502000000");
    auto employer = server.Call(
        "POST", "/api/v1/employers",
        R"({"credit_code":"93530502MA6K5XWJ18","name":"隆阳区咖啡专业合作社","kind":"cooperative",)"
        R"("industry":"A01","region":"530502001002","address":"兰城街道","contact_name":"李四",)"
        R"("contact_phone":"13800000000"})",
        server.admin_token());
    REQUIRE(employer.status == 201);
    // Settled in 4 days, within the 15 days of mediation; paid in two parts.
    const std::string quick =
        FileCase(server, mediator, Filing("2026-03-02", kCoffee, "unpaid_wages", 500000));
    Step(
        server, mediator, quick, "mediation-settlement",
        R"({"date":"2026-03-06","mediator":"李芳","agreement":[{"amount_fen":400000,"due_on":"2026-03-31"}]})");
    Step(server, mediator, quick, "payments", R"({"date":"2026-03-20","amount_fen":150000})");
    // Withdrawn after 20 days: mediation ran past its 15 days.
    const std::string slow =
        FileCase(server, mediator, Filing("2026-04-01", kCoffee, "overtime_pay", 80000));
    Step(server, officer, slow, "withdrawal", R"({"date":"2026-04-21","reason":"双方和解"})");
    // Still in mediation; and one outside the period.
    FileCase(server, mediator, Filing("2026-05-11", "91530500MA6N8C1232", "unpaid_wages", 300000));
    FileCase(server, mediator, Filing("2025-12-20", kCoffee, "unpaid_wages", 100000));

    const std::string report =
        server
            .Call("GET",
                  "/api/v1/reports/disputes?region=530502000000&from=2026-01-01&to=2026-06-30", {},
                  inspector)
            .body;
    INFO(report);
    CHECK_THAT(
        report,
        Catch::Contains(
            R"("cases":{"concluded":2,"concluded_within_limits":1,"filed":3,"within_limits_percent":50})"));
    CHECK_THAT(report, Catch::Contains(
                           R"("concluded_by_outcome":{"settled_in_mediation":1,"withdrawn":1})"));
    // Days to conclude: 4 and 20; the lower median is 4.
    CHECK_THAT(report, Catch::Contains(R"("days_to_conclude":{"median":4})"));
    CHECK_THAT(
        report,
        Catch::Contains(
            R"("amounts_fen":{"agreed_in_mediation":400000,"claimed":880000,"recovered":150000})"));
    CHECK_THAT(report, Catch::Contains(R"("filed_by_industry":{"A":2,"unregistered":1})"));
    CHECK_THAT(report, Catch::Contains(R"("claims_by_kind":{"overtime_pay":1,"unpaid_wages":2})"));

    auto csv = server.Call(
        "GET",
        "/api/v1/reports/disputes?region=530502000000&from=2026-01-01&to=2026-06-30&format=csv", {},
        inspector);
    CHECK(csv.status == 200);
    CHECK_THAT(csv.body,
               Catch::StartsWith("\xEF\xBB\xBF区划代码,起始日期,截止日期,统计维度,分类,数量\r\n"));
    CHECK_THAT(csv.body, Catch::Contains("530502000000,2026-01-01,2026-06-30,cases,filed,3\r\n"));

    // As recorded before any case was filed: nothing.
    auto before =
        server.Call("GET",
                    "/api/v1/reports/"
                    "disputes?region=530502000000&from=2026-01-01&to=2026-06-30&as_of=2026-01-01",
                    {}, inspector);
    CHECK_THAT(before.body,
               Catch::Contains(R"("cases":{"concluded":0,"concluded_within_limits":0,"filed":0})"));

    // valid_on is the end of a period counted by business dates: the same as `to`.
    const auto figures = [](const std::string& body) {
        return body.substr(body.find("\"amounts_fen\""));
    };
    CHECK(figures(server
                      .Call("GET",
                            "/api/v1/reports/"
                            "disputes?region=530502000000&from=2026-01-01&valid_on=2026-06-30",
                            {}, inspector)
                      .body) == figures(report));
    auto both = server.Call("GET",
                            "/api/v1/reports/disputes?region=530502000000&from=2026-01-01&to=2026-"
                            "06-30&valid_on=2026-05-31",
                            {}, inspector);
    CHECK(both.status == 400);
    CHECK(Field(both.body, "field") == "valid_on");
    // Until 10 May by business dates: the case filed on 11 May is not counted.
    CHECK_THAT(server
                   .Call("GET",
                         "/api/v1/reports/"
                         "disputes?region=530502000000&from=2026-01-01&valid_on=2026-05-10",
                         {}, inspector)
                   .body,
               Catch::Contains(R"("filed":2)"));

    auto bad = server.Call(
        "GET", "/api/v1/reports/disputes?region=530502000000&from=2026-07-01&to=2026-06-30", {},
        inspector);
    CHECK(bad.status == 400);
    CHECK(Field(bad.body, "field") == "from");
    const std::string tengchong = server.UserWithRole("arb.tc", "arbitrator", kTengchong);
    CHECK(
        server.Call("GET", "/api/v1/reports/disputes?region=530502000000", {}, tengchong).status ==
        403);
}

TEST_CASE("an employer's disputes, and employers with repeated unpaid-wage disputes") {
    ApiServer server;
    const std::string mediator = server.UserWithRole("cw.arrears", "caseworker", kLancheng);
    const std::string inspector = server.UserWithRole("insp.arrears", "inspector", "530500000000");
    const std::string officer = server.UserWithRole("arb.arrears", "arbitrator", "530502000000");
    const std::string first =
        FileCase(server, mediator, Filing("2026-02-02", kCoffee, "unpaid_wages", 200000));
    Step(server, officer, first, "withdrawal", R"({"date":"2026-02-10","reason":"已支付"})");
    FileCase(server, mediator, Filing("2026-06-15", kCoffee, "unpaid_wages", 300000));
    FileCase(server, mediator, Filing("2026-07-01", kCoffee, "overtime_pay", 50000));
    FileCase(server, mediator, Filing("2026-07-02", "91530500MA6N8C1232", "unpaid_wages", 70000));

    // The employer's cases: closed ones too.
    const std::string mine =
        server
            .Call("GET",
                  std::string("/api/v1/disputes?region=530502000000&respondent_id=") + kCoffee, {},
                  inspector)
            .body;
    CHECK_THAT(mine, Catch::Contains(first));
    CHECK_THAT(mine, !Catch::Contains("91530500MA6N8C1232"));
    const std::string open =
        server.Call("GET", "/api/v1/disputes?region=530502000000", {}, inspector).body;
    CHECK_THAT(open, !Catch::Contains(first));

    const std::string arrears =
        server
            .Call("GET", "/api/v1/reports/repeated-wage-arrears?region=530502000000&to=2026-11-01",
                  {}, inspector)
            .body;
    INFO(arrears);
    CHECK_THAT(arrears, Catch::Contains(R"("from":"2025-11-01","to":"2026-11-01")"));
    CHECK_THAT(
        arrears,
        Catch::Contains(
            std::string(R"("respondent_id":")") + kCoffee +
            R"(","respondent_name":"隆阳区咖啡专业合作社","disputes":2,"unpaid_wages_fen":500000)"));
    CHECK_THAT(arrears, !Catch::Contains("91530500MA6N8C1232"));
    // Four months back from 1 July 2026 reaches only the June case.
    const std::string recent =
        server
            .Call("GET",
                  "/api/v1/reports/"
                  "repeated-wage-arrears?region=530502000000&months=4&to=2026-07-01",
                  {}, inspector)
            .body;
    CHECK_THAT(recent, Catch::Contains(R"("employers":[])"));
    auto bad = server.Call("GET", "/api/v1/reports/repeated-wage-arrears?region=530502000000&min=1",
                           {}, inspector);
    CHECK(bad.status == 400);
    CHECK(Field(bad.body, "field") == "min");
}

TEST_CASE(
    "an officer registers a dispute's respondent on the way, and reads it, but not the register") {
    ApiServer server;
    const std::string officer = server.UserWithRole("arb.register", "arbitrator", "530502000000");
    FileCase(server, officer, Filing("2026-06-15", "91530500MA6N8C1232", "unpaid_wages", 70000));
    // Not registered: to an officer of one county, the same answer as an employer elsewhere.
    CHECK(server.Call("GET", "/api/v1/employers/91530500MA6N8C1232", {}, officer).status == 403);
    auto registered = server.Call(
        "POST", "/api/v1/employers",
        R"({"credit_code":"91530500MA6N8C1232","name":"保山某建筑公司","kind":"company",)"
        R"("industry":"E","region":"530502001002","address":"兰城街道","contact_name":"王五",)"
        R"("contact_phone":"13800000001"})",
        officer);
    INFO(registered.body);
    REQUIRE(registered.status == 201);
    CHECK(Field(server.Call("GET", "/api/v1/employers/91530500MA6N8C1232", {}, officer).body,
                "industry") == "E");
    CHECK(server.Call("GET", "/api/v1/employers?region=530502000000", {}, officer).status == 403);
    const std::string report =
        server
            .Call("GET",
                  "/api/v1/reports/disputes?region=530502000000&from=2026-01-01&to=2026-06-30", {},
                  officer)
            .body;
    CHECK_THAT(report, Catch::Contains(R"("filed_by_industry":{"E":1})"));
}
