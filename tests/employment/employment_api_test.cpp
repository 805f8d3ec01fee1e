// The demand side over HTTP: employers, visits that open postings, placements that clear a
// zero-employment household and flag it again when they end; bad input, scope, the last seat
// under concurrent placements, and a stop between a seat and the household's record of it.
#include <catch2/catch.hpp>
#include <thread>

#include "support/api_server.hpp"
#include "support/json_field.hpp"
#include "support/resident_ids.hpp"
#include "xfl/api/employment/employment.hpp"
#include "xfl/domain/employment/credit_code.hpp"
#include "xfl/domain/employment/posting.hpp"
#include "xfl/domain/households/household.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/eventstore/new_event.hpp"

using namespace xfl;
using namespace xfl::testing;

namespace {

std::string CreditCode(const std::string& first17) {
    return first17 + domain::CreditCode::CheckCharacter(first17);
}

std::string Today() { return domain::FormatDate(domain::ChinaDay(api::NowMicros())); }
std::string DaysFromToday(int days) {
    return domain::FormatDate(domain::ChinaDay(api::NowMicros()) + days);
}

std::string Member(const std::string& name, const std::string& birth, bool male,
                   const std::string& serial) {
    const std::string dashed =
        birth.substr(0, 4) + "-" + birth.substr(4, 2) + "-" + birth.substr(6, 2);
    return "{\"name\":\"" + name + "\",\"resident_id\":\"" + ValidResidentId(birth, male, serial) +
           "\",\"sex\":\"" + (male ? "male" : "female") + "\",\"birth_date\":\"" + dashed +
           "\",\"skills\":[],\"categories\":[\"rural_labour\"],\"labour_capacity\":true,"
           "\"wants_work\":true}";
}

// A household in 王官社区 whose members are all surveyed unemployed: flagged zero-employment.
struct Household {
    std::string id;
    std::vector<std::string> people;
};

// `n` tells the households of a test apart (their members' resident IDs).
Household ZeroEmploymentHousehold(ApiServer& server, const std::string& cw, int n,
                                  int members = 1) {
    auto created = server.Call(
        "POST", "/api/v1/households",
        std::string("{\"region\":\"") + kWangguan + "\",\"address\":\"王官社区5组\"}", cw);
    REQUIRE(created.status == 201);
    Household h{Field(created.body, "id"), {}};
    std::string lines;
    for (int i = 0; i < members; ++i) {
        auto added =
            server.Call("POST", "/api/v1/households/" + h.id + "/members",
                        Member("成员" + std::to_string(i), i == 0 ? "19800101" : "19850505", i == 0,
                               std::to_string(10 + (n * 3 + i) % 90)),
                        cw);
        REQUIRE(added.status == 201);
        h.people.push_back(Field(added.body, "person_id"));
        lines += std::string(i ? "," : "") + "{\"person_id\":\"" + h.people.back() +
                 "\",\"status\":\"unemployed\",\"wants_job\":true}";
    }
    auto visit =
        server.Call("POST", "/api/v1/households/" + h.id + "/visits",
                    "{\"date\":\"" + DaysFromToday(-10) + "\",\"members\":[" + lines + "]}", cw);
    REQUIRE(visit.status == 201);
    REQUIRE(Field(visit.body, "zero_employment") == "true");
    return h;
}

std::string RegisterEmployer(ApiServer& server, const std::string& token,
                             const std::string& first17, const std::string& kind = "company") {
    auto registered =
        server.Call("POST", "/api/v1/employers",
                    "{\"credit_code\":\"" + CreditCode(first17) +
                        "\",\"name\":\"保山某某公司\",\"kind\":\"" + kind +
                        "\",\"industry\":\"A01\",\"region\":\"530502001\",\"address\":\"兰城街道\","
                        "\"contact_name\":\"李红\",\"contact_phone\":\"13800001111\"}",
                    token);
    REQUIRE(registered.status == 201);
    return Field(registered.body, "id");
}

std::string OpenPosting(ApiServer& server, const std::string& token, const std::string& employer,
                        int headcount, const std::string& start = DaysFromToday(-30)) {
    auto opened = server.Call(
        "POST", "/api/v1/postings",
        "{\"employer_id\":\"" + employer +
            "\",\"title\":\"咖啡采摘工\",\"trade\":\"coffee\","
            "\"headcount\":" +
            std::to_string(headcount) +
            ",\"wage_fen\":12000,\"wage_unit\":\"day\",\"start_date\":\"" + start +
            "\",\"end_date\":\"" + DaysFromToday(60) +
            "\",\"term\":\"seasonal\",\"provides\":[\"meals\"],\"source\":\"employer_request\"}",
        token);
    REQUIRE(opened.status == 201);
    return Field(opened.body, "id");
}

std::string IntoPosting(const Household& h, const std::string& person, const std::string& posting,
                        const std::string& start = DaysFromToday(-2)) {
    return "{\"household_id\":\"" + h.id + "\",\"person_id\":\"" + person +
           "\",\"kind\":\"posting\",\"posting_id\":\"" + posting + "\",\"start_date\":\"" + start +
           "\",\"contract_signed\":true}";
}

std::string BoardFor(ApiServer& server, const std::string& token, const std::string& extra = {}) {
    return server
        .Call("GET", "/api/v1/reports/zero-employment?region=530502001002" + extra, {}, token)
        .body;
}

}  // namespace

