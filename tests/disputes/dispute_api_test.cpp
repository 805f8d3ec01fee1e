// Wage disputes over HTTP: a case settled in mediation and paid, an arbitrated case through to
// the award and a partial recovery with its clocks, and who may do what (a mediator stops at
// mediation, an inspector only reads, another county sees nothing).
#include <catch2/catch.hpp>

#include "support/api_server.hpp"
#include "support/json_field.hpp"

using namespace xfl::testing;

namespace {

const std::string kFiling =
    R"({"region":"530502001002","filed_on":"2026-09-01","first_stage":"mediation",)"
    R"("claimant_name":"周建华","resident_id":"530502198001010017",)"
    R"("respondent_id":"93530502MA6K5XWJ18","respondent_name":"隆阳区咖啡专业合作社",)"
    R"("facts":"5月至7月工资未付","known_on":"2026-08-10","still_employed":false,)"
    R"("claims":[{"kind":"unpaid_wages","amount_fen":900000,"period_from":"2026-05-01",)"
    R"("period_to":"2026-07-31"},{"kind":"double_wages_no_contract","amount_fen":300000}]})";

struct Case {
    ApiServer& server;
    std::string token, id;
    HttpReply Step(const std::string& step, const std::string& body) {
        return server.Call("POST", "/api/v1/disputes/" + id + "/" + step, body, token);
    }
    void Must(const std::string& step, const std::string& body) {
        auto reply = Step(step, body);
        INFO(step << " → " << reply.body);
        REQUIRE(reply.status == 200);
    }
    std::string View(const std::string& query = "") {
        return server.Call("GET", "/api/v1/disputes/" + id + query, {}, token).body;
    }
};

Case File(ApiServer& server, const std::string& token) {
    auto filed = server.Call("POST", "/api/v1/disputes", kFiling, token);
    INFO(filed.body);
    REQUIRE(filed.status == 201);
    CHECK(Field(filed.body, "resident_id") == "5305**********0017");
    return {server, token, Field(filed.body, "id")};
}

// The clock `name` of a case view, as its JSON object.
std::string ClockOf(const std::string& view, const std::string& name) {
    const auto at = view.find("{\"name\":\"" + name + "\"");
    REQUIRE(at != std::string::npos);
    return view.substr(at, view.find('}', at) - at + 1);
}

}  // namespace

