// The caseworker's day over HTTP: households, members, visits, the zero-employment board, plans.
#include <catch2/catch.hpp>
#include <set>
#include <thread>

#include "support/api_server.hpp"
#include "support/json_field.hpp"
#include "support/resident_ids.hpp"
#include "xfl/domain/households/household.hpp"
#include "xfl/eventstore/new_event.hpp"

using namespace xfl::testing;

namespace {

std::string Id(const std::string& birth, bool male, const std::string& serial = "01") {
    return ValidResidentId(birth, male, serial);
}

std::string Member(const std::string& name, const std::string& birth, bool male,
                   const std::string& serial = "01") {
    const std::string dashed =
        birth.substr(0, 4) + "-" + birth.substr(4, 2) + "-" + birth.substr(6, 2);
    return "{\"name\":\"" + name + "\",\"resident_id\":\"" + Id(birth, male, serial) +
           "\",\"sex\":\"" + (male ? "male" : "female") + "\",\"birth_date\":\"" + dashed +
           "\",\"education\":\"junior_secondary\",\"skills\":[\"电工\"],\"skill_level\":"
           "\"junior\",\"labour_capacity\":true,"
           "\"wants_work\":true,\"categories\":[\"rural_labour\",\"poverty_alleviated\"]}";
}

std::string Visit(const std::string& date, const std::string& p1, const std::string& s1,
                  const std::string& p2, const std::string& s2) {
    return "{\"date\":\"" + date + "\",\"members\":[{\"person_id\":\"" + p1 + "\",\"status\":\"" +
           s1 + "\",\"monthly_income_fen\":0,\"wants_job\":true},{\"person_id\":\"" + p2 +
           "\",\"status\":\"" + s2 + "\",\"monthly_income_fen\":320000,\"wants_job\":true}]}";
}

}  // namespace