TEST_CASE("survey, visit, posting, placement: the household is cleared, then flagged again") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.wangguan", "caseworker", kLancheng);
    const std::string inspector = server.UserWithRole("insp.city", "inspector", kCity);
    const Household h = ZeroEmploymentHousehold(server, cw, 1);
    CHECK(BoardFor(server, cw).find(h.id) != std::string::npos);

    const std::string employer = RegisterEmployer(server, cw, "91530502MA6K5XWJ1");
    auto visit = server.Call(
        "POST", "/api/v1/employers/" + employer + "/visits",
        "{\"date\":\"" + Today() +
            "\",\"seasonal_demand\":\"咖啡采摘\",\"services\":[\"vacancy_collection\"],"
            "\"vacancies\":[{\"trade\":\"coffee\",\"headcount\":2,\"season\":\"10月至次年1月\","
            "\"posting\":{\"title\":\"咖啡采摘工\",\"wage_fen\":12000,\"wage_unit\":\"day\","
            "\"start_date\":\"" +
            DaysFromToday(-20) + "\",\"end_date\":\"" + DaysFromToday(60) +
            "\",\"term\":\"seasonal\",\"provides\":[\"meals\",\"lodging\"]}}]}",
        cw);
    REQUIRE(visit.status == 201);
    const std::string ids = Field(visit.body, "posting_ids");  // ["po…"]
    const std::string posting = ids.substr(2, ids.find('"', 2) - 2);
    auto opened = server.Call("GET", "/api/v1/postings/" + posting, {}, cw);
    REQUIRE(opened.status == 200);
    CHECK(Field(opened.body, "source") == "employer_visit");
    CHECK(Field(opened.body, "status") == "open");
    const std::string before_placement = domain::FormatRfc3339(api::NowMicros());

    auto placed = server.Call("POST", "/api/v1/placements", IntoPosting(h, h.people[0], posting),
                              cw, {{"Idempotency-Key", "place-1"}});
    REQUIRE(placed.status == 201);
    const std::string placement = Field(placed.body, "id");
    CHECK(Field(placed.body, "household_zero_employment") == "false");
    CHECK(Field(placed.body, "employer_id") == employer);
    CHECK(Field(placed.body, "schedule") == "seasonal");
    // A retry with the same key answers the same placement and takes no second seat.
    auto retried = server.Call("POST", "/api/v1/placements", IntoPosting(h, h.people[0], posting),
                               cw, {{"Idempotency-Key", "place-1"}});
    CHECK(retried.status == 201);
    CHECK(Field(retried.body, "id") == placement);
    CHECK(Field(server.Call("GET", "/api/v1/postings/" + posting, {}, cw).body, "filled") == "1");

    const std::string board = BoardFor(server, inspector, "&list=cleared");
    CHECK(board.find("placement:" + placement) != std::string::npos);
    CHECK(board.find("member_employed") != std::string::npos);
    auto household = server.Call("GET", "/api/v1/households/" + h.id, {}, cw);
    CHECK(Field(household.body, "zero_employment") == "false");
    CHECK(Field(household.body, "status") == "employed_local");

    auto listed = server.Call("GET", "/api/v1/placements?region=530502001", {}, inspector);
    CHECK(listed.body.find(placement) != std::string::npos);
    CHECK(Field(listed.body, "cleared_household") == "true");
    const std::string after_placement = domain::FormatRfc3339(api::NowMicros());

    auto ended = server.Call("POST", "/api/v1/placements/" + placement + "/end",
                             "{\"date\":\"" + Today() + "\",\"reason\":\"season_over\"}", cw);
    REQUIRE(ended.status == 200);
    CHECK(Field(ended.body, "status") == "ended");
    CHECK(Field(ended.body, "household_zero_employment") == "true");
    CHECK(BoardFor(server, cw).find(h.id) != std::string::npos);

    // Each step in the history, and the record as it stood in between.
    auto history =
        server.Call("GET", "/api/v1/placements/" + placement + "/history", {}, inspector);
    REQUIRE(history.status == 200);
    for (const char* type :
         {"posting.seat_filled", "household.placement_started", "household.zero_employment_cleared",
          "household.placement_ended", "household.zero_employment_flagged"}) {
        CHECK(history.body.find(type) != std::string::npos);
    }
    auto then = server.Call("GET", "/api/v1/placements/" + placement + "?as_of=" + after_placement,
                            {}, inspector);
    CHECK(Field(then.body, "status") == "active");
    CHECK(server
              .Call("GET", "/api/v1/placements/" + placement + "?as_of=" + before_placement, {},
                    inspector)
              .status == 404);
    // By business dates: it started two days ago and ended today.
    auto not_yet = server.Call(
        "GET", "/api/v1/placements/" + placement + "?valid_on=" + DaysFromToday(-3), {}, inspector);
    CHECK(not_yet.status == 404);
    CHECK(Field(not_yet.body, "field") == "valid_on");
    CHECK(
        Field(server
                  .Call("GET", "/api/v1/placements/" + placement + "?valid_on=" + DaysFromToday(-1),
                        {}, inspector)
                  .body,
              "status") == "active");
    CHECK(Field(server
                    .Call("GET", "/api/v1/placements/" + placement + "?valid_on=" + Today(), {},
                          inspector)
                    .body,
                "status") == "ended");
    auto household_then = server.Call(
        "GET", "/api/v1/households/" + h.id + "?as_of=" + after_placement, {}, inspector);
    CHECK(Field(household_then.body, "zero_employment") == "false");
    auto posting_history = server.Call("GET", "/api/v1/postings/" + posting + "/history", {}, cw);
    CHECK(posting_history.body.find("posting.opened") != std::string::npos);
    auto employer_visits = server.Call("GET", "/api/v1/employers/" + employer + "/visits", {}, cw);
    CHECK(employer_visits.body.find(posting) != std::string::npos);

    // The figures: now, and as they stood between the placement and its end.
    auto report = server.Call("GET", "/api/v1/reports/employment?region=530502", {}, inspector);
    REQUIRE(report.status == 200);
    CHECK(report.body.find("\"zero_employment_cleared_by\":{\"placement\":1}") !=
          std::string::npos);
    CHECK(report.body.find("\"placements_by_kind\":{\"posting\":1}") != std::string::npos);
    CHECK(report.body.find("\"postings_opened\":1") != std::string::npos);
    CHECK(report.body.find("\"filled_by_trade\":{\"coffee\":1}") != std::string::npos);
    auto earlier = server.Call(
        "GET", "/api/v1/reports/employment?region=530502&as_of=" + before_placement, {}, inspector);
    CHECK(earlier.body.find("placements_by_kind") == std::string::npos);
    CHECK(earlier.body.find("\"filled_by_trade\":{\"coffee\":0}") != std::string::npos);
    auto csv =
        server.Call("GET", "/api/v1/reports/employment?region=530502&format=csv", {}, inspector);
    CHECK(csv.headers["content-type"].find("text/csv") == 0);
    CHECK(csv.body.find(",placements_by_kind,posting,1") != std::string::npos);
    CHECK(server.Call("GET", "/api/v1/reports/employment?region=530581", {}, cw).status == 403);
}

