// Employers, trades and postings as pure rules: credit codes, registration, visits, the
// posting's seats and lifecycle; no server, no log.
#include <catch2/catch.hpp>

#include "xfl/domain/employment/credit_code.hpp"
#include "xfl/domain/employment/employer.hpp"
#include "xfl/domain/employment/posting.hpp"
#include "xfl/domain/employment/trade.hpp"
#include "xfl/domain/kernel/time.hpp"

using namespace xfl;
using namespace xfl::domain;

namespace {

const std::int64_t kToday = *ParseDate("2026-11-20", "today");

// A valid code for `first17` (the check character computed).
std::string CodeFor(std::string first17) { return first17 + CreditCode::CheckCharacter(first17); }

EmployerRegistered AnEmployer() {
    return {CodeFor("91530502MA6K5XWJ1"),
            "保山市隆阳区咖啡种植专业合作社",
            "cooperative",
            "A01",
            "530502100000",
            "隆阳区永昌街道",
            "李红",
            "13800001111"};
}

template <class State, class Event>
State Fold(State s, const std::vector<Event>& events) {
    for (const auto& e : events) s = Evolve(std::move(s), e);
    return s;
}

const TradeCatalogue kTrades = BuiltInTrades();
bool Known(std::string_view trade) { return kTrades.Knows(trade); }

PostingOpened APosting(std::int64_t headcount = 2) {
    PostingOpened p;
    p.posting_id = "po1";
    p.employer_id = AnEmployer().employer_id;
    p.employer_name = AnEmployer().name;
    p.title = "咖啡采摘工";
    p.trade = "coffee";
    p.region = "530502100000";
    p.wage_unit = "day";
    p.wage_fen = 12000;
    p.start_date = "2026-10-01";
    p.end_date = "2027-01-31";
    p.term = "seasonal";
    p.source = "employer_request";
    p.headcount = headcount;
    p.provides = {"meals", "lodging"};
    return p;
}

PostingState Opened(std::int64_t headcount = 2) {
    auto opened = DecideOpenPosting({}, APosting(headcount), kToday, Known);
    REQUIRE(opened.ok());
    return Fold(PostingState{}, *opened);
}

SeatFilled Seat(std::string placement, std::string date = "2026-11-20") {
    return {std::move(placement), "h1", "p1", std::move(date), "{}"};
}

}  // namespace

TEST_CASE("credit codes: GB 32100-2015 check character, characters and area") {
    CHECK(CreditCode::Parse("91350100M000100Y43").ok());  // the standard's worked example
    CHECK(CreditCode::Parse("91350100m000100y43")->str() == "91350100M000100Y43");
    auto wrong = CreditCode::Parse("91350100M000100Y44");
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().field == "credit_code");
    CHECK(wrong.error().message.find("gives 3") != std::string::npos);
    CHECK_FALSE(CreditCode::Parse("91350100M000100Y4").ok());   // 17 characters
    CHECK_FALSE(CreditCode::Parse("91350100M0001O0Y43").ok());  // the letter O is not used
    CHECK_FALSE(CreditCode::Parse("9135A100M000100Y43").ok());  // area must be digits
}

TEST_CASE("an employer is registered once, with every field checked") {
    auto registered = DecideRegisterEmployer({}, AnEmployer());
    REQUIRE(registered.ok());
    const EmployerState s = Fold(EmployerState{}, *registered);
    CHECK(s.exists);

    auto again = DecideRegisterEmployer(s, AnEmployer());
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == Errc::kAlreadyExists);
    CHECK(again.error().message.find(AnEmployer().employer_id) != std::string::npos);

    auto bad = [](auto change) {
        EmployerRegistered e = AnEmployer();
        change(e);
        auto decided = DecideRegisterEmployer({}, e);
        REQUIRE_FALSE(decided.ok());
        return decided.error().field;
    };
    CHECK(bad([](EmployerRegistered& e) { e.kind = "club"; }) == "kind");
    CHECK(bad([](EmployerRegistered& e) { e.industry = "Z"; }) == "industry");
    CHECK(bad([](EmployerRegistered& e) { e.industry = "A1"; }) == "industry");
    CHECK(bad([](EmployerRegistered& e) { e.region = "530500000000"; }) == "region");
    CHECK(bad([](EmployerRegistered& e) { e.name.clear(); }) == "name");
    CHECK(bad([](EmployerRegistered& e) { e.contact_phone = "138-0000"; }) == "contact_phone");
    CHECK(bad([](EmployerRegistered& e) { e.contact_phone.clear(); }) == "contact_phone");
}

