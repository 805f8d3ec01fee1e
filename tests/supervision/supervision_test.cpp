// Supervision as pure rules: a finding's path from opening to closure (rectification rejected,
// resubmitted, accepted), who may not close it, deadlines; an inspection's fields, its sample
// drawn reproducibly and evenly, and the results recorded against it.
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "xfl/domain/kernel/time.hpp"
#include "xfl/domain/supervision/attention.hpp"
#include "xfl/domain/supervision/finding.hpp"
#include "xfl/domain/supervision/inspection.hpp"

using namespace xfl;
using namespace xfl::domain;

namespace {

std::int64_t Day(const std::string& date) { return *ParseDate(date, "date"); }
const std::int64_t kToday = Day("2026-11-20");

FindingOpened AFinding() {
    FindingOpened f;
    f.finding_id = "f1";
    f.region = "530502001000";
    f.category = "overdue_clearing";
    f.description = "3户零就业家庭超过30日未制定援助计划";
    f.responsible_unit = "板桥镇人社服务中心";
    f.responsible_person = "zhang_san";
    f.deadline = "2026-12-20";
    f.opened_by = "inspector_li";
    f.evidence = {"/api/v1/households/h0001", "xfl-digest/1 1200 2026-11-20T08:00:00Z 40 ab"};
    return f;
}

template <class State, class Events>
State Fold(State s, const Events& events) {
    for (const auto& e : events) s = Evolve(std::move(s), e);
    return s;
}

FindingState Opened() {
    auto events = DecideOpenFinding({}, AFinding(), kToday);
    REQUIRE(events.ok());
    return Fold(FindingState{}, *events);
}

FindingAnswered AnAnswer(const std::string& kind = "rectification",
                         const std::string& by = "zhang_san") {
    return {kind, "已为3户制定援助计划并录入", "2026-11-20", by, {"/api/v1/households/h0001"}};
}

FindingState Answered(FindingState s, const std::string& by = "zhang_san") {
    auto events = DecideAnswerFinding(s, AnAnswer("rectification", by), kToday);
    REQUIRE(events.ok());
    return Fold(std::move(s), *events);
}

}  // namespace

TEST_CASE("finding: opened, rejected, resubmitted, accepted") {
    FindingState s = Opened();
    CHECK(s.status == "open");
    CHECK(s.opened.opened_on == "2026-11-20");
    CHECK(s.deadline == "2026-12-20");
    s = Answered(s);
    CHECK(s.status == "answered");
    auto rejected =
        DecideRejectFinding(s, "计划未覆盖全部成员", "2027-01-10", "inspector_li", kToday);
    REQUIRE(rejected.ok());
    s = Fold(std::move(s), *rejected);
    CHECK(s.status == "open");
    CHECK(s.deadline == "2027-01-10");
    CHECK(s.rejections.size() == 1);
    s = Answered(s);
    auto accepted = DecideAcceptFinding(s, "已核实", "inspector_li", kToday);
    REQUIRE(accepted.ok());
    s = Fold(std::move(s), *accepted);
    CHECK(s.status == "closed");
    CHECK(s.acceptance.by == "inspector_li");
    CHECK(s.answers.size() == 2);
    // Closed is final.
    CHECK(DecideAnswerFinding(s, AnAnswer(), kToday).error().field == "finding");
    CHECK(DecideAcceptFinding(s, "", "inspector_wang", kToday).error().field == "finding");
}

TEST_CASE("finding: nobody closes or sends back a finding about their own work") {
    FindingState s = Answered(Opened(), "wang_wu");
    auto own = DecideAcceptFinding(s, "", "zhang_san", kToday);
    REQUIRE_FALSE(own.ok());
    CHECK(own.error().code == Errc::kPermissionDenied);
    auto answered_it = DecideAcceptFinding(s, "", "wang_wu", kToday);
    REQUIRE_FALSE(answered_it.ok());
    CHECK(answered_it.error().code == Errc::kPermissionDenied);
    CHECK(DecideRejectFinding(s, "不够", "2027-01-10", "zhang_san", kToday).error().code ==
          Errc::kPermissionDenied);
    CHECK(DecideAcceptFinding(s, "", "inspector_li", kToday).ok());
}