TEST_CASE("bad employers, postings and placements are refused naming the field") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.wangguan", "caseworker", kLancheng);
    const std::string employer = RegisterEmployer(server, cw, "91530502MA6K5XWJ1");
    auto call = [&](const std::string& path, const std::string& body) {
        return server.Call("POST", path, body, cw);
    };
    const std::string good_employer =
        "\",\"name\":\"x\",\"kind\":\"company\",\"industry\":\"C\",\"region\":\"530502001\","
        "\"address\":\"x\",\"contact_name\":\"x\",\"contact_phone\":\"1\"}";
    std::string wrong_check = CreditCode("91530502MA6K5XWJ2");
    wrong_check.back() = wrong_check.back() == '0' ? '1' : '0';
    auto bad_code = call("/api/v1/employers", "{\"credit_code\":\"" + wrong_check + good_employer);
    CHECK(bad_code.status == 400);
    CHECK(Field(bad_code.body, "field") == "credit_code");
    auto duplicate = call("/api/v1/employers", "{\"credit_code\":\"" + employer + good_employer);
    CHECK(duplicate.status == 409);
    CHECK(Field(duplicate.body, "message").find(employer) != std::string::npos);

    const std::string posting_base =
        "{\"employer_id\":\"" + employer +
        "\",\"title\":\"t\",\"trade\":\"coffee\",\"wage_unit\":\"day\","
        "\"term\":\"seasonal\",\"source\":\"employer_request\",";
    auto zero =
        call("/api/v1/postings", posting_base + "\"headcount\":0,\"start_date\":\"" + Today() +
                                     "\",\"end_date\":\"" + DaysFromToday(9) + "\"}");
    CHECK(zero.status == 400);
    CHECK(Field(zero.body, "field") == "headcount");
    auto negative = call("/api/v1/postings",
                         posting_base + "\"headcount\":1,\"wage_fen\":-1,\"start_date\":\"" +
                             Today() + "\",\"end_date\":\"" + DaysFromToday(9) + "\"}");
    CHECK(negative.status == 400);
    CHECK(Field(negative.body, "field") == "wage_fen");
    auto backwards = call("/api/v1/postings", posting_base + "\"headcount\":1,\"start_date\":\"" +
                                                  DaysFromToday(9) + "\",\"end_date\":\"" +
                                                  DaysFromToday(2) + "\"}");
    CHECK(backwards.status == 422);
    CHECK(Field(backwards.body, "field") == "end_date");

    const Household h = ZeroEmploymentHousehold(server, cw, 2, 2);
    const std::string one_seat = OpenPosting(server, cw, employer, 1);
    const std::string later = OpenPosting(server, cw, employer, 5, DaysFromToday(5));
    auto not_open = call("/api/v1/placements", IntoPosting(h, h.people[0], later));
    CHECK(not_open.status == 422);
    CHECK(Field(not_open.body, "field") == "start_date");
    auto nobody = call("/api/v1/placements", IntoPosting(h, "p-nobody", one_seat));
    CHECK(nobody.status == 422);
    CHECK(Field(nobody.body, "field") == "person_id");
    REQUIRE(call("/api/v1/placements", IntoPosting(h, h.people[0], one_seat)).status == 201);
    auto filled = call("/api/v1/placements", IntoPosting(h, h.people[1], one_seat));
    CHECK(filled.status == 422);
    CHECK(Field(filled.body, "message").find("seats") != std::string::npos);
    CHECK(Field(server.Call("GET", "/api/v1/postings/" + one_seat, {}, cw).body, "status") ==
          "filled");

    const std::string other = OpenPosting(server, cw, employer, 5);
    auto overlapping = call("/api/v1/placements", IntoPosting(h, h.people[0], other));
    CHECK(overlapping.status == 422);
    CHECK(Field(overlapping.body, "field") == "start_date");
    CHECK(Field(server.Call("GET", "/api/v1/postings/" + other, {}, cw).body, "filled") == "0");

    // The household is cleared now: a public-welfare post for the other member needs a reason.
    const std::string welfare = "{\"household_id\":\"" + h.id + "\",\"person_id\":\"" +
                                h.people[1] + "\",\"kind\":\"public_welfare\",\"start_date\":\"" +
                                Today() +
                                "\",\"post_type\":\"sanitation\",\"funding\":\"县级\","
                                "\"monthly_subsidy_fen\":80000,\"term_months\":12";
    auto no_reason = call("/api/v1/placements", welfare + "}");
    CHECK(no_reason.status == 422);
    CHECK(Field(no_reason.body, "field") == "priority_reason");
    CHECK(call("/api/v1/placements", welfare + ",\"priority_reason\":\"本村无其他困难人员\"}")
              .status == 201);

    // Outside the caller's scope: the same 403 whether or not the record exists.
    const std::string tengchong_cw = server.UserWithRole("cw.tc", "caseworker", "530581001000");
    CHECK(server.Call("GET", "/api/v1/employers/" + employer, {}, tengchong_cw).status == 403);
    CHECK(
        server.Call("GET", "/api/v1/employers/" + CreditCode("91530581MA6K5XWJ1"), {}, tengchong_cw)
            .status == 403);
    CHECK(server.Call("GET", "/api/v1/postings/" + other, {}, tengchong_cw).status == 403);
    CHECK(server
              .Call("POST", "/api/v1/postings/" + other + "/withdraw", "{\"reason\":\"x\"}",
                    tengchong_cw)
              .status == 403);
    CHECK(server
              .Call("POST", "/api/v1/employers/" + employer + "/visits",
                    "{\"date\":\"" + Today() + "\",\"difficulties\":\"x\"}", tengchong_cw)
              .status == 403);
    // A caseworker of a neighbouring township in the same county sees the posting nearby.
    const std::string neighbour = server.UserWithRole("cw.nb", "caseworker", "530502002000");
    CHECK(server.Call("GET", "/api/v1/postings/" + other, {}, neighbour).status == 200);
    auto nearby = server.Call("GET", "/api/v1/postings?region=530502002&nearby=county&open=true",
                              {}, neighbour);
    CHECK(nearby.body.find(other) != std::string::npos);
    CHECK(server.Call("GET", "/api/v1/postings?region=530502001", {}, neighbour).status == 403);
}