TEST_CASE("a household is flagged zero-employment, planned for and cleared, over HTTP") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.wangguan", "caseworker", kLancheng);
    const std::string inspector = server.UserWithRole("insp.city", "inspector", kCity);
    const std::string arbitrator = server.UserWithRole("arb.city", "arbitrator", kCity);

    auto created = server.Call(
        "POST", "/api/v1/households",
        std::string("{\"region\":\"") + kWangguan + "\",\"address\":\"王官社区3组12号\"}", cw);
    REQUIRE(created.status == 201);
    const std::string id = Field(created.body, "id");
    const std::string path = "/api/v1/households/" + id;

    CHECK(server
              .Call("POST", "/api/v1/households", "{\"region\":\"530581001001\",\"address\":\"x\"}",
                    cw)
              .status == 403);
    CHECK(Field(server
                    .Call("POST", "/api/v1/households",
                          std::string("{\"region\":\"") + kLancheng + "\",\"address\":\"x\"}", cw)
                    .body,
                "field") == "region");

    auto zhang = server.Call("POST", path + "/members", Member("张三", "19800101", true), cw);
    REQUIRE(zhang.status == 201);
    auto li = server.Call("POST", path + "/members", Member("李四", "19850505", false), cw);
    REQUIRE(li.status == 201);
    const std::string p1 = Field(zhang.body, "person_id");
    const std::string p2 = Field(li.body, "person_id");

    SECTION("bad members are refused naming the field") {
        std::string bad = Member("王五", "19900101", true, "02");
        bad.replace(bad.find("\"resident_id\":\"") + 32, 1,
                    bad[bad.find("\"resident_id\":\"") + 32] == '0' ? "1" : "0");
        auto refused = server.Call("POST", path + "/members", bad, cw);
        CHECK(refused.status == 400);
        CHECK(Field(refused.body, "field") == "resident_id");
        auto other = server.Call(
            "POST", "/api/v1/households",
            std::string("{\"region\":\"") + kWangguan + "\",\"address\":\"另一户\"}", cw);
        auto duplicate =
            server.Call("POST", "/api/v1/households/" + Field(other.body, "id") + "/members",
                        Member("张三", "19800101", true), cw);
        CHECK(duplicate.status == 422);
        CHECK_THAT(duplicate.body, Catch::Contains("another household"));
    }

    auto visit = server.Call("POST", path + "/visits",
                             Visit("2026-11-20", p1, "unemployed", p2, "unemployed"), cw);
    REQUIRE(visit.status == 201);
    CHECK(Field(visit.body, "zero_employment") == "true");

    auto household = server.Call("GET", path, {}, inspector);
    REQUIRE(household.status == 200);
    CHECK(Field(household.body, "zero_employment") == "true");
    CHECK(Field(household.body, "zero_employment_since") == "2026-11-20");
    CHECK_THAT(household.body, Catch::Contains("\"resident_id\":\"5305**********"));
    CHECK_THAT(household.body, !Catch::Contains(Id("19800101", true)));
    CHECK_THAT(household.body, Catch::Contains("\"name\":\"张三\""));
    CHECK_THAT(household.body, Catch::Contains("\"skill_level\":\"junior\""));
    CHECK(server.Call("GET", path, {}, arbitrator).status == 403);

    SECTION("a member's details are corrected with PATCH, each change an event") {
        const std::string member = path + "/members/" + p1;
        auto patched = server.Call("PATCH", member,
                                   "{\"education\":\"vocational\",\"skill_level\":\"senior\","
                                   "\"skills\":[\"电工\",\"焊工\"]}",
                                   cw);
        INFO(patched.body);
        REQUIRE(patched.status == 200);
        const std::string version = Field(patched.body, "version");
        auto same = server.Call("PATCH", member, "{\"education\":\"vocational\"}", cw);
        CHECK(same.status == 200);
        CHECK(Field(same.body, "version") == version);  // nothing changed, nothing appended
        auto view = server.Call("GET", path, {}, cw);
        CHECK_THAT(view.body, Catch::Contains("\"skill_level\":\"senior\""));
        CHECK_THAT(view.body, Catch::Contains("焊工"));
        CHECK_THAT(view.body, Catch::Contains("\"categories\":[\"rural_labour\""));  // kept
        CHECK(Field(server.Call("PATCH", member, "{\"skill_level\":\"master\"}", cw).body,
                    "field") == "skill_level");
        // History shows what each event changed, field by field, not only its payload.
        auto history = server.Call("GET", path + "/history", {}, inspector);
        REQUIRE(history.status == 200);
        CHECK_THAT(
            history.body,
            Catch::EndsWith("\"changes\":[{\"field\":\"members[" + p1 +
                            "].education\",\"before\":\"junior_secondary\",\"after\":"
                            "\"vocational\"},{\"field\":\"members[" +
                            p1 +
                            "].skill_level\",\"before\":\"junior\",\"after\":\"senior\"},"
                            "{\"field\":\"members[" +
                            p1 +
                            "].skills\",\"before\":[\"电工\"],\"after\":[\"电工\",\"焊工\"]}],"
                            "\"data\":" +
                            history.body.substr(history.body.rfind("\"data\":") + 7)));
        CHECK_THAT(
            history.body,
            Catch::Contains("{\"field\":\"zero_employment\",\"before\":false,\"after\":true},"
                            "{\"field\":\"zero_employment_since\",\"before\":null,"
                            "\"after\":\"2026-11-20\"}"));
        CHECK(server.Call("PATCH", member, "{\"colour\":\"red\"}", cw).status == 400);
        CHECK(server.Call("PATCH", path + "/members/nobody", "{}", cw).status == 404);
        CHECK(server.Call("PATCH", member, "{}", cw, {{"If-Match", "\"1\""}}).status == 409);
        CHECK(server.Call("PATCH", member, "{}", inspector).status == 403);
        // One seeker fewer: the other is still a jobless seeker, so the flag stays.
        auto capacity = server.Call("PATCH", member, "{\"labour_capacity\":false}", cw);
        CHECK(capacity.status == 200);
        CHECK_THAT(capacity.body, !Catch::Contains("zero_employment"));
    }

    CHECK(server.Call("GET", "/api/v1/reports/zero-employment?region=530502", {}, cw).status ==
          403);
    auto board = server.Call("GET", "/api/v1/reports/zero-employment?region=530502", {}, inspector);
    REQUIRE(board.status == 200);
    CHECK(
        Field(
            server.Call("GET", "/api/v1/reports/zero-employment?region=530502001000", {}, cw).body,
            "open") == "1");
    CHECK(Field(board.body, "open") == "1");
    CHECK(Field(board.body, "plan_due") == "2026-11-27");
    CHECK(Field(board.body, "clear_due") == "2026-12-20");
    CHECK(server.Call("GET", "/api/v1/reports/zero-employment?region=530581", {}, cw).status ==
          403);
    CHECK(
        Field(
            server.Call("GET", "/api/v1/reports/zero-employment?region=530581", {}, inspector).body,
            "open") == "0");

    auto plan = server.Call("POST", path + "/plans",
                            "{\"caseworker\":\"cw.wangguan\",\"measures\":[\"job_referral\","
                            "\"training_referral\"],\"date\":\"2026-11-21\"}",
                            cw);
    REQUIRE(plan.status == 201);
    const std::string plan_id = Field(plan.body, "plan_id");
    CHECK(server
              .Call("POST", path + "/plans",
                    "{\"caseworker\":\"x\",\"measures\":[\"other\"],\"date\":\"2026-11-21\"}", cw)
              .status == 422);
    CHECK(server
              .Call("POST", path + "/plans/" + plan_id + "/actions",
                    "{\"kind\":\"public_welfare_job\",\"date\":\"2026-11-22\",\"outcome\":"
                    "\"护林员岗位\"}",
                    cw)
              .status == 201);
    CHECK(
        Field(
            server.Call("GET", "/api/v1/reports/zero-employment?region=530502001002", {}, cw).body,
            "plan_opened") == "2026-11-21");

    // The last event before the clearing visit: the plan's action.
    const std::string history_before = server.Call("GET", path + "/history", {}, cw).body;
    const std::string before_clearing =
        history_before.substr(history_before.rfind("\"recorded_at\":\"") + 15, 27);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    auto employed = server.Call("POST", path + "/visits",
                                Visit("2026-11-23", p1, "unemployed", p2, "employed_local"), cw);
    REQUIRE(employed.status == 201);
    CHECK(Field(employed.body, "zero_employment") == "false");
    auto after = server.Call("GET", "/api/v1/reports/zero-employment?region=530502&list=cleared",
                             {}, inspector);
    CHECK(Field(after.body, "open") == "0");
    CHECK(Field(after.body, "cleared_count") == "1");
    CHECK(Field(after.body, "mean_days_to_clear") == "3.0");
    CHECK(Field(after.body, "reason") == "member_employed");
    CHECK(Field(after.body, "days_to_clear") == "3");

    auto history = server.Call("GET", path + "/history", {}, inspector);
    CHECK_THAT(history.body, Catch::Contains("household.zero_employment_flagged"));
    CHECK_THAT(history.body, Catch::Contains("household.zero_employment_cleared"));
    auto then =
        server.Call("GET", "/api/v1/reports/zero-employment?region=530502&as_of=" + before_clearing,
                    {}, inspector);
    CHECK(Field(then.body, "open") == "1");
    auto household_then = server.Call("GET", path + "?as_of=" + before_clearing, {}, inspector);
    CHECK(Field(household_then.body, "zero_employment") == "true");

    SECTION(
        "people are found by name or resident ID within scope; full IDs are shown only on request, "
        "and audited") {
        auto by_name =
            server.Call("GET", "/api/v1/people?q=" + std::string("%E5%BC%A0"), {}, cw);  // 张
        REQUIRE(by_name.status == 200);
        CHECK(Field(by_name.body, "name") == "张三");
        CHECK(Field(by_name.body, "household_id") == id);
        CHECK(Field(by_name.body, "resident_id").find("**********") != std::string::npos);
        CHECK(Field(server.Call("GET", "/api/v1/people?q=" + Id("19850505", false), {}, cw).body,
                    "field") == "reason");
        auto by_id = server.Call(
            "GET", "/api/v1/people?q=" + Id("19850505", false) + "&reason=%E6%9F%A5%E6%89%BE", {},
            cw);  // 查找
        CHECK(Field(by_id.body, "name") == "李四");
        const std::string elsewhere = server.UserWithRole("cw.tengchong", "caseworker", kTengchong);
        CHECK_THAT(server.Call("GET", "/api/v1/people?q=%E5%BC%A0", {}, elsewhere).body,
                   Catch::Contains("\"people\":[]"));

        auto revealed =
            server.Call("GET", path + "?reveal=resident_ids&reason=%E6%A0%B8%E5%AF%B9", {}, cw);
        REQUIRE(revealed.status == 200);
        CHECK_THAT(revealed.body, Catch::Contains(Id("19800101", true)));
        CHECK(server.Call("GET", path + "?reveal=resident_ids", {}, cw).status == 400);
        CHECK(server.Call("GET", path + "?reveal=resident_ids&reason=x", {}, inspector).status ==
              403);
        CHECK(server.Call("GET", path + "?reveal=everything", {}, cw).status == 400);
        auto access = server.Call("GET", path + "/access", {}, inspector);
        REQUIRE(access.status == 200);
        CHECK_THAT(access.body, Catch::Contains("\"type\":\"access.resident_ids_viewed\""));
        CHECK_THAT(access.body, Catch::Contains("\"user\":\"cw.wangguan\""));
        CHECK_THAT(access.body, Catch::Contains("核对"));
        CHECK_THAT(access.body, Catch::Contains("查找"));
        CHECK_THAT(access.body, Catch::Contains("\"view\": \"search\""));
        CHECK(server.Call("GET", path + "/access", {}, cw).status == 403);
    }
    SECTION("labour-force statistics: now, as of a date, and as CSV") {
        auto stats =
            server.Call("GET", "/api/v1/reports/labour-force?region=530502", {}, inspector);
        REQUIRE(stats.status == 200);
        CHECK(Field(stats.body, "people") == "2");
        CHECK_THAT(stats.body, Catch::Contains("\"by_sex\":{\"female\":1,\"male\":1}"));
        CHECK_THAT(stats.body,
                   Catch::Contains("\"by_status\":{\"employed_local\":1,\"unemployed\":1}"));
        CHECK_THAT(stats.body, Catch::Contains("\"poverty_alleviated\":2"));
        CHECK_THAT(stats.body, Catch::Contains("\"by_age_band\":{\"35-44\":1,\"45-54\":1}"));
        CHECK_THAT(stats.body, Catch::Contains("\"电工\":2"));
        auto before = server.Call(
            "GET", "/api/v1/reports/labour-force?region=530502&as_of=2020-01-01", {}, inspector);
        CHECK(Field(before.body, "people") == "0");
        auto csv = server.Call("GET", "/api/v1/reports/labour-force?region=530502001000&format=csv",
                               {}, cw);
        CHECK(csv.status == 200);
        CHECK(csv.headers["content-type"] == "text/csv; charset=utf-8");
        CHECK_THAT(csv.body, Catch::Contains("530502001000,"));
        CHECK_THAT(csv.body, Catch::Contains(",status,unemployed,1\r\n"));
        auto refused = server.Call("GET", "/api/v1/reports/labour-force?region=530581", {}, cw);
        CHECK(refused.status == 403);
        // The refusal names the caller's own scope, nothing of the region asked for.
        CHECK_THAT(Field(refused.body, "message"),
                   Catch::EndsWith(std::string("; your account holds caseworker for region ") +
                                   kLancheng));
    }
    SECTION("a visit for a non-member or with a future date is refused and writes nothing") {
        const auto head = server.log().Head();
        auto stranger =
            server.Call("POST", path + "/visits",
                        Visit("2026-11-23", "p-nobody", "unemployed", p2, "flexible"), cw);
        CHECK(stranger.status == 422);
        CHECK(Field(stranger.body, "field") == "members[0].person_id");
        CHECK(server
                  .Call("POST", path + "/visits",
                        Visit("2099-01-01", p1, "unemployed", p2, "flexible"), cw)
                  .status == 422);
        CHECK(server.log().Head() == head);
    }
}

