// Wage disputes as pure rules: the filing's checks, every stage's transitions and refusals, and
// the statutory clocks on the 2026 working-day calendar (Spring Festival and National Day with
// their make-up Saturdays), month ends, leap years, extension, suspension and limitation.
#include "xfl/domain/disputes/dispute.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

#include "xfl/domain/disputes/clocks.hpp"
#include "xfl/domain/kernel/time.hpp"

using namespace xfl;
using namespace xfl::domain;

namespace {

std::int64_t Day(const std::string& date) { return *ParseDate(date, "date"); }
const std::int64_t kToday = Day("2026-11-20");

// The official 2026 list (../shared/data/holidays-cn/2026.json), as the server loads it.
WorkingDayCalendar Calendar2026() {
    std::set<std::int64_t> off, on;
    for (const char* d :
         {"2026-01-01", "2026-01-02", "2026-01-03", "2026-02-15", "2026-02-16", "2026-02-17",
          "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23",
          "2026-09-25", "2026-09-26", "2026-09-27", "2026-10-01", "2026-10-02", "2026-10-03",
          "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"}) {
        off.insert(Day(d));
    }
    for (const char* d : {"2026-01-04", "2026-02-14", "2026-02-28", "2026-09-20", "2026-10-10"}) {
        on.insert(Day(d));
    }
    WorkingDayCalendar calendar;
    calendar.AddYear(2026, off, on);
    return calendar;
}
const WorkingDayCalendar kCalendar = Calendar2026();

DisputeFiled AFiling(const std::string& first_stage = "arbitration",
                     const std::string& filed_on = "2026-02-12") {
    DisputeFiled f;
    f.dispute_id = "d1";
    f.region = "530502001002";
    f.filed_on = filed_on;
    f.first_stage = first_stage;
    f.claimant_name = "周一";
    f.resident_id = "11010519491231002X";
    f.respondent_id = "93530502MA6K5XWJ18";
    f.respondent_name = "隆阳区咖啡专业合作社";
    f.facts = "2025年10月至12月采摘工资未付";
    f.known_on = "2026-01-05";
    f.claims = {{"unpaid_wages", "2025-10-01", "2025-12-31", 900000},
                {"double_wages_no_contract", "", "", 300000}};
    f.evidence = {{"考勤表.jpg", std::string(64, 'a')}};
    return f;
}

// Applies `decided` (which must succeed) to `s`.
DisputeState Then(DisputeState s, const Result<DisputeEvents>& decided) {
    INFO((decided.ok() ? std::string() : decided.error().message));
    REQUIRE(decided.ok());
    for (const auto& e : *decided) s = Evolve(std::move(s), e);
    return s;
}

DisputeState Filed(const std::string& first_stage = "arbitration",
                   const std::string& filed_on = "2026-02-12") {
    return Then({}, DecideFileDispute({}, AFiling(first_stage, filed_on), kToday));
}

ClockView Clock(const std::vector<ClockView>& views, const std::string& name) {
    for (const auto& v : views) {
        if (v.name == name) return v;
    }
    FAIL("no clock " << name);
    return views.front();
}

std::string FieldOf(const Result<DisputeEvents>& r) { return r.ok() ? "" : r.error().field; }

}  // namespace

TEST_CASE("a filing is checked field by field") {
    auto bad = [](auto change) {
        DisputeFiled f = AFiling();
        change(f);
        return FieldOf(DecideFileDispute({}, f, kToday));
    };
    CHECK(bad([](DisputeFiled&) {}).empty());
    CHECK(bad([](DisputeFiled& f) { f.resident_id = "110105194912310021"; }) == "resident_id");
    CHECK(bad([](DisputeFiled& f) { f.claims.clear(); }) == "claims");
    CHECK(bad([](DisputeFiled& f) { f.claims[1].amount_fen = -1; }) == "claims[1].amount_fen");
    CHECK(bad([](DisputeFiled& f) { f.claims[0].kind = "bonus"; }) == "claims[0].kind");
    CHECK(bad([](DisputeFiled& f) { f.claims[0].period_to = "2025-09-01"; }) ==
          "claims[0].period_to");
    CHECK(bad([](DisputeFiled& f) { f.known_on = "2026-02-13"; }) == "known_on");
    CHECK(bad([](DisputeFiled& f) { f.filed_on = "2026-11-21"; }) == "filed_on");
    CHECK(bad([](DisputeFiled& f) { f.first_stage = "court"; }) == "first_stage");
    CHECK(bad([](DisputeFiled& f) { f.evidence[0].sha256 = "abc"; }) == "evidence[0].sha256");
    CHECK(DecideFileDispute(Filed(), AFiling(), kToday).error().code == Errc::kAlreadyExists);
}

