// Supervision over HTTP: an inspection whose sample is drawn from a recorded seed and drawn again
// identically; the findings path opened → rectification rejected → resubmitted → accepted, who
// may do each step, as_of and field-level history; overdue findings per county.
#include <catch2/catch.hpp>
#include <thread>

#include "support/api_server.hpp"
#include "support/json_field.hpp"
#include "support/resident_ids.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/domain/supervision/finding.hpp"
#include "xfl/eventstore/new_event.hpp"

using namespace xfl::testing;

namespace {

std::string Today() {
    return xfl::domain::FormatDate(xfl::domain::ChinaDay(xfl::api::NowMicros()));
}
std::string InDays(int days) {
    return xfl::domain::FormatDate(xfl::domain::ChinaDay(xfl::api::NowMicros()) + days);
}

// A household of one member in 王官社区, flagged zero-employment by a visit on `visit_date`
// (default today) and, when `clear`, cleared by the next.
struct Household {
    std::string id, person, visit;  // the household, its member, the visit that flagged it
};
Household ZeroEmploymentHousehold(ApiServer& server, const std::string& cw, int n, bool clear,
                                  const std::string& visit_date = Today()) {
    auto created = server.Call("POST", "/api/v1/households",
                               std::string("{\"region\":\"") + kWangguan +
                                   "\",\"address\":\"王官社区" + std::to_string(n) + "号\"}",
                               cw);
    REQUIRE(created.status == 201);
    const std::string id = Field(created.body, "id");
    const std::string path = "/api/v1/households/" + id;
    auto member = server.Call(
        "POST", path + "/members",
        "{\"name\":\"张" + std::to_string(n) + "\",\"resident_id\":\"" +
            ValidResidentId("19800101", true, std::to_string(10 + n)) +
            "\",\"sex\":\"male\",\"birth_date\":\"1980-01-01\",\"education\":\"junior_secondary\","
            "\"labour_capacity\":true,\"wants_work\":true,\"categories\":[\"rural_labour\"]}",
        cw);
    REQUIRE(member.status == 201);
    const std::string person = Field(member.body, "person_id");
    auto visit = [&](const std::string& status) {
        auto reply = server.Call("POST", path + "/visits",
                                 "{\"date\":\"" + visit_date + "\",\"members\":[{\"person_id\":\"" +
                                     person + "\",\"status\":\"" + status +
                                     "\",\"monthly_income_fen\":0,\"wants_job\":true}]}",
                                 cw);
        INFO(reply.body);
        REQUIRE(reply.status == 201);
        return reply.body;
    };
    const std::string flagged = visit("unemployed");
    CHECK(Field(flagged, "zero_employment") == "true");
    if (clear) CHECK(Field(visit("employed_local"), "zero_employment") == "false");
    return {id, person, Field(flagged, "visit_id")};
}

std::string InspectionBody(const std::string& size, const std::string& seed = "20261128") {
    return std::string("{\"region\":\"") + kLancheng +
           "\",\"unit_kind\":\"region\",\"unit_name\":\"兰城街道\",\"starts_on\":\"" + Today() +
           "\",\"ends_on\":\"" + InDays(7) +
           "\",\"inspectors\":[\"insp.longyang\"],\"methods\":[\"household_visits\"],"
           "\"sample\":{\"kind\":\"zero_employment_cleared\",\"from\":\"2026-09-01\",\"to\":\"" +
           Today() + "\",\"size\":" + size + ",\"seed\":\"" + seed + "\"}}";
}

std::string FindingBody(const std::string& deadline, const std::string& extra = "") {
    return std::string("{\"region\":\"") + kLancheng +
           "\",\"category\":\"overdue_clearing\",\"description\":\"零就业家庭清零后未回访\","
           "\"responsible_unit\":\"兰城街道人社服务中心\",\"responsible_person\":\"cw.lancheng\","
           "\"deadline\":\"" +
           deadline + "\",\"evidence\":[\"/api/v1/households/h1\"]" + extra + "}";
}

}  // namespace