TEST_CASE("the last seat goes to one of two concurrent placements") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.wangguan", "caseworker", kLancheng);
    const std::string employer = RegisterEmployer(server, cw, "91530502MA6K5XWJ1");
    for (int round = 0; round < 3; ++round) {
        const std::string posting = OpenPosting(server, cw, employer, 1);
        std::vector<Household> households;
        for (int i = 0; i < 4; ++i) {
            households.push_back(ZeroEmploymentHousehold(server, cw, round * 4 + i));
        }
        std::vector<int> statuses(households.size());
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < households.size(); ++i) {
            threads.emplace_back([&, i] {
                statuses[i] =
                    server
                        .Call("POST", "/api/v1/placements",
                              IntoPosting(households[i], households[i].people[0], posting), cw)
                        .status;
            });
        }
        for (auto& t : threads) t.join();
        CHECK(std::count(statuses.begin(), statuses.end(), 201) == 1);
        for (int s : statuses) CHECK((s == 201 || s == 409 || s == 422));
        CHECK(Field(server.Call("GET", "/api/v1/postings/" + posting, {}, cw).body, "filled") ==
              "1");
        int placed = 0;
        for (const Household& h : households) {
            auto got = server.Call("GET", "/api/v1/households/" + h.id, {}, cw);
            placed += Field(got.body, "zero_employment") == "false" ? 1 : 0;
        }
        CHECK(placed == 1);
    }
}