TEST_CASE("a dispute settled in mediation closes when its agreement is paid") {
    ApiServer server;
    const std::string mediator = server.UserWithRole("cw.mediator", "caseworker", kLancheng);
    Case c = File(server, mediator);
    c.Must("mediation-sessions", R"({"date":"2026-09-03","mediator":"李芳"})");
    c.Must(
        "mediation-settlement",
        R"({"date":"2026-09-05","mediator":"李芳","agreement":[)"
        R"({"amount_fen":600000,"due_on":"2026-09-30"},{"amount_fen":600000,"due_on":"2026-10-31"}]})");
    c.Must("payments", R"({"date":"2026-09-28","amount_fen":600000})");
    const std::string half = c.View();
    CHECK(Field(half, "stage") == "mediation_settled");
    CHECK_THAT(ClockOf(half, "instalment_2"), Catch::Contains("\"state\":\"overdue\""));
    c.Must("payments", R"({"date":"2026-11-02","amount_fen":600000})");
    const std::string paid = c.View();
    CHECK(Field(paid, "stage") == "closed");
    CHECK(Field(paid, "outcome") == "settled_in_mediation");
    CHECK(Field(paid, "recovered_fen") == "1200000");
    CHECK_THAT(ClockOf(paid, "instalment_2"), Catch::Contains("\"state\":\"met_late\""));
    // As true on a day by the dates recorded: settled and half paid on 29 September (the second
    // instalment not yet due); not yet filed on 31 August.
    const std::string on_29th = c.View("?valid_on=2026-09-29");
    CHECK(Field(on_29th, "stage") == "mediation_settled");
    CHECK(Field(on_29th, "recovered_fen") == "600000");
    CHECK_THAT(ClockOf(on_29th, "instalment_2"), !Catch::Contains("overdue"));
    auto unfiled =
        server.Call("GET", "/api/v1/disputes/" + c.id + "?valid_on=2026-08-31", {}, mediator);
    CHECK(unfiled.status == 404);
    CHECK(Field(unfiled.body, "field") == "valid_on");
    // The board asks the same of each case: open on the 29th with its second instalment next
    // (not yet due), not filed yet on 31 August, and closed (off the board) today.
    const auto board = [&](const std::string& query) {
        auto reply =
            server.Call("GET", "/api/v1/disputes?region=530502001002" + query, {}, mediator);
        REQUIRE(reply.status == 200);
        return reply.body;
    };
    const std::string board_29th = board("&valid_on=2026-09-29");
    CHECK(Field(board_29th, "id") == c.id);
    CHECK(Field(board_29th, "stage") == "mediation_settled");
    CHECK(Field(board_29th, "next_clock") == "instalment_2");
    CHECK(Field(board_29th, "next_due") == "2026-10-31");
    CHECK(Field(board_29th, "overdue") == "false");
    CHECK_THAT(board("&valid_on=2026-08-31"), !Catch::Contains(c.id));
    CHECK_THAT(board(""), !Catch::Contains(c.id));
    // Both questions: as recorded before the case was filed, nothing, whatever the day.
    CHECK_THAT(board("&valid_on=2026-09-29&as_of=2026-01-01"), !Catch::Contains(c.id));
    auto history = server.Call("GET", "/api/v1/disputes/" + c.id + "/history", {}, mediator);
    CHECK_THAT(history.body, Catch::Contains("dispute.mediation_settled"));
    CHECK_THAT(history.body, !Catch::Contains("530502198001010017"));
}