TEST_CASE("an inspection draws its sample from a recorded seed; drawn again, it is the same") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.lancheng", "caseworker", kLancheng);
    const std::string inspector = server.UserWithRole("insp.longyang", "inspector", kLongyang);
    const std::string tengchong = server.UserWithRole("insp.tengchong", "inspector", kTengchong);
    std::vector<std::string> cleared;
    for (int i = 0; i < 3; ++i) cleared.push_back(ZeroEmploymentHousehold(server, cw, i, true).id);
    const std::string still_open = ZeroEmploymentHousehold(server, cw, 3, false).id;

    auto too_many = server.Call("POST", "/api/v1/inspections", InspectionBody("4"), inspector);
    CHECK(too_many.status == 422);
    CHECK(Field(too_many.body, "field") == "sample.size");
    CHECK_THAT(too_many.body, Catch::Contains("3 records"));
    CHECK(server.Call("POST", "/api/v1/inspections", InspectionBody("2"), cw).status == 403);
    CHECK(server.Call("POST", "/api/v1/inspections", InspectionBody("2"), tengchong).status == 403);
    CHECK(
        Field(server.Call("POST", "/api/v1/inspections", InspectionBody("2", "-1"), inspector).body,
              "field") == "sample.seed");

    auto opened = server.Call("POST", "/api/v1/inspections", InspectionBody("2"), inspector);
    INFO(opened.body);
    REQUIRE(opened.status == 201);
    const std::string id = Field(opened.body, "id");
    CHECK(Field(opened.body, "population") == "3");
    CHECK(Field(opened.body, "seed") == "20261128");
    const auto sampled = FieldArray(opened.body, "records");
    REQUIRE(sampled.size() == 2);
    for (const auto& record : sampled) {
        CHECK(std::find(cleared.begin(), cleared.end(), record) != cleared.end());
    }
    CHECK(sampled[0] != sampled[1]);
    CHECK_THAT(opened.body, !Catch::Contains(still_open));

    // Later clearings do not change what the recorded draw reads.
    ZeroEmploymentHousehold(server, cw, 4, true);
    auto redraw = server.Call("GET", "/api/v1/inspections/" + id + "/redraw", {}, inspector);
    CHECK(Field(redraw.body, "reproduced") == "true");
    CHECK(FieldArray(redraw.body, "records") == sampled);
    CHECK(server.Call("GET", "/api/v1/inspections/" + id, {}, tengchong).status == 403);
    CHECK(server.Call("GET", "/api/v1/inspections/" + id, {}, cw).status == 403);

    const std::string results = "/api/v1/inspections/" + id + "/results";
    auto outside = server.Call("POST", results,
                               "{\"record_id\":\"" + still_open +
                                   "\",\"result\":\"conforming\",\"date\":\"" + Today() + "\"}",
                               inspector);
    CHECK(outside.status == 422);
    CHECK(Field(outside.body, "field") == "record_id");
    auto bare = server.Call("POST", results,
                            "{\"record_id\":\"" + sampled[0] +
                                "\",\"result\":\"problem\",\"date\":\"" + Today() + "\"}",
                            inspector);
    CHECK(bare.status == 400);
    CHECK(Field(bare.body, "field") == "note");
    auto checked = server.Call("POST", results,
                               "{\"record_id\":\"" + sampled[1] +
                                   "\",\"result\":\"conforming\",\"note\":\"已入户核实\","
                                   "\"date\":\"" +
                                   Today() + "\"}",
                               inspector);
    INFO(checked.body);
    CHECK(checked.status == 200);
    CHECK_THAT(checked.body, Catch::Contains("\"result\":\"unchecked\""));
    CHECK_THAT(checked.body, Catch::Contains("\"result\":\"conforming\""));
    auto listed =
        server.Call("GET", std::string("/api/v1/inspections?region=") + kLongyang, {}, inspector);
    CHECK(Field(listed.body, "checked") == "1");
    auto closed = server.Call("POST", "/api/v1/inspections/" + id + "/close",
                              R"({"summary":"抽查2户，1户已核实"})", inspector);
    CHECK(Field(closed.body, "status") == "closed");
    auto history = server.Call("GET", "/api/v1/inspections/" + id + "/history", {}, inspector);
    CHECK_THAT(history.body, Catch::Contains("inspection.sample_checked"));
    CHECK_THAT(history.body, Catch::Contains("\"field\":\"status\""));
}