TEST_CASE("acceptance is due 5 working days after receipt, across the Spring Festival") {
    // Received Thursday 12 February 2026: the make-up Saturday 14 February counts, 15–23
    // February do not, so the fifth working day is Thursday 26 February.
    DisputeState s = Filed();
    auto views = DisputeClockViews(s, kCalendar, Day("2026-02-26"));
    CHECK(Clock(views, "acceptance").due == "2026-02-26");
    CHECK(Clock(views, "acceptance").state == "pending");
    auto late = DisputeClockViews(s, kCalendar, Day("2026-03-02"));
    CHECK(Clock(late, "acceptance").state == "overdue");
    CHECK(Clock(late, "acceptance").days_late == 4);

    s = Then(s, DecideAcceptArbitration(s, {"2026-02-26", "王仲裁"}, kToday));
    auto met = DisputeClockViews(s, kCalendar, Day("2026-03-02"));
    CHECK(Clock(met, "acceptance").state == "met");
    CHECK(Clock(met, "acceptance").met_on == "2026-02-26");
    // As of a day before the acceptance, it was still pending.
    CHECK(Clock(DisputeClockViews(s, kCalendar, Day("2026-02-20")), "acceptance").state ==
          "pending");
    CHECK(DecideAcceptArbitration(s, {"2026-02-27", "王仲裁"}, kToday)
              .error()
              .message.find("accepted already") != std::string::npos);
}

TEST_CASE("the limits still running are the case's pending and overdue clocks") {
    DisputeState s = Filed();
    const auto pending = PendingDisputeLimits(s, kCalendar, Day("2026-03-02"));
    CHECK(std::find(pending.begin(), pending.end(),
                    PendingLimit{"acceptance limit", Day("2026-02-26")}) != pending.end());
    s = Then(s, DecideAcceptArbitration(s, {"2026-02-26", "王仲裁"}, kToday));
    for (const auto& limit : PendingDisputeLimits(s, kCalendar, Day("2026-03-02"))) {
        CHECK(limit.name != "acceptance limit");
    }
}

TEST_CASE("the tribunal is due 5 working days after acceptance, across National Day") {
    DisputeState s = Filed("arbitration", "2026-09-28");
    s = Then(s, DecideAcceptArbitration(s, {"2026-09-30", "王仲裁"}, kToday));
    // 8, 9, 10 (a make-up Saturday), 12 and 13 October.
    CHECK(Clock(DisputeClockViews(s, kCalendar, kToday), "tribunal").due == "2026-10-13");
}

TEST_CASE("the award is due 45 days after acceptance, moved off a holiday, extended, suspended") {
    DisputeState s = Filed("arbitration", "2026-08-18");
    s = Then(s, DecideAcceptArbitration(s, {"2026-08-20", "王仲裁"}, kToday));
    // 20 August + 45 days = 4 October, a National Day holiday: the next working day.
    CHECK(Clock(DisputeClockViews(s, kCalendar, Day("2026-09-01")), "award").due == "2026-10-08");

    SECTION("one extension of at most 15 days") {
        CHECK(FieldOf(DecideExtendAwardLimit(s, {"2026-09-25", "主任", 16}, kToday)) == "days");
        DisputeState extended =
            Then(s, DecideExtendAwardLimit(s, {"2026-09-25", "主任", 15}, kToday));
        CHECK(Clock(DisputeClockViews(extended, kCalendar, Day("2026-09-28")), "award").due ==
              "2026-10-19");
        CHECK(FieldOf(DecideExtendAwardLimit(extended, {"2026-09-26", "主任", 5}, kToday)) ==
              "days");
    }
    SECTION("suspended for 10 days in the middle: the limit moves by 10 days") {
        DisputeState paused = Then(s, DecideSuspendCase(s, {"2026-09-01", "鉴定中"}, kToday));
        auto stopped = DisputeClockViews(paused, kCalendar, Day("2026-09-05"));
        CHECK(Clock(stopped, "award").state == "not_running");
        CHECK(FieldOf(DecideServeCopy(paused, {"2026-09-02"}, kToday)) == "dispute");
        paused = Then(paused, DecideResumeCase(paused, {"2026-09-11"}, kToday));
        CHECK(Clock(DisputeClockViews(paused, kCalendar, Day("2026-09-12")), "award").due ==
              "2026-10-14");
    }
}