TEST_CASE("a stop between the seat and the household is completed from the log, once") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.wangguan", "caseworker", kLancheng);
    const std::string employer = RegisterEmployer(server, cw, "91530502MA6K5XWJ1");
    const std::string posting = OpenPosting(server, cw, employer, 3);
    const Household h = ZeroEmploymentHousehold(server, cw, 7);
    const Household gone = ZeroEmploymentHousehold(server, cw, 8);

    // What a request killed after its first append leaves: seats taken, households untouched.
    auto take_seat = [&](const Household& who, const std::string& placement_id) {
        domain::PlacementStarted p;
        p.placement_id = placement_id;
        p.person_id = who.people[0];
        p.kind = "posting";
        p.schedule = "seasonal";
        p.posting_id = posting;
        p.employer_id = employer;
        p.start_date = DaysFromToday(-1);
        domain::SeatFilled seat{placement_id, who.id, who.people[0], p.start_date,
                                domain::ToJsonPayload(p)};
        const auto head = server.log().StreamHead(domain::PostingStreamId(posting));
        REQUIRE(head.ok());
        eventstore::AppendRequest request;
        request.stream_id = domain::PostingStreamId(posting);
        request.expected = eventstore::ExpectedVersion::Exactly(*head);
        request.events = {eventstore::MakeEvent(seat, api::NowMicros())};
        request.command_id = "test/" + placement_id;
        request.actor = api::kSystemActor;
        REQUIRE(server.log().Append(request).ok());
    };
    take_seat(h, "pl-stopped");
    take_seat(gone, "pl-gone");
    // The second household's member leaves before the step is completed.
    REQUIRE(server
                .Call("POST",
                      "/api/v1/households/" + gone.id + "/members/" + gone.people[0] + "/leave",
                      "{\"reason\":\"moved_out\",\"date\":\"" + Today() + "\"}", cw)
                .status == 200);
    REQUIRE(server.Restart().ok());
    CHECK(Field(server.Call("GET", "/api/v1/households/" + h.id, {}, cw).body, "zero_employment") ==
          "true");

    auto& services = server.api().services();
    REQUIRE(services.runner.WaitFor(services.log.Head(), std::chrono::seconds(10)));
    auto run = api::CompleteFollowUps(services, api::NowMicros());
    REQUIRE(run.ok());
    CHECK(run->placements_recorded == 1);
    CHECK(run->seats_released == 1);
    REQUIRE(services.runner.WaitFor(services.log.Head(), std::chrono::seconds(10)));
    auto again = api::CompleteFollowUps(services, api::NowMicros());
    REQUIRE(again.ok());
    CHECK(again->placements_recorded + again->seats_released == 0);

    auto household = server.Call("GET", "/api/v1/households/" + h.id, {}, cw);
    CHECK(Field(household.body, "zero_employment") == "false");
    auto placed = server.Call("GET", "/api/v1/placements/pl-stopped", {}, cw);
    REQUIRE(placed.status == 200);
    CHECK(Field(placed.body, "recorded_by").empty());
    auto seat_state = server.Call("GET", "/api/v1/postings/" + posting, {}, cw);
    CHECK(Field(seat_state.body, "filled") == "1");
    auto history = server.Call("GET", "/api/v1/postings/" + posting + "/history", {}, cw);
    CHECK(history.body.find("posting.seat_released") != std::string::npos);
}