TEST_CASE("a finding: rectification rejected, resubmitted, accepted — each step by its role") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.lancheng", "caseworker", kLancheng);
    const std::string inspector = server.UserWithRole("insp.longyang", "inspector", kLongyang);
    const std::string concerned = server.UserWithRole("insp.lancheng", "inspector", kLancheng);
    const std::string tengchong = server.UserWithRole("cw.tengchong", "caseworker", kTengchong);

    // Only inspectors open, with a deadline ahead.
    CHECK(server.Call("POST", "/api/v1/findings", FindingBody(InDays(30)), cw).status == 403);
    auto past = server.Call("POST", "/api/v1/findings", FindingBody(Today()), inspector);
    CHECK(past.status == 422);
    CHECK(Field(past.body, "field") == "deadline");
    auto no_inspection =
        server.Call("POST", "/api/v1/findings",
                    FindingBody(InDays(30), R"(,"inspection_id":"i404")"), inspector);
    CHECK(Field(no_inspection.body, "field") == "inspection_id");

    auto opened = server.Call("POST", "/api/v1/findings", FindingBody(InDays(30)), inspector);
    INFO(opened.body);
    REQUIRE(opened.status == 201);
    const std::string id = Field(opened.body, "id");
    const std::string path = "/api/v1/findings/" + id;
    CHECK(Field(opened.body, "status") == "open");
    CHECK(Field(opened.body, "opened_by") == "insp.longyang");
    CHECK(server.Call("GET", path, {}, tengchong).status == 403);

    const std::string answer =
        "{\"kind\":\"rectification\",\"text\":\"已补充回访记录\",\"date\":\"" + Today() +
        "\",\"evidence\":[\"回访表.pdf\"]}";
    CHECK(server.Call("POST", path + "/answers", answer, inspector).status == 403);
    CHECK(server.Call("POST", path + "/accept", "{}", inspector).status == 422);
    auto first = server.Call("POST", path + "/answers", answer, cw);
    REQUIRE(first.status == 200);
    CHECK(Field(first.body, "status") == "answered");
    CHECK(server.Call("POST", path + "/answers", answer, cw).status == 422);
    // The caseworker does not decide; an inspector who answered, or whose work it is, neither.
    CHECK(server.Call("POST", path + "/accept", "{}", cw).status == 403);
    auto rejected = server.Call(
        "POST", path + "/reject",
        "{\"reason\":\"回访记录缺少签字\",\"new_deadline\":\"" + InDays(40) + "\"}", inspector);
    REQUIRE(rejected.status == 200);
    CHECK(Field(rejected.body, "status") == "open");
    CHECK(Field(rejected.body, "deadline") == InDays(40));
    REQUIRE(server.Call("POST", path + "/answers", answer, cw).status == 200);

    auto own =
        server.Call("POST", "/api/v1/findings",
                    FindingBody(InDays(30))
                        .replace(FindingBody(InDays(30)).find("cw.lancheng"), 11, "insp.lancheng"),
                    inspector);
    REQUIRE(own.status == 201);
    const std::string own_path = "/api/v1/findings/" + Field(own.body, "id");
    REQUIRE(server.Call("POST", own_path + "/answers", answer, cw).status == 200);
    auto self = server.Call("POST", own_path + "/accept", "{}", concerned);
    CHECK(self.status == 403);
    CHECK_THAT(self.body, Catch::Contains("your own work"));

    auto accepted = server.Call("POST", path + "/accept", R"({"note":"已核实签字"})", inspector);
    REQUIRE(accepted.status == 200);
    CHECK(Field(accepted.body, "status") == "closed");
    CHECK(server
              .Call("POST", path + "/reject",
                    "{\"reason\":\"x\",\"new_deadline\":\"" + InDays(40) + "\"}", inspector)
              .status == 422);

    // Findings are events like everything else: history with changes, and as_of.
    auto history = server.Call("GET", path + "/history", {}, inspector);
    CHECK_THAT(history.body, Catch::Contains("finding.rejected"));
    CHECK_THAT(history.body, Catch::Contains("\"field\":\"deadline\""));
    auto before = server.Call("GET", path + "?as_of=2026-01-01", {}, inspector);
    CHECK(before.status == 404);
    CHECK(Field(before.body, "field") == "as_of");
    CHECK(server.Call("GET", path + "?as_of=2999-01-01", {}, inspector).status == 400);
    auto listed = server.Call(
        "GET", std::string("/api/v1/findings?region=") + kLancheng + "&status=closed", {}, cw);
    CHECK_THAT(listed.body, Catch::Contains(id));
    CHECK(server
              .Call("GET", std::string("/api/v1/findings?region=") + kLancheng + "&status=lost", {},
                    cw)
              .status == 400);
}