TEST_CASE("limitation: a year from the day known, restarted, paused, and not for the employed") {
    DisputeFiled f = AFiling("arbitration", "2026-01-21");
    f.known_on = "2024-02-29";
    DisputeState s = Then({}, DecideFileDispute({}, f, kToday));
    CHECK(FormatDate(LimitationEnds(s)) == "2025-02-28");  // no 29 February in 2025

    s = Then(s, DecideInterruptLimitation(s, {"2025-01-10", "向用人单位书面索要工资"}, kToday));
    CHECK(FormatDate(LimitationEnds(s)) == "2026-01-10");
    s = Then(s,
             DecideSuspendLimitation(s, {"2025-03-01", "2025-03-11", "山体滑坡道路中断"}, kToday));
    CHECK(FormatDate(LimitationEnds(s)) == "2026-01-20");
    const ClockView late = Clock(DisputeClockViews(s, kCalendar, kToday), "limitation");
    CHECK(late.state == "met_late");  // filed a day late: flagged, not refused
    CHECK(late.days_late == 1);

    f.known_on = "2025-01-31";
    f.still_employed = true;
    DisputeState employed = Then({}, DecideFileDispute({}, f, kToday));
    CHECK(FormatDate(LimitationEnds(employed)) == "2026-01-31");
    CHECK(Clock(DisputeClockViews(employed, kCalendar, kToday), "limitation").state ==
          "not_running");
}

TEST_CASE("a case settled in mediation closes when the agreement is paid") {
    DisputeState s = Filed("mediation", "2026-03-02");
    CHECK(FieldOf(DecideApplyArbitration(s, {"2026-03-10"}, kToday)) == "received_on");
    s = Then(s, DecideMediationSession(s, {"2026-03-05", "村调解员", "双方到场"}, kToday));
    s = Then(s, DecideSettleMediation(
                    s, {"2026-03-09", "村调解员", {{600000, "2026-03-31"}, {600000, "2026-04-30"}}},
                    kToday));
    CHECK(s.stage == "mediation_settled");
    auto views = DisputeClockViews(s, kCalendar, Day("2026-04-01"));
    CHECK(Clock(views, "mediation").state == "met");
    CHECK(Clock(views, "instalment_1").state == "overdue");
    // An instalment not paid by its day opens arbitration.
    CHECK(FieldOf(DecideApplyArbitration(s, {"2026-03-20"}, kToday)) == "received_on");
    CHECK(DecideApplyArbitration(s, {"2026-04-02"}, kToday).ok());

    s = Then(s, DecideRecoverPayment(s, {"2026-03-30", 600000}, kToday));
    CHECK(FieldOf(DecideRecoverPayment(s, {"2026-04-20", 700000}, kToday)) == "amount_fen");
    s = Then(s, DecideRecoverPayment(s, {"2026-04-20", 600000}, kToday));
    CHECK(s.stage == "closed");
    CHECK(s.outcome == "settled_in_mediation");
    CHECK(FieldOf(DecideWithdraw(s, {"2026-04-21", "无"}, kToday)) == "dispute");
    // Concluded by the agreement (7 days after filing, within mediation's 15), not the payment.
    CHECK(s.Concluded().how == "settled_in_mediation");
    CHECK(s.Concluded().on == "2026-03-09");
    CHECK(ConcludedWithinLimits(s, kCalendar));
}

TEST_CASE("a broken mediation agreement is no conclusion, what ends the arbitration is") {
    DisputeState s = Filed("mediation", "2026-03-02");
    s = Then(
        s, DecideSettleMediation(s, {"2026-03-09", "村调解员", {{600000, "2026-03-31"}}}, kToday));
    s = Then(s, DecideApplyArbitration(s, {"2026-04-02"}, kToday));
    CHECK(s.Concluded().on.empty());
    // The unpaid instalment is missed (2 days late when the claimant applied), not overdue.
    const ClockView missed =
        Clock(DisputeClockViews(s, kCalendar, Day("2026-05-01")), "instalment_1");
    CHECK(missed.state == "missed");
    CHECK(missed.days_late == 2);
    CHECK(s.UnpaidWagesFen() == 900000);
    // Accepted on the 8th working day after receipt: late, so the case missed a limit.
    s = Then(s, DecideAcceptArbitration(s, {"2026-04-15", "王仲裁"}, kToday));
    s = Then(s, DecideWithdraw(s, {"2026-04-20", "已和解"}, kToday));
    CHECK(s.Concluded().how == "withdrawn");
    CHECK(s.Concluded().on == "2026-04-20");
    CHECK_FALSE(ConcludedWithinLimits(s, kCalendar));
}