TEST_CASE(
    "a node that writes only some streams chooses ids it writes, and answers 421 for others") {
    // As a Kafka node that writes half of the partitions.
    auto writes = [](const std::string& stream) { return std::hash<std::string>{}(stream) % 2; };
    ApiServer server;
    server.WriteOnly([&](const std::string& s) { return writes(s) == 1; });
    for (int i = 0; i < 16; ++i) server.Login("admin", kAdminPassword);  // REQUIREs 201
    for (int i = 0; i < 16; ++i) {
        auto created = server.Call("POST", "/api/v1/households",
                                   "{\"region\":\"530502001002\",\"address\":\"王官社区\"}",
                                   server.admin_token());
        REQUIRE(created.status == 201);
        CHECK(writes(xfl::domain::HouseholdStreamId(Field(created.body, "id"))) == 1);
    }
    // A household another node registered, in a stream this node does not write.
    std::string id = "h-elsewhere";
    while (writes(xfl::domain::HouseholdStreamId(id)) == 1) id += "x";
    REQUIRE(server.log()
                .Append({xfl::domain::HouseholdStreamId(id),
                         xfl::eventstore::ExpectedVersion::NoStream(),
                         {xfl::eventstore::MakeEvent(
                             xfl::domain::HouseholdRegistered{id, kWangguan, "王官社区", ""}, 1)},
                         "",
                         {"admin", "admin", kCity}})
                .ok());
    auto refused = server.Call("POST", "/api/v1/households/" + id + "/members",
                               Member("李明", "19800101", true), server.admin_token());
    CHECK(refused.status == 421);
    CHECK(Field(refused.body, "code") == "misdirected");
}