TEST_CASE("finding: deadlines lie ahead; answers wait their turn") {
    FindingOpened past = AFinding();
    past.deadline = "2026-11-20";
    auto refused = DecideOpenFinding({}, past, kToday);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().field == "deadline");
    CHECK(refused.error().code == Errc::kRuleViolated);
    FindingOpened bad = AFinding();
    bad.category = "sloppiness";
    CHECK(DecideOpenFinding({}, bad, kToday).error().field == "category");
    bad = AFinding();
    bad.description.clear();
    CHECK(DecideOpenFinding({}, bad, kToday).error().field == "description");
    bad = AFinding();
    bad.evidence = {""};
    CHECK(DecideOpenFinding({}, bad, kToday).error().field == "evidence[0]");

    FindingState s = Opened();
    // Nothing to decide before an answer.
    CHECK(DecideAcceptFinding(s, "", "inspector_li", kToday).error().field == "finding");
    FindingAnswered future = AnAnswer();
    future.date = "2026-11-21";
    CHECK(DecideAnswerFinding(s, future, kToday).error().field == "date");
    FindingAnswered early = AnAnswer();
    early.date = "2026-11-19";
    CHECK(DecideAnswerFinding(s, early, kToday).error().field == "date");
    CHECK(DecideAnswerFinding(s, AnAnswer("apology"), kToday).error().field == "kind");
    s = Answered(s);
    CHECK(DecideAnswerFinding(s, AnAnswer("reply"), kToday).error().field == "finding");
    CHECK(DecideRejectFinding(s, "x", "2026-11-20", "inspector_li", kToday).error().field ==
          "new_deadline");
    CHECK(DecideRejectFinding(s, "", "2027-01-10", "inspector_li", kToday).error().field ==
          "reason");
}

TEST_CASE("finding: overdue while open past its deadline, not while an inspector decides") {
    FindingState s = Opened();
    CHECK_FALSE(s.OverdueOn(Day("2026-12-20")));
    CHECK(s.OverdueOn(Day("2026-12-21")));
    s = Answered(s);
    CHECK_FALSE(s.OverdueOn(Day("2026-12-21")));
}

TEST_CASE("finding: its rectification limit is pending only while it waits for an answer") {
    FindingState s = Opened();
    CHECK(PendingFindingLimits(s) ==
          std::vector<PendingLimit>{{"rectification of the finding", Day("2026-12-20")}});
    s = Answered(s);
    CHECK(PendingFindingLimits(s).empty());
    CHECK(PendingFindingLimits(FindingState{}).empty());
}

namespace {

std::vector<std::string> Population(int n) {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) ids.push_back("h" + std::to_string(1000 + i));
    return ids;
}

InspectionOpened AnInspection() {
    InspectionOpened o;
    o.inspection_id = "i1";
    o.region = "530502001000";
    o.unit_kind = "region";
    o.unit_name = "板桥镇";
    o.starts_on = "2026-11-20";
    o.ends_on = "2026-11-27";
    o.inspectors = {"inspector_li"};
    o.methods = {"household_visits"};
    o.sample = {"zero_employment_cleared", "2026-07-01", "2026-09-30", 0, 0, 3, 42, {}};
    return o;
}

}  // namespace

TEST_CASE("sample: reproducible from its seed, distinct, and even across members") {
    const auto population = Population(40);
    auto a = DrawSample(population, 20, 20261120);
    auto b = DrawSample(population, 20, 20261120);
    REQUIRE(a.ok());
    CHECK(*a == *b);
    CHECK(std::set<std::string>(a->begin(), a->end()).size() == 20);
    CHECK(*DrawSample(population, 20, 20261121) != *a);
    // The whole population, shuffled.
    auto all = DrawSample(population, 40, 7);
    CHECK(std::set<std::string>(all->begin(), all->end()).size() == 40);
    auto too_many = DrawSample(population, 41, 7);
    REQUIRE_FALSE(too_many.ok());
    CHECK(too_many.error().field == "sample.size");
    CHECK(too_many.error().message.find("40") != std::string::npos);
    // Over many seeds each of 10 members is drawn first about a tenth of the time.
    std::map<std::string, int> first;
    const auto ten = Population(10);
    for (std::uint64_t seed = 0; seed < 20000; ++seed) ++first[DrawSample(ten, 1, seed)->front()];
    for (const auto& [id, count] : first) {
        INFO(id);
        CHECK(count > 1700);
        CHECK(count < 2300);
    }
    // Pinned: the same seed draws the same records on every machine and in every version
    // (computed independently by a Python transcription of the documented algorithm).
    CHECK(*DrawSample(population, 3, 42) == std::vector<std::string>{"h1013", "h1002", "h1006"});
}