TEST_CASE("an arbitrated dispute: deadlines on the working-day calendar, award, partial recovery") {
    ApiServer server;
    const std::string mediator = server.UserWithRole("cw.m2", "caseworker", kLancheng);
    const std::string officer = server.UserWithRole("arb.longyang", "arbitrator", "530502000000");
    const std::string inspector = server.UserWithRole("insp.city", "inspector", "530500000000");
    const std::string tengchong = server.UserWithRole("arb.tengchong", "arbitrator", kTengchong);
    Case c = File(server, mediator);
    c.Must("mediation-failure", R"({"date":"2026-09-08","reason":"用人单位拒绝调解"})");
    // The mediator's part ends with mediation; the officer takes the case.
    CHECK(c.Step("arbitration-application", R"({"received_on":"2026-09-10"})").status == 403);
    c.token = officer;
    c.Must("arbitration-application", R"({"received_on":"2026-09-10"})");
    // Received Thursday 10 September: the fifth working day after is Thursday 17 September.
    CHECK_THAT(ClockOf(c.View(), "acceptance"), Catch::Contains("\"due\":\"2026-09-17\"") &&
                                                    Catch::Contains("\"state\":\"overdue\""));
    c.Must("acceptance", R"({"date":"2026-09-14","officer":"王仲裁员"})");
    CHECK(c.Step("acceptance", R"({"date":"2026-09-15","officer":"王仲裁员"})").status == 422);
    c.Must("tribunal", R"({"date":"2026-09-16","members":["王仲裁员"]})");
    c.Must("service", R"({"date":"2026-09-17"})");
    auto short_notice =
        c.Step("hearing", R"({"hearing_on":"2026-10-09","notified_on":"2026-09-28"})");
    CHECK(short_notice.status == 422);
    CHECK(Field(short_notice.body, "field") == "hearing_on");
    c.Must("hearing", R"({"hearing_on":"2026-10-12","notified_on":"2026-09-28"})");
    // 14 September + 45 days = 29 October, a Thursday.
    CHECK_THAT(ClockOf(c.View(), "award"), Catch::Contains("\"due\":\"2026-10-29\""));
    c.Must("suspension", R"({"date":"2026-10-14","reason":"等待工伤认定结论"})");
    c.Must("resumption", R"({"date":"2026-10-20"})");
    CHECK_THAT(ClockOf(c.View(), "award"), Catch::Contains("\"due\":\"2026-11-04\""));

    auto no_wage = c.Step("award", R"({"date":"2026-11-02","granted_fen":[900000,0]})");
    CHECK(no_wage.status == 422);
    CHECK_THAT(no_wage.body, Catch::Contains("minimum-wages"));
    auto wage =
        server.Call("POST", "/api/v1/minimum-wages",
                    R"({"effective_from":"2025-10-01","monthly_fen":199000,"source":"测试"})",
                    server.admin_token());
    REQUIRE(wage.status == 201);
    c.Must("award", R"({"date":"2026-11-02","granted_fen":[900000,0]})");
    const std::string awarded = c.View();
    CHECK(Field(awarded, "stage") == "awarded");
    CHECK(Field(awarded, "final_for_employer") == "true");
    CHECK(Field(awarded, "due_fen") == "900000");
    CHECK_THAT(ClockOf(awarded, "award"), Catch::Contains("\"state\":\"met\""));
    c.Must("payments", R"({"date":"2026-11-25","amount_fen":400000})");
    CHECK(c.Step("payments", R"({"date":"2026-11-26","amount_fen":600000})").status == 422);
    CHECK(Field(c.View(), "recovered_fen") == "400000");

    // The board: the open case with its next deadline (the defence, never received, is overdue).
    auto board = server.Call("GET", "/api/v1/disputes?region=530502", {}, officer);
    INFO(board.body);
    CHECK_THAT(board.body, Catch::Contains(c.id) && Catch::Contains("\"next_clock\":\"defence\"") &&
                               Catch::Contains("\"officer\":\"王仲裁员\""));
    CHECK(Field(board.body, "overdue") == "true");
    auto elsewhere =
        server.Call("GET", "/api/v1/disputes?region=" + std::string(kTengchong), {}, tengchong);
    CHECK_THAT(elsewhere.body, !Catch::Contains(c.id));

    // Inspectors read the case and change nothing; another county does not see it exists.
    CHECK(server.Call("GET", "/api/v1/disputes/" + c.id, {}, inspector).status == 200);
    CHECK(server
              .Call("POST", "/api/v1/disputes/" + c.id + "/payments",
                    R"({"date":"2026-11-26","amount_fen":100})", inspector)
              .status == 403);
    auto hidden = server.Call("GET", "/api/v1/disputes/" + c.id, {}, tengchong);
    auto missing = server.Call("GET", "/api/v1/disputes/d0000000000000000", {}, tengchong);
    CHECK(hidden.status == 403);
    CHECK(missing.status == 403);
    CHECK(hidden.body == missing.body);
}

TEST_CASE("bad filings are refused naming the field, and a mediator cannot file for arbitration") {
    ApiServer server;
    const std::string mediator = server.UserWithRole("cw.m3", "caseworker", kLancheng);
    auto refuse = [&](const std::string& from, const std::string& to, const std::string& field) {
        std::string body = kFiling;
        body.replace(body.find(from), from.size(), to);
        auto reply = server.Call("POST", "/api/v1/disputes", body, mediator);
        INFO(body << " → " << reply.body);
        CHECK(reply.status / 100 == 4);
        CHECK(Field(reply.body, "field") == field);
    };
    refuse("93530502MA6K5XWJ18", "93530502MA6K5XWJ17", "respondent_id");
    refuse("\"amount_fen\":300000", "\"amount_fen\":-1", "claims[1].amount_fen");
    refuse("\"known_on\":\"2026-08-10\"", "\"known_on\":\"2026-09-10\"", "known_on");
    refuse("530502198001010017", "530502198001010018", "resident_id");
    std::string arbitration = kFiling;
    arbitration.replace(arbitration.find("\"mediation\""), 11, "\"arbitration\"");
    CHECK(server.Call("POST", "/api/v1/disputes", arbitration, mediator).status == 403);
}