TEST_CASE("an employer is renamed, changes contact and closes; a closed one takes no visit") {
    EmployerState s = Fold(EmployerState{}, *DecideRegisterEmployer({}, AnEmployer()));
    auto renamed = DecideRenameEmployer(s, {"保山咖啡有限公司", "改制"});
    REQUIRE(renamed.ok());
    s = Fold(s, *renamed);
    CHECK(s.record.name == "保山咖啡有限公司");
    CHECK(DecideRenameEmployer(s, {"保山咖啡有限公司", ""})->empty());  // nothing changes
    s = Fold(s, *DecideChangeContact(s, {"王强", "13900002222"}));
    CHECK(s.record.contact_name == "王强");

    CHECK(DecideCloseEmployer(s, {"2026-12-01", "停业"}, kToday).error().field == "date");
    s = Fold(s, *DecideCloseEmployer(s, {"2026-11-19", "停业"}, kToday));
    EmployerVisited visit{"ev1", "2026-11-20", "cw", "", "融资难", {}, {}};
    CHECK(DecideRecordEmployerVisit(s, visit, kToday, Known).error().code == Errc::kRuleViolated);
}

TEST_CASE("a visit records vacancies in known trades and the services given") {
    const EmployerState s = Fold(EmployerState{}, *DecideRegisterEmployer({}, AnEmployer()));
    EmployerVisited visit{"ev1",
                          "2026-11-20",
                          "cw",
                          "咖啡采摘 10月至次年1月",
                          "",
                          {{"coffee", "10月至次年1月", 30, {}}},
                          {"policy_training_subsidy", "vacancy_collection"}};
    CHECK(DecideRecordEmployerVisit(s, visit, kToday, Known).ok());

    EmployerVisited unknown_trade = visit;
    unknown_trade.vacancies[0].trade = "astronaut";
    CHECK(DecideRecordEmployerVisit(s, unknown_trade, kToday, Known).error().field ==
          "vacancies[0].trade");
    EmployerVisited no_seats = visit;
    no_seats.vacancies[0].headcount = 0;
    CHECK(DecideRecordEmployerVisit(s, no_seats, kToday, Known).error().field ==
          "vacancies[0].headcount");
    EmployerVisited bad_service = visit;
    bad_service.services = {"free_lunch"};
    CHECK(DecideRecordEmployerVisit(s, bad_service, kToday, Known).error().field == "services[0]");
    EmployerVisited empty{"ev2", "2026-11-20", "cw", "", "", {}, {}};
    CHECK(DecideRecordEmployerVisit(s, empty, kToday, Known).error().field == "vacancies");

    // A vacancy that opens a posting: the posting is checked as when opened on its own.
    EmployerVisited opening = visit;
    opening.vacancies[0].posting = APosting(30);
    CHECK(DecideRecordEmployerVisit(s, opening, kToday, Known).ok());
    opening.vacancies[0].posting.wage_fen = -1;
    CHECK(DecideRecordEmployerVisit(s, opening, kToday, Known).error().field ==
          "vacancies[0].posting.wage_fen");
    opening.vacancies[0].posting = APosting(5);  // not the vacancy's headcount
    CHECK(DecideRecordEmployerVisit(s, opening, kToday, Known).error().field ==
          "vacancies[0].posting");
}

TEST_CASE("trades: built in, and added by admins once") {
    CHECK(kTrades.Knows("dendrobium"));
    CHECK(kTrades.Knows("jade_carving"));
    auto added = DecideAddTrade(kTrades, {"walnut", "核桃"});
    REQUIRE(added.ok());
    CHECK(DecideAddTrade(kTrades, {"coffee", "咖啡"}).error().code == Errc::kAlreadyExists);
    CHECK(DecideAddTrade(kTrades, {"Walnut!", "核桃"}).error().field == "code");
    CHECK(DecideAddTrade(kTrades, {"walnut", ""}).error().field == "name");
}