TEST_CASE("the daily review closes postings past their end date, once") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.wangguan", "caseworker", kLancheng);
    const std::string employer = RegisterEmployer(server, cw, "91530502MA6K5XWJ1");
    const std::string posting = OpenPosting(server, cw, employer, 3);  // ends in 60 days
    auto& services = server.api().services();
    constexpr std::int64_t kDay = 86'400'000'000;
    auto early = api::ExpirePostings(services, api::NowMicros() + 30 * kDay);
    REQUIRE(early.ok());
    CHECK(*early == 0);
    REQUIRE(services.runner.WaitFor(services.log.Head(), std::chrono::seconds(10)));
    auto late = api::ExpirePostings(services, api::NowMicros() + 62 * kDay);
    REQUIRE(late.ok());
    CHECK(*late == 1);
    REQUIRE(services.runner.WaitFor(services.log.Head(), std::chrono::seconds(10)));
    auto again = api::ExpirePostings(services, api::NowMicros() + 62 * kDay);
    REQUIRE(again.ok());
    CHECK(*again == 0);
    CHECK(Field(server.Call("GET", "/api/v1/postings/" + posting, {}, cw).body, "status") ==
          "expired");
}

TEST_CASE("the employer list on a past day: closed from its closing date, as_of refused") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.list", "caseworker", "530502001000");
    const std::string employer = RegisterEmployer(server, cw, "91530502MA6K5XWJ3");
    REQUIRE(server
                .Call("POST", "/api/v1/employers/" + employer + "/close",
                      "{\"date\":\"" + DaysFromToday(-10) + "\",\"reason\":\"停业\"}", cw)
                .status == 200);
    auto status_on = [&](const std::string& query) {
        auto listed = server.Call("GET", "/api/v1/employers?region=530502001" + query, {}, cw);
        REQUIRE(listed.status == 200);
        REQUIRE(Field(listed.body, "id") == employer);
        return Field(listed.body, "status");
    };
    CHECK(status_on("") == "closed");
    CHECK(status_on("&valid_on=" + DaysFromToday(-11)) == "trading");
    CHECK(status_on("&valid_on=" + DaysFromToday(-10)) == "closed");
    // The same as the employer's own record that day.
    auto record = server.Call(
        "GET", "/api/v1/employers/" + employer + "?valid_on=" + DaysFromToday(-11), {}, cw);
    CHECK(Field(record.body, "status") == "trading");

    auto as_of = server.Call("GET", "/api/v1/employers?region=530502001&as_of=" + Today(), {}, cw);
    CHECK(as_of.status == 400);
    CHECK(Field(as_of.body, "field") == "as_of");
    auto future = server.Call(
        "GET", "/api/v1/employers?region=530502001&valid_on=" + DaysFromToday(1), {}, cw);
    CHECK(future.status == 400);
    CHECK(Field(future.body, "field") == "valid_on");
}