TEST_CASE("a claimant chosen from the register: the register gives the ID, and must agree") {
    ApiServer server;
    const std::string mediator = server.UserWithRole("cw.m4", "caseworker", kLancheng);
    const std::string elsewhere = server.UserWithRole("cw.tc", "caseworker", "530581000000");
    auto household = server.Call("POST", "/api/v1/households",
                                 R"({"region":"530502001002","address":"王官社区3组"})", mediator);
    REQUIRE(household.status == 201);
    const std::string household_id = Field(household.body, "id");
    auto member =
        server.Call("POST", "/api/v1/households/" + household_id + "/members",
                    R"({"name":"周建华","resident_id":"530502198001010017","sex":"male",)"
                    R"("birth_date":"1980-01-01","skills":[],"categories":["rural_labour"],)"
                    R"("labour_capacity":true,"wants_work":true})",
                    mediator);
    REQUIRE(member.status == 201);
    const std::string person_id = Field(member.body, "person_id");
    // The filing as the form sends it for a person picked from the register: no resident ID.
    const auto from_register = [&](const std::string& claimant) {
        std::string body = kFiling;
        const std::string given = R"("claimant_name":"周建华","resident_id":"530502198001010017",)";
        body.replace(body.find(given), given.size(), claimant);
        return body;
    };
    const std::string linked = R"("claimant_household_id":")" + household_id +
                               R"(","claimant_person_id":")" + person_id + "\",";

    auto filed = server.Call("POST", "/api/v1/disputes", from_register(linked), mediator);
    INFO(filed.body);
    REQUIRE(filed.status == 201);
    CHECK(Field(filed.body, "claimant_name") == "周建华");
    CHECK(Field(filed.body, "resident_id") == "5305**********0017");
    auto theirs =
        server.Call("GET", "/api/v1/disputes?region=530502001000&claimant_person_id=" + person_id,
                    {}, mediator);
    CHECK_THAT(theirs.body, Catch::Contains(Field(filed.body, "id")));

    auto refused = [&](const std::string& body, const std::string& token) {
        auto reply = server.Call("POST", "/api/v1/disputes", body, token);
        INFO(body << " → " << reply.body);
        CHECK(reply.status / 100 == 4);
        return reply;
    };
    // Another person's resident ID beside the person chosen.
    auto mismatch =
        refused(from_register(linked + R"("resident_id":"530502198505050024",)"), mediator);
    CHECK(mismatch.status == 422);
    CHECK(Field(mismatch.body, "field") == "resident_id");
    auto no_person =
        refused(from_register(R"("claimant_household_id":")" + household_id + "\","), mediator);
    CHECK(Field(no_person.body, "field") == "claimant_person_id");
    auto unknown = refused(from_register(R"("claimant_household_id":")" + household_id +
                                         R"(","claimant_person_id":"p-none",)"),
                           mediator);
    CHECK(Field(unknown.body, "field") == "claimant_person_id");
    auto nobody = refused(from_register(""), mediator);
    CHECK(Field(nobody.body, "field") == "resident_id");
    // Another county's register is not reachable, and the refusal is the one for a household
    // that does not exist: nothing tells that this one does.
    const auto in_tengchong = [&](std::string body) {
        body.replace(body.find(kWangguan), 12, kTengchong);
        return body;
    };
    auto hidden = refused(in_tengchong(from_register(linked)), elsewhere);
    std::string missing_link = linked;
    missing_link.replace(missing_link.find(household_id), household_id.size(), "h00000000");
    auto missing = refused(in_tengchong(from_register(missing_link)), elsewhere);
    CHECK(hidden.status == missing.status);
    CHECK(hidden.body == missing.body);
    // Nothing was filed by the refusals.
    const std::string board =
        server.Call("GET", "/api/v1/disputes?region=530502001000", {}, mediator).body;
    CHECK(board.find("\"claimant_name\"") == board.rfind("\"claimant_name\""));
}