TEST_CASE("a posting's fields are checked when it opens") {
    auto bad = [](auto change) {
        PostingOpened p = APosting();
        change(p);
        auto decided = DecideOpenPosting({}, p, kToday, Known);
        REQUIRE_FALSE(decided.ok());
        return decided.error().field;
    };
    CHECK(bad([](PostingOpened& p) { p.headcount = 0; }) == "headcount");
    CHECK(bad([](PostingOpened& p) { p.headcount = -3; }) == "headcount");
    CHECK(bad([](PostingOpened& p) { p.wage_fen = -1; }) == "wage_fen");
    CHECK(bad([](PostingOpened& p) { p.wage_unit = "week"; }) == "wage_unit");
    CHECK(bad([](PostingOpened& p) { p.end_date = "2026-09-01"; }) == "end_date");
    CHECK(bad([](PostingOpened& p) { p.end_date.clear(); }) == "end_date");  // seasonal ends
    CHECK(bad([](PostingOpened& p) { p.trade = "astronaut"; }) == "trade");
    CHECK(bad([](PostingOpened& p) { p.provides = {"car"}; }) == "provides[0]");
    CHECK(bad([](PostingOpened& p) { p.region = "530500"; }) == "region");
    CHECK(bad([](PostingOpened& p) { p.skill_level = "master"; }) == "skill_level");
    PostingOpened long_term = APosting();
    long_term.term = "long_term";
    long_term.end_date.clear();
    CHECK(DecideOpenPosting({}, long_term, kToday, Known).ok());
}

TEST_CASE("seats: filled up to the headcount, the last closes the posting, never more") {
    PostingState s = Opened(2);
    CHECK(s.Status() == "open");
    s = Fold(s, *DecideFillSeat(s, Seat("pl1"), kToday));
    CHECK(s.Status() == "partially_filled");
    CHECK(DecideFillSeat(s, Seat("pl1"), kToday)->empty());  // the same placement again
    auto last = DecideFillSeat(s, Seat("pl2"), kToday);
    REQUIRE(last.ok());
    REQUIRE(last->size() == 2);  // the seat and the closing
    s = Fold(s, *last);
    CHECK(s.Status() == "filled");
    CHECK(s.filled() == 2);
    auto over = DecideFillSeat(s, Seat("pl3"), kToday);
    REQUIRE_FALSE(over.ok());
    CHECK(over.error().code == Errc::kRuleViolated);
    CHECK(over.error().message.find("all 2 seats") != std::string::npos);

    // A released seat opens the posting again.
    s = Fold(s, *DecideReleaseSeat(s, {"pl2", "member left"}));
    CHECK(s.Status() == "partially_filled");
    CHECK(DecideReleaseSeat(s, {"pl2", "again"})->empty());
}

TEST_CASE("a seat needs the posting open on the start date") {
    const PostingState s = Opened();
    CHECK(DecideFillSeat(s, Seat("pl1", "2026-09-30"), kToday).error().field == "start_date");
    CHECK(DecideFillSeat(s, Seat("pl1", "2026-11-21"), kToday).error().field == "start_date");
    PostingState withdrawn = Fold(s, *DecideWithdrawPosting(s, "企业取消用工", kToday));
    CHECK(withdrawn.Status() == "withdrawn");
    CHECK(DecideFillSeat(withdrawn, Seat("pl1"), kToday).error().message.find("withdrawn") !=
          std::string::npos);
    CHECK_FALSE(DecideWithdrawPosting(withdrawn, "again", kToday).ok());
}

TEST_CASE("the daily review expires an open posting after its end date, once") {
    const PostingState s = Opened();
    CHECK(DecideExpirePosting(s, *ParseDate("2027-01-31", "d"))->empty());
    auto expired = DecideExpirePosting(s, *ParseDate("2027-02-01", "d"));
    REQUIRE(expired->size() == 1);
    const PostingState after = Fold(s, *expired);
    CHECK(after.Status() == "expired");
    CHECK(DecideExpirePosting(after, *ParseDate("2027-02-02", "d"))->empty());
}