TEST_CASE("the households of a region are listed by village, a page at a time, within scope") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.lancheng", "caseworker", kLancheng);
    const std::string admin = server.UserWithRole("admin.city", "admin", kCity);
    const std::string lizhiyuan = "530502001003";  // 栗子园社区, in 兰城街道
    auto add = [&](const std::string& village, const std::string& address,
                   const std::string& token) {
        auto created =
            server.Call("POST", "/api/v1/households",
                        "{\"region\":\"" + village + "\",\"address\":\"" + address + "\"}", token);
        REQUIRE(created.status == 201);
        return Field(created.body, "id");
    };
    add(kWangguan, "王官社区1组1号", cw);
    add(kWangguan, "王官社区1组2号", cw);
    add(lizhiyuan, "栗子园社区2组5号", cw);
    add("530581001001", "腾越街道某号", admin);

    auto village =
        server.Call("GET", std::string("/api/v1/households?region=") + kWangguan, {}, cw);
    REQUIRE(village.status == 200);
    CHECK_THAT(village.body, Catch::Contains("王官社区1组1号") &&
                                 Catch::Contains("王官社区1组2号") && !Catch::Contains("栗子园"));

    // The township in pages of two: the Wangguan households, then Lizhiyuan's.
    auto first =
        server.Call("GET", std::string("/api/v1/households?limit=2&region=") + kLancheng, {}, cw);
    REQUIRE(first.status == 200);
    CHECK_THAT(first.body, Catch::Contains("王官社区") && !Catch::Contains("栗子园"));
    const std::string cursor = Field(first.body, "next_cursor");
    REQUIRE_FALSE(cursor.empty());
    auto second = server.Call(
        "GET", std::string("/api/v1/households?limit=2&region=") + kLancheng + "&cursor=" + cursor,
        {}, cw);
    CHECK_THAT(second.body, Catch::Contains("栗子园社区2组5号") && !Catch::Contains("王官社区"));
    CHECK_THAT(second.body, !Catch::Contains("next_cursor"));

    // The county and another county are outside the caseworker's township: 403, nothing listed.
    CHECK(
        server.Call("GET", std::string("/api/v1/households?region=") + kLongyang, {}, cw).status ==
        403);
    CHECK(
        server.Call("GET", std::string("/api/v1/households?region=") + kTengchong, {}, cw).status ==
        403);
    CHECK_THAT(
        server.Call("GET", std::string("/api/v1/households?region=") + kCity, {}, admin).body,
        Catch::Contains("腾越街道某号") && Catch::Contains("栗子园社区2组5号"));
    auto missing = server.Call("GET", "/api/v1/households", {}, cw);
    CHECK(missing.status == 400);
    CHECK(Field(missing.body, "field") == "region");
}