TEST_CASE("the board lists open cases by next deadline, overdue ones marked, as computed by hand") {
    ApiServer server;
    const std::string mediator = server.UserWithRole("cw.m3", "caseworker", kLancheng);
    const std::string officer = server.UserWithRole("arb.ly", "arbitrator", "530502000000");
    auto to_arbitration = [&](const std::string& failed_on, const std::string& received_on) {
        Case c = File(server, mediator);
        c.Must("mediation-failure", R"({"date":")" + failed_on + R"(","reason":"拒绝调解"})");
        c.token = officer;
        c.Must("arbitration-application", R"({"received_on":")" + received_on + R"("})");
        return c.id;
    };
    auto settled = [&](const std::string& due_on) {
        Case c = File(server, mediator);
        c.Must("mediation-settlement", R"({"date":"2026-09-05","mediator":"李芳","agreement":[)"
                                       R"({"amount_fen":1200000,"due_on":")" +
                                           due_on + R"("}]})");
        return c;
    };
    // Filed 1 September, still in mediation: 15 calendar days → 16 September.
    const std::string in_mediation = File(server, mediator).id;
    // Received Thursday 10 September: five working days → Thursday 17 September.
    const std::string received_0910 = to_arbitration("2026-09-08", "2026-09-10");
    // Received Wednesday 23 September: the 24th, then Mid-Autumn (25–27) and National Day
    // (1–7 October) off, so the 28th, 29th, 30th and Thursday 8 October.
    const std::string received_0923 = to_arbitration("2026-09-22", "2026-09-23");
    // An agreement paid later than today: pending, not overdue.
    const std::string paying = settled("2027-06-30").id;
    // An agreement paid in full: closed, off the board.
    Case paid = settled("2026-09-30");
    paid.Must("payments", R"({"date":"2026-09-29","amount_fen":1200000})");

    auto board = server.Call("GET", "/api/v1/disputes?region=530502", {}, officer);
    INFO(board.body);
    REQUIRE(board.status == 200);
    struct Row {
        std::string id, next_clock, next_due, overdue;
    };
    std::vector<Row> rows;
    const std::string marker = "{\"id\":\"";
    for (auto at = board.body.find(marker); at != std::string::npos;
         at = board.body.find(marker, at + 1)) {
        const std::string item = board.body.substr(at, board.body.find('}', at) - at + 1);
        rows.push_back({Field(item, "id"), Field(item, "next_clock"), Field(item, "next_due"),
                        Field(item, "overdue")});
    }
    const std::vector<std::vector<std::string>> expected = {
        {in_mediation, "mediation", "2026-09-16", "true"},
        {received_0910, "acceptance", "2026-09-17", "true"},
        {received_0923, "acceptance", "2026-10-08", "true"},
        {paying, "instalment_1", "2027-06-30", "false"},
    };
    REQUIRE(rows.size() == expected.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        CHECK(std::vector<std::string>{rows[i].id, rows[i].next_clock, rows[i].next_due,
                                       rows[i].overdue} == expected[i]);
    }
    CHECK_THAT(board.body, !Catch::Contains(paid.id));

    // Only the acceptances the committee owes, by stage.
    auto awaiting =
        server.Call("GET", "/api/v1/disputes?region=530502&stage=arbitration_applied", {}, officer);
    CHECK_THAT(awaiting.body, Catch::Contains(received_0910) && Catch::Contains(received_0923) &&
                                  !Catch::Contains(in_mediation) && !Catch::Contains(paying));
}