TEST_CASE("the posting list on a past day: from its start, seats from their placements' start") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.postings", "caseworker", kLancheng);
    const std::string employer = RegisterEmployer(server, cw, "91530502MA6K5XWJ4");
    const std::string posting = OpenPosting(server, cw, employer, 1, DaysFromToday(-30));
    const Household h = ZeroEmploymentHousehold(server, cw, 7);
    const std::string before_placement = domain::FormatRfc3339(api::NowMicros());
    REQUIRE(server
                .Call("POST", "/api/v1/placements",
                      IntoPosting(h, h.people[0], posting, DaysFromToday(-5)), cw)
                .status == 201);
    // The listing's status and seats held, and the posting's own record, asked the same way.
    struct Seen {
        std::string listed_status, listed_filled, record_status, record_filled;
    };
    auto seen = [&](const std::string& query) {
        auto listed = server.Call("GET", "/api/v1/postings?region=530502001" + query, {}, cw);
        REQUIRE(listed.status == 200);
        auto record =
            server.Call("GET", "/api/v1/postings/" + posting + "?" + query.substr(1), {}, cw);
        REQUIRE(record.status == 200);
        REQUIRE(Field(listed.body, "id") == posting);
        return Seen{Field(listed.body, "status"), Field(listed.body, "filled"),
                    Field(record.body, "status"), Field(record.body, "filled")};
    };
    auto check = [&](const std::string& query, const std::string& status,
                     const std::string& filled) {
        INFO(query);
        const Seen s = seen(query);
        CHECK(s.listed_status == status);
        CHECK(s.listed_filled == filled);
        CHECK(s.record_status == status);
        CHECK(s.record_filled == filled);
    };
    check("&valid_on=" + Today(), "filled", "1");
    check("&valid_on=" + DaysFromToday(-5), "filled", "1");
    check("&valid_on=" + DaysFromToday(-6), "open", "0");
    check("&valid_on=" + DaysFromToday(-30), "open", "0");
    // Both questions at once: what was known before the placement was recorded, of today.
    check("&as_of=" + before_placement + "&valid_on=" + Today(), "open", "0");
    // Before its work started the posting was not there, in the list or as a record.
    auto early = server.Call(
        "GET", "/api/v1/postings?region=530502001&valid_on=" + DaysFromToday(-31), {}, cw);
    REQUIRE(early.status == 200);
    CHECK(early.body.find(posting) == std::string::npos);
    CHECK(
        server
            .Call("GET", "/api/v1/postings/" + posting + "?valid_on=" + DaysFromToday(-31), {}, cw)
            .status == 404);
    // The period report counts seats at its end the same way.
    const auto filled_by_the = [&](const std::string& to) {
        auto report =
            server.Call("GET", "/api/v1/reports/employment?region=530502001&to=" + to, {}, cw);
        REQUIRE(report.status == 200);
        const auto at = report.body.find("\"filled_by_trade\"");
        REQUIRE(at != std::string::npos);
        return Field(report.body.substr(at), "coffee");
    };
    CHECK(filled_by_the(Today()) == "1");
    CHECK(filled_by_the(DaysFromToday(-6)) == "0");
    auto future = server.Call(
        "GET", "/api/v1/postings?region=530502001&valid_on=" + DaysFromToday(1), {}, cw);
    CHECK(future.status == 400);
    CHECK(Field(future.body, "field") == "valid_on");
}