TEST_CASE("overdue findings are listed per county") {
    ApiServer server;
    const std::string inspector = server.UserWithRole("insp.city", "inspector", kCity);
    const std::string cw = server.UserWithRole("cw.lancheng", "caseworker", kLancheng);
    // A finding opened in the autumn whose deadline has passed (appended as recorded then).
    xfl::domain::FindingOpened late;
    late.finding_id = "flate";
    late.region = kWangguan;
    late.category = "data_quality";
    late.description = "劳动力台账缺失";
    late.responsible_unit = "王官社区";
    late.deadline = "2026-10-31";
    late.opened_by = "insp.city";
    late.opened_on = "2026-10-01";
    REQUIRE(server.log()
                .Append({xfl::domain::FindingStreamId("flate"),
                         xfl::eventstore::ExpectedVersion::NoStream(),
                         {xfl::eventstore::MakeEvent(late, 1)},
                         "",
                         {"insp.city", "inspector", kCity}})
                .ok());
    REQUIRE(server
                .Call("POST", "/api/v1/findings",
                      std::string(R"({"region":")") + kTengchong +
                          R"(","category":"service_station_not_working",)"
                          R"("description":"零工驿站未开放","responsible_unit":"腾冲市人社局",)"
                          R"("deadline":")" +
                          InDays(10) + "\"}",
                      inspector)
                .status == 201);
    // The read model catches up with the direct append.
    std::string counties;
    for (int i = 0; i < 100; ++i) {
        counties = server
                       .Call("GET", std::string("/api/v1/findings/by-county?region=") + kCity, {},
                             inspector)
                       .body;
        if (counties.find("flate") != std::string::npos) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    INFO(counties);
    CHECK_THAT(counties, Catch::Contains(R"("county":"530502000000","open":1,"answered":0,)"
                                         R"("closed":0,"overdue_count":1)"));
    CHECK_THAT(counties, Catch::Contains(R"("county":"530581000000","open":1,"answered":0,)"
                                         R"("closed":0,"overdue_count":0)"));
    auto overdue =
        server.Call("GET", std::string("/api/v1/findings?region=") + kLongyang + "&overdue=true",
                    {}, inspector);
    CHECK_THAT(overdue.body, Catch::Contains("\"days_overdue\":"));
    CHECK(Field(overdue.body, "id") == "flate");
    // By the dates reported: on 15 October it was open and not yet due (and 腾冲's, opened
    // today, not there); on 15 November 15 days overdue; on 30 September not opened yet.
    const auto on = [&](const std::string& path) {
        auto reply = server.Call("GET", path, {}, inspector);
        REQUIRE(reply.status == 200);
        return reply.body;
    };
    const std::string mid_october =
        on(std::string("/api/v1/findings/by-county?region=") + kCity + "&valid_on=2026-10-15");
    CHECK_THAT(mid_october, Catch::Contains(R"("county":"530502000000","open":1,"answered":0,)"
                                            R"("closed":0,"overdue_count":0)"));
    CHECK_THAT(mid_october, !Catch::Contains("530581"));
    const std::string mid_november = on(std::string("/api/v1/findings?region=") + kLongyang +
                                        "&overdue=true&valid_on=2026-11-15");
    CHECK(Field(mid_november, "id") == "flate");
    CHECK(Field(mid_november, "days_overdue") == "15");
    CHECK_THAT(on(std::string("/api/v1/findings?region=") + kLongyang + "&valid_on=2026-09-30"),
               !Catch::Contains("flate"));
    // A caseworker of 兰城 sees the overdue finding of his area and nothing of 腾冲.
    auto own =
        server.Call("GET", std::string("/api/v1/findings/by-county?region=") + kLancheng, {}, cw);
    CHECK_THAT(own.body, Catch::Contains("flate"));
    CHECK_THAT(own.body, !Catch::Contains("530581"));
    CHECK(server.Call("GET", std::string("/api/v1/findings/by-county?region=") + kCity, {}, cw)
              .status == 403);
}