TEST_CASE(
    "the board lists households by address and head, a late plan by its days; plans are "
    "resources; people are found by part of a name, ID tail or phone; a member entered in error "
    "leaves every count") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.village", "caseworker", kLancheng);
    const std::string path =
        "/api/v1/households/" + Field(server
                                          .Call("POST", "/api/v1/households",
                                                std::string("{\"region\":\"") + kWangguan +
                                                    "\",\"address\":\"王官社区5组3号\"}",
                                                cw)
                                          .body,
                                      "id");
    const std::string head = Field(
        server.Call("POST", path + "/members", Member("赵大", "19700303", true, "05"), cw).body,
        "person_id");
    const std::string other = Field(
        server.Call("POST", path + "/members", Member("钱二", "19900909", false, "06"), cw).body,
        "person_id");
    REQUIRE(
        server.Call("PATCH", path + "/members/" + head, "{\"phone\":\"13812345678\"}", cw).status ==
        200);
    REQUIRE(server
                .Call("POST", path + "/visits",
                      Visit("2026-11-01", head, "unemployed", other, "unemployed"), cw)
                .status == 201);
    // Flagged on 1 November: the plan was due on the 8th and is opened on the 12th.
    auto plan = server.Call(
        "POST", path + "/plans",
        "{\"caseworker\":\"cw.village\",\"measures\":[\"job_referral\"],\"date\":\"2026-11-12\"}",
        cw);
    REQUIRE(plan.status == 201);
    const std::string plan_id = Field(plan.body, "plan_id");
    REQUIRE(
        server
            .Call("POST", path + "/plans/" + plan_id + "/actions",
                  "{\"kind\":\"job_referral\",\"date\":\"2026-11-13\",\"outcome\":\"推荐到园区\"}",
                  cw)
            .status == 201);

    const std::string board_path =
        std::string("/api/v1/reports/zero-employment?region=") + kWangguan;
    auto board = server.Call("GET", board_path, {}, cw);
    REQUIRE(board.status == 200);
    CHECK(Field(board.body, "address") == "王官社区5组3号");
    CHECK(Field(board.body, "head_name") == "赵大");
    const std::string head_id = Id("19700303", true, "05");
    CHECK(Field(board.body, "head_resident_id") ==
          head_id.substr(0, 4) + "**********" + head_id.substr(14));
    CHECK(Field(board.body, "plan_due") == "2026-11-08");
    CHECK(Field(board.body, "plan_opened_late_days") == "4");
    CHECK_THAT(board.body, Catch::Contains("\"plan_overdue\":false"));
    auto csv = server.Call("GET", board_path + "&format=csv&headings=en", {}, cw);
    CHECK_THAT(csv.body, Catch::Contains(",王官社区5组3号,赵大," + head_id.substr(0, 4) +
                                         "**********" + head_id.substr(14) + ",2026-11-01,"));
    CHECK_THAT(csv.body, Catch::Contains(",2026-11-08,2026-11-12,4,2026-12-01,no,"));

    SECTION("plans and their actions are read as resources") {
        auto plans = server.Call("GET", path + "/plans", {}, cw);
        REQUIRE(plans.status == 200);
        CHECK(Field(plans.body, "id") == plan_id);
        CHECK(Field(plans.body, "status") == "open");
        CHECK_THAT(plans.body, Catch::Contains("\"measures\":[\"job_referral\"]"));
        CHECK_THAT(plans.body, Catch::Contains("\"outcome\":\"推荐到园区\""));
        auto one = server.Call("GET", path + "/plans/" + plan_id, {}, cw);
        CHECK(one.status == 200);
        CHECK(Field(one.body, "date") == "2026-11-12");
        auto missing = server.Call("GET", path + "/plans/plan-nope", {}, cw);
        CHECK(missing.status == 404);
        CHECK(Field(missing.body, "field") == "plan_id");
        auto before = server.Call("GET", path + "/plans?as_of=2020-01-01", {}, cw);
        CHECK(before.status == 404);  // the household did not exist yet
        const std::string elsewhere = server.UserWithRole("cw.far", "caseworker", kTengchong);
        CHECK(server.Call("GET", path + "/plans", {}, elsewhere).status == 403);
    }
    SECTION("people are found by part of a name, the end of a resident ID, a phone, a village") {
        auto find = [&](const std::string& query, const std::string& who) {
            return server.Call("GET", "/api/v1/people?" + query, {}, who);
        };
        CHECK(Field(find("q=%E8%B5%B5%E5%A4%A7", cw).body, "name") == "赵大");  // 赵大
        CHECK_THAT(find("q=%E4%BA%8C", cw).body,
                   Catch::Contains("\"people\":[]"));                  // 二: no name starts so
        CHECK(Field(find("q=%E9%92%B1", cw).body, "name") == "钱二");  // 钱: a surname
        const std::string other_id = Id("19900909", false, "06");
        CHECK(Field(find("q=" + other_id.substr(12), cw).body, "name") == "钱二");  // last 6
        CHECK(Field(find("q=" + other_id.substr(14), cw).body, "name") == "钱二");  // last 4
        CHECK(Field(find("q=13812345678", cw).body, "name") == "赵大");
        CHECK(Field(find("q=2345678", cw).body, "name") == "赵大");
        CHECK(Field(find(std::string("q=%E8%B5%B5&region=") + kWangguan, cw).body, "name") ==
              "赵大");
        CHECK(find("q=%E8%B5%B5&region=530581001001", cw).status == 403);
        CHECK(Field(find("q=%E8%B5%B5&region=5305", cw).body, "field") == "region");
        const std::string elsewhere = server.UserWithRole("cw.far2", "caseworker", kTengchong);
        CHECK_THAT(find("q=13812345678", elsewhere).body, Catch::Contains("\"people\":[]"));
        CHECK_THAT(find("q=" + other_id.substr(14), elsewhere).body,
                   Catch::Contains("\"people\":[]"));
    }
    SECTION("a member entered in error leaves every count, the reason in the history") {
        auto people = [&] {
            return Field(
                server
                    .Call("GET", std::string("/api/v1/reports/labour-force?region=") + kWangguan,
                          {}, cw)
                    .body,
                "people");
        };
        CHECK(people() == "2");
        auto no_reason = server.Call("POST", path + "/members/" + other + "/entered-in-error",
                                     "{\"reason\":\"\"}", cw);
        CHECK(no_reason.status == 400);
        CHECK(Field(no_reason.body, "field") == "reason");
        auto marked = server.Call("POST", path + "/members/" + other + "/entered-in-error",
                                  "{\"reason\":\"录入错误：邻户成员\"}", cw);
        REQUIRE(marked.status == 200);
        CHECK_THAT(marked.body, !Catch::Contains("zero_employment"));  // the head is still jobless
        CHECK(people() == "1");
        auto again = server.Call("POST", path + "/members/" + other + "/entered-in-error",
                                 "{\"reason\":\"again\"}", cw);
        CHECK(again.status == 422);
        CHECK(Field(again.body, "field") == "person_id");
        auto household = server.Call("GET", path, {}, cw);
        CHECK_THAT(household.body, Catch::Contains("\"active\":false,\"entered_in_error\":"
                                                   "\"录入错误：邻户成员\""));
        CHECK_THAT(server.Call("GET", "/api/v1/people?q=%E9%92%B1", {}, cw).body,
                   Catch::Contains("\"people\":[]"));
        CHECK_THAT(server.Call("GET", path + "/history", {}, cw).body,
                   Catch::Contains("household.member_entered_in_error"));

        // The head too: nobody is left, and the flag is cleared as an error, not a success.
        auto last = server.Call("POST", path + "/members/" + head + "/entered-in-error",
                                "{\"reason\":\"整户为重复登记\"}", cw);
        REQUIRE(last.status == 200);
        CHECK(Field(last.body, "zero_employment") == "false");
        CHECK(people() == "0");
        auto cleared = server.Call("GET", board_path + "&list=cleared", {}, cw);
        CHECK(Field(cleared.body, "reason") == "entered_in_error");
        CHECK(Field(cleared.body, "head_name") == "");
        CHECK(Field(server.Call("GET", path + "/plans/" + plan_id, {}, cw).body, "status") ==
              "closed");
    }
}