TEST_CASE("an arbitrated case: hearing notice, award after the hearing, small claims, recovery") {
    DisputeState s = Filed("mediation", "2026-03-02");
    s = Then(s, DecideFailMediation(s, {"2026-03-06", "用人单位拒不到场"}, kToday));
    s = Then(s, DecideApplyArbitration(s, {"2026-03-09"}, kToday));
    s = Then(s, DecideAcceptArbitration(s, {"2026-03-12", "王仲裁"}, kToday));
    s = Then(s, DecideNotifyTribunal(s, {"2026-03-16", {"王仲裁"}}, kToday));
    s = Then(s, DecideServeCopy(s, {"2026-03-17"}, kToday));
    CHECK(Clock(DisputeClockViews(s, kCalendar, Day("2026-03-18")), "defence").due == "2026-03-31");
    // Notified Wednesday 18 March: the fifth working day after is Wednesday 25 March.
    CHECK(FieldOf(DecideScheduleHearing(s, {"2026-03-24", "2026-03-18"}, kCalendar, kToday)) ==
          "hearing_on");
    s = Then(s, DecideScheduleHearing(s, {"2026-03-25", "2026-03-18"}, kCalendar, kToday));
    CHECK(FieldOf(DecideAward(s, {"2026-03-20", {900000, 0}, false, 0}, 190000, kToday)) ==
          "date");  // before the hearing

    SECTION("within 12 months of the minimum wage: final for the employer") {
        // 12 × 1,900 yuan = 22,800 yuan; the unpaid wages were 9,000 yuan.
        DisputeState awarded =
            Then(s, DecideAward(s, {"2026-04-10", {900000, 0}, false, 0}, 190000, kToday));
        CHECK(awarded.award.final_for_employer);
        CHECK(awarded.award.small_claim_limit_fen == 2280000);
        CHECK(Clock(DisputeClockViews(awarded, kCalendar, kToday), "award").state == "met");
        awarded = Then(awarded,
                       DecideRequestEnforcement(awarded, {"2026-05-10", "隆阳区人民法院"}, kToday));
        awarded = Then(awarded, DecideRecoverPayment(awarded, {"2026-06-01", 400000}, kToday));
        CHECK(awarded.stage == "awarded");
        CHECK(awarded.RecoveredFen() == 400000);
        awarded = Then(awarded, DecideRecoverPayment(awarded, {"2026-06-15", 500000}, kToday));
        CHECK(awarded.stage == "closed");
        CHECK(awarded.outcome == "awarded");
    }
    SECTION("the small-claims limit at its boundary") {
        DisputeFiled big = AFiling("arbitration", "2026-03-02");
        big.claims = {{"economic_compensation", "", "", 2280001}};
        DisputeState b = Then({}, DecideFileDispute({}, big, kToday));
        b = Then(b, DecideAcceptArbitration(b, {"2026-03-03", "王仲裁"}, kToday));
        b = Then(b, DecideScheduleHearing(b, {"2026-03-20", "2026-03-04"}, kCalendar, kToday));
        auto at_limit = DecideAward(b, {"2026-04-01", {2280000}, false, 0}, 190000, kToday);
        REQUIRE(at_limit.ok());
        CHECK(std::get<Awarded>((*at_limit)[0]).final_for_employer);
        auto above = DecideAward(b, {"2026-04-01", {2280001}, false, 0}, 190000, kToday);
        REQUIRE(above.ok());
        CHECK_FALSE(std::get<Awarded>((*above)[0]).final_for_employer);
        CHECK(FieldOf(DecideAward(b, {"2026-04-01", {2280002}, false, 0}, 190000, kToday)) ==
              "granted_fen[0]");
    }
}

TEST_CASE("refused, withdrawn and transferred cases take nothing more") {
    DisputeState s = Filed();
    CHECK(FieldOf(DecideAcceptArbitration(s, {"2026-02-11", "王仲裁"}, kToday)) == "date");
    DisputeState refused =
        Then(s, DecideRefuseArbitration(s, {"2026-02-13", "不属于受理范围"}, kToday));
    CHECK(refused.outcome == "refused");
    CHECK(Clock(DisputeClockViews(refused, kCalendar, kToday), "acceptance").state == "met");
    CHECK(FieldOf(DecideAcceptArbitration(refused, {"2026-02-14", "王仲裁"}, kToday)) == "dispute");
    DisputeState moved =
        Then(s, DecideTransferToInspection(s, {"2026-02-13", "拖欠工资，转劳动保障监察"}, kToday));
    CHECK(moved.outcome == "transferred");
    CHECK(FieldOf(DecideRecoverPayment(moved, {"2026-02-20", 100}, kToday)) == "dispute");
}