TEST_CASE("inspection: fields checked; results per sampled record; closed is final") {
    auto opened = DecideOpenInspection({}, AnInspection(), Population(40), kToday);
    REQUIRE(opened.ok());
    InspectionState s = Fold(InspectionState{}, *opened);
    CHECK(s.opened.sample.population == 40);
    CHECK(s.opened.sample.sampled == std::vector<std::string>{"h1013", "h1002", "h1006"});
    CHECK(DecideOpenInspection({}, AnInspection(), Population(2), kToday).error().field ==
          "sample.size");
    const std::string first = s.opened.sample.sampled.front();
    const std::string last = s.opened.sample.sampled.back();

    auto bad = AnInspection();
    bad.methods = {"gossip"};
    CHECK(DecideOpenInspection({}, bad, Population(40), kToday).error().field == "methods[0]");
    bad = AnInspection();
    bad.ends_on = "2026-11-19";  // before it starts
    CHECK(DecideOpenInspection({}, bad, Population(40), kToday).error().field == "ends_on");
    bad = AnInspection();
    bad.sample.to = "2026-11-21";
    CHECK(DecideOpenInspection({}, bad, Population(40), kToday).error().field == "sample.to");
    bad = AnInspection();
    bad.sample.kind = "everyone";
    CHECK(DecideOpenInspection({}, bad, Population(40), kToday).error().field == "sample.kind");

    CHECK(
        DecideCheckSample(s, {"h9999", "conforming", "", "", "2026-11-20", "inspector_li"}, kToday)
            .error()
            .field == "record_id");
    CHECK(DecideCheckSample(s, {first, "problem", "", "", "2026-11-20", "inspector_li"}, kToday)
              .error()
              .field == "note");
    s = Fold(
        std::move(s),
        *DecideCheckSample(s, {last, "conforming", "", "", "2026-11-20", "inspector_li"}, kToday));
    s = Fold(std::move(s),
             *DecideCheckSample(
                 s, {first, "problem", "计划缺失", "f1", "2026-11-20", "inspector_li"}, kToday));
    REQUIRE(s.results.size() == 2);
    CHECK(s.results.front().record_id == first);  // in sample order
    s = Fold(std::move(s),
             *DecideCheckSample(
                 s, {first, "conforming", "已补录", "", "2026-11-20", "inspector_li"}, kToday));
    CHECK(s.results.size() == 2);
    CHECK(s.ResultOf(first)->result == "conforming");

    auto closed = DecideCloseInspection(s, {"", "inspector_li", "抽查3户，1户问题已整改"}, kToday);
    REQUIRE(closed.ok());
    s = Fold(std::move(s), *closed);
    CHECK(s.closing.date == "2026-11-20");
    CHECK(DecideCheckSample(s, {last, "conforming", "", "", "2026-11-20", "x"}, kToday)
              .error()
              .field == "inspection");
}

namespace {

// 2026-11-20 (a Friday) at hh:mm China time.
std::int64_t At(int hour, int minute, const std::string& date = "2026-11-20") {
    return (Day(date) * 24 * 60 + hour * 60 + minute - 8 * 60) * 60'000'000LL;
}
bool MondayToFriday(std::int64_t day) {
    const std::int64_t weekday = (day % 7 + 4) % 7;
    return weekday >= 1 && weekday <= 5;
}

}  // namespace