TEST_CASE("activity: who did what in a region over some days, with attention flags") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.lancheng", "caseworker", kLancheng);
    const std::string cw_tc = server.UserWithRole("cw.tengchong", "caseworker", kTengchong);
    const std::string inspector = server.UserWithRole("insp.longyang", "inspector", kLongyang);
    // A visit written up 30 days after it took place, then corrected.
    const Household household = ZeroEmploymentHousehold(server, cw, 1, false, InDays(-30));
    const std::string path = "/api/v1/households/" + household.id;
    const std::string& visit = household.visit;
    const std::string& person = household.person;
    auto corrected =
        server.Call("POST", path + "/visits",
                    "{\"date\":\"" + InDays(-30) + "\",\"corrects_visit\":\"" + visit +
                        "\",\"reason\":\"收入填错\",\"members\":[{" + "\"person_id\":\"" + person +
                        "\",\"status\":\"unemployed\",\"monthly_income_fen\":0,"
                        "\"wants_job\":true}]}",
                    cw);
    INFO(corrected.body);
    REQUIRE(corrected.status == 201);
    auto other = server.Call("POST", "/api/v1/households",
                             R"({"region":"530581001001","address":"腾冲某村"})", cw_tc);
    REQUIRE(other.status == 201);

    const std::string base = std::string("/api/v1/audit/activity?region=") + kLongyang;
    std::string all;
    for (int i = 0; i < 100; ++i) {  // the index catches up with the appends
        all = server.Call("GET", base + "&type=household.", {}, inspector).body;
        if (all.find("\"correction\"") != std::string::npos) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    INFO(all);
    CHECK_THAT(all, Catch::Contains("\"type\":\"household.registered\""));
    CHECK_THAT(all, Catch::Contains("\"user\":\"cw.lancheng\""));
    CHECK_THAT(all, Catch::Contains("\"region\":\"" + std::string(kWangguan) + "\""));
    CHECK_THAT(all, Catch::Contains("\"flag\":\"backdated\",\"why\":\"dated " + InDays(-30) +
                                    ", recorded 30 days later\""));
    CHECK_THAT(all, Catch::Contains("\"flag\":\"correction\""));
    // The household was flagged 30 days ago and no plan was opened within 7 days: the
    // correction, made today, came 23 days after that limit passed; the registration and the
    // first entries, before any limit, did not.
    const std::string after_plan_limit =
        "\"flag\":\"after_deadline\",\"why\":\"recorded 23 days after the zero-employment "
        "assistance plan (due " +
        InDays(-23) + ") passed unmet\"";
    CHECK_THAT(all, Catch::Contains(after_plan_limit));
    CHECK(all.find("after_deadline") == all.rfind("after_deadline"));
    CHECK_THAT(
        server.Call("GET", base + "&type=household.&after_deadline_days=22", {}, inspector).body,
        !Catch::Contains("after_deadline"));
    // Nothing of another county (cw.tengchong registered a household there), not even that
    // something happened there.
    CHECK_THAT(all, !Catch::Contains("cw.tengchong"));
    CHECK_THAT(all, !Catch::Contains("530581"));

    // Only the flags asked for: each entry listed holds one of them, whatever else it holds.
    const std::string corrections =
        server.Call("GET", base + "&flag=correction", {}, inspector).body;
    CHECK_THAT(corrections, Catch::Contains("\"flag\":\"correction\""));
    CHECK(corrections.find("\"flags\":") == corrections.rfind("\"flags\":"));  // one entry
    const std::string either =
        server.Call("GET", base + "&flag=after_deadline,backdated", {}, inspector).body;
    CHECK_THAT(either, Catch::Contains(after_plan_limit) && Catch::Contains("\"backdated\""));
    auto unknown = server.Call("GET", base + "&flag=backdated,late", {}, inspector);
    CHECK(unknown.status == 400);
    CHECK(Field(unknown.body, "field") == "flag");
    CHECK_THAT(Field(unknown.body, "message"), Catch::Contains("after_deadline"));

    auto flagged = server.Call("GET", base + "&flagged=true&type=household.visit", {}, inspector);
    CHECK_THAT(flagged.body, !Catch::Contains("household.registered"));
    CHECK_THAT(flagged.body, Catch::Contains("household.visit_recorded"));
    auto bursts = server.Call("GET", base + "&user=cw.lancheng&burst_count=3&burst_minutes=60", {},
                              inspector);
    CHECK_THAT(bursts.body, Catch::Contains("\"flag\":\"burst\""));
    auto nobody = server.Call("GET", base + "&user=cw.tengchong", {}, inspector);
    CHECK_THAT(nobody.body, Catch::Contains("\"entries\":[]"));
    // A page at a time.
    auto first = server.Call("GET", base + "&limit=2", {}, inspector);
    const std::string cursor = Field(first.body, "next_cursor");
    REQUIRE_FALSE(cursor.empty());
    auto second = server.Call("GET", base + "&limit=2&cursor=" + cursor, {}, inspector);
    CHECK(Field(second.body, "position") != Field(first.body, "position"));
    CHECK(std::stoi(Field(second.body, "position")) > std::stoi(Field(first.body, "position")));

    // A village renamed by the city's admin is its own record, in that village.
    REQUIRE(server
                .Call("PATCH", std::string("/api/v1/regions/") + kWangguan,
                      R"({"name":"王官社区（更名）"})", server.admin_token())
                .status == 200);
    std::string renamed;
    for (int i = 0; i < 100; ++i) {
        renamed = server.Call("GET", base + "&type=region.", {}, inspector).body;
        if (renamed.find("region.renamed") != std::string::npos) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    CHECK_THAT(renamed, Catch::Contains("\"stream\":\"region-" + std::string(kWangguan)));
    // An account is in the region of its first grant.
    server.UserWithRole("cw.wangguan", "caseworker", kWangguan);
    std::string accounts;
    for (int i = 0; i < 100; ++i) {
        accounts = server.Call("GET", base + "&type=account.created", {}, inspector).body;
        if (accounts.find("account-cw.wangguan") != std::string::npos) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    CHECK_THAT(accounts, Catch::Contains("\"region\":\"" + std::string(kWangguan) + "\""));

    // The access log: a caseworker is shown the member's full ID, with a reason.
    REQUIRE(
        server.Call("GET", path + "?reveal=resident_ids&reason=insurance-check", {}, cw).status ==
        200);
    const std::string access_base =
        std::string("/api/v1/audit/access?region=") + kLongyang + "&user=cw.lancheng";
    std::string access;
    for (int i = 0; i < 100; ++i) {
        access = server.Call("GET", access_base, {}, inspector).body;
        if (access.find("access.") != std::string::npos) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    CHECK_THAT(access, Catch::Contains("\"stream\":\"access-household-" + household.id));
    CHECK_THAT(access, Catch::Contains("\"reason\":\"insurance-check\""));
    CHECK_THAT(access, Catch::Contains("\"region\":\"" + std::string(kWangguan) + "\""));
    CHECK_THAT(access, !Catch::Contains("household.registered"));
    // The activity shows a correction's reason too.
    CHECK_THAT(server.Call("GET", base + "&type=household.visit", {}, inspector).body,
               Catch::Contains("\"reason\":\"收入填错\""));

    CHECK(server.Call("GET", base, {}, cw).status == 403);
    CHECK(server.Call("GET", access_base, {}, cw).status == 403);
    CHECK(
        server
            .Call("GET", std::string("/api/v1/audit/activity?region=") + kTengchong, {}, inspector)
            .status == 403);
    auto backwards =
        server.Call("GET", base + "&from=" + Today() + "&to=" + InDays(-1), {}, inspector);
    CHECK(backwards.status == 400);
    CHECK(Field(backwards.body, "field") == "from");
    CHECK(Field(server.Call("GET", base + "&from=" + InDays(-100), {}, inspector).body, "field") ==
          "from");
    CHECK(Field(server.Call("GET", base + "&backdated_days=0", {}, inspector).body, "field") ==
          "backdated_days");
    CHECK(Field(server.Call("GET", base + "&flagged=maybe", {}, inspector).body, "field") ==
          "flagged");
    CHECK(Field(server.Call("GET", base + "&after_deadline_days=0", {}, inspector).body, "field") ==
          "after_deadline_days");
}