TEST_CASE("the board of a past day lists, page by page, the households flagged and cleared then") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.wangguan", "caseworker", kLancheng);
    struct Episode {
        std::string flagged, cleared;  // cleared empty: still open
        std::string id;
    };
    std::vector<Episode> episodes = {{"2026-09-01", "2026-09-20", {}},
                                     {"2026-09-05", {}, {}},
                                     {"2026-09-10", "2026-10-15", {}},
                                     {"2026-09-25", {}, {}},
                                     {"2026-10-20", "2026-11-01", {}}};
    for (std::size_t i = 0; i < episodes.size(); ++i) {
        auto created = server.Call(
            "POST", "/api/v1/households",
            std::string("{\"region\":\"") + kWangguan + "\",\"address\":\"王官社区5组\"}", cw);
        REQUIRE(created.status == 201);
        episodes[i].id = Field(created.body, "id");
        const std::string path = "/api/v1/households/" + episodes[i].id;
        const std::string n = std::to_string(i + 1);
        auto a = server.Call("POST", path + "/members", Member("甲", "1980010" + n, true), cw);
        auto b = server.Call("POST", path + "/members", Member("乙", "1985050" + n, false), cw);
        REQUIRE(a.status == 201);
        REQUIRE(b.status == 201);
        const std::string p1 = Field(a.body, "person_id"), p2 = Field(b.body, "person_id");
        REQUIRE(server
                    .Call("POST", path + "/visits",
                          Visit(episodes[i].flagged, p1, "unemployed", p2, "unemployed"), cw)
                    .status == 201);
        if (!episodes[i].cleared.empty()) {
            REQUIRE(server
                        .Call("POST", path + "/visits",
                              Visit(episodes[i].cleared, p1, "unemployed", p2, "employed_local"),
                              cw)
                        .status == 201);
        }
    }
    // Every page of one household, following the cursor: the ids and the first page's count.
    const auto listed = [&](const std::string& query, const std::string& count) {
        std::set<std::string> ids;
        std::string cursor, figure;
        for (int page = 0; page < 10; ++page) {
            auto reply =
                server.Call("GET",
                            "/api/v1/reports/zero-employment?region=" + std::string(kLancheng) +
                                "&limit=1&" + query + (cursor.empty() ? "" : "&cursor=" + cursor),
                            {}, cw);
            REQUIRE(reply.status == 200);
            if (page == 0) figure = Field(reply.body, count);
            if (reply.body.find("\"households\":[]") != std::string::npos) break;
            ids.insert(Field(reply.body, "id"));
            cursor = Field(reply.body, "next_cursor");
            if (cursor.empty()) break;
        }
        return std::make_pair(ids, figure);
    };
    for (const std::string day :
         {"2026-08-31", "2026-09-02", "2026-09-12", "2026-09-30", "2026-10-16", "2026-11-05"}) {
        INFO("valid_on " << day);
        std::set<std::string> open, cleared;
        for (const auto& e : episodes) {
            if (e.flagged > day) continue;
            (!e.cleared.empty() && e.cleared <= day ? cleared : open).insert(e.id);
        }
        const auto [open_ids, open_count] = listed("valid_on=" + day, "open");
        CHECK(open_ids == open);
        CHECK(open_count == std::to_string(open.size()));
        const auto [cleared_ids, cleared_count] =
            listed("list=cleared&valid_on=" + day, "cleared_count");
        CHECK(cleared_ids == cleared);
        CHECK(cleared_count == std::to_string(cleared.size()));
    }
    // Known now, nothing was known a year ago.
    const auto [then, then_count] = listed("as_of=2025-11-01", "open");
    CHECK(then.empty());
    CHECK(then_count == "0");
}