TEST_CASE("attention: corrections, back-dated entries, hours, bursts, each with why") {
    const AttentionRules rules;
    const EntryFacts plain{At(9, 30), "cw.a", "2026-11-18", false};
    CHECK(AttentionFlags(plain, rules, MondayToFriday, false).empty());

    EntryFacts late = plain;
    late.business_date = "2026-11-12";  // 8 days before
    const auto backdated = AttentionFlags(late, rules, MondayToFriday, false);
    REQUIRE(backdated.size() == 1);
    CHECK(backdated[0] == AttentionFlag{"backdated", "dated 2026-11-12, recorded 8 days later"});
    late.business_date = "2026-11-13";  // 7 days: within the rule
    CHECK(AttentionFlags(late, rules, MondayToFriday, false).empty());

    EntryFacts evening = plain;
    evening.recorded_at_us = At(18, 0);
    CHECK(AttentionFlags(evening, rules, MondayToFriday, false) ==
          std::vector<AttentionFlag>{
              {"after_hours", "recorded at 2026-11-20 18:00, outside 08:00–18:00"}});
    evening.recorded_at_us = At(7, 59);
    CHECK(AttentionFlags(evening, rules, MondayToFriday, false).size() == 1);
    EntryFacts saturday = plain;
    saturday.recorded_at_us = At(10, 0, "2026-11-21");
    CHECK(AttentionFlags(saturday, rules, MondayToFriday, false)[0].why ==
          "recorded on a rest day (2026-11-21 10:00)");
    // A make-up working Saturday counts as worked when the calendar says so.
    CHECK(AttentionFlags(
              saturday, rules, [](std::int64_t) { return true; }, false)
              .empty());

    EntryFacts fix = plain;
    fix.correction = true;
    CHECK(AttentionFlags(fix, rules, MondayToFriday, true) ==
          std::vector<AttentionFlag>{
              {"correction", "corrects an earlier entry"},
              {"burst", "one of 20 or more entries by cw.a within 10 minutes"}});
}

TEST_CASE("attention: a record changed soon after one of its limits passed unmet") {
    AttentionRules rules;
    rules.after_deadline_days = 10;
    EntryFacts answer{At(9, 30), "cw.a", "", false};  // recorded on 2026-11-20
    answer.pending_limits = {{"rectification of the finding", Day("2026-11-17")},
                             {"clearing", Day("2026-12-31")}};
    CHECK(AttentionFlags(answer, rules, MondayToFriday, false) ==
          std::vector<AttentionFlag>{
              {"after_deadline",
               "recorded 3 days after the rectification of the finding (due 2026-11-17) passed "
               "unmet"}});
    // On its last day the limit is still kept; long after it, the change is no longer "soon".
    answer.pending_limits = {{"plan", Day("2026-11-20")}};
    CHECK(AttentionFlags(answer, rules, MondayToFriday, false).empty());
    answer.pending_limits = {{"plan", Day("2026-11-10")}};
    CHECK(AttentionFlags(answer, rules, MondayToFriday, false).size() == 1);
    answer.pending_limits = {{"plan", Day("2026-11-09")}};
    CHECK(AttentionFlags(answer, rules, MondayToFriday, false).empty());
}

TEST_CASE("attention: a burst is that many entries of one account inside the window") {
    AttentionRules rules;
    rules.burst_count = 3;
    rules.burst_minutes = 10;
    std::vector<EntryFacts> entries = {
        {At(9, 0), "a", "", false},  {At(9, 4), "b", "", false},  {At(9, 5), "a", "", false},
        {At(9, 10), "a", "", false}, {At(9, 30), "a", "", false}, {At(9, 31), "b", "", false},
        {At(9, 32), "b", "", false},
    };
    // a: 09:00, 09:05, 09:10 are three within ten minutes; 09:30 stands alone. b: 09:04 is more
    // than ten minutes before 09:31.
    CHECK(InBursts(entries, rules) ==
          std::vector<bool>{true, false, true, true, false, false, false});
    rules.burst_count = 2;
    CHECK(InBursts(entries, rules) ==
          std::vector<bool>{true, false, true, true, false, true, true});
    // The server's own bulk work is never a burst.
    for (auto& e : entries) e.by_server = e.user == "b";
    CHECK(InBursts(entries, rules) ==
          std::vector<bool>{true, false, true, true, false, false, false});
}
