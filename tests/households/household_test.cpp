// The households rules (members, zero employment, visits, plans) as pure functions: no
// server, no log.
#include "xfl/domain/households/household.hpp"

#include <catch2/catch.hpp>

#include "support/resident_ids.hpp"
#include "xfl/domain/kernel/region_code.hpp"
#include "xfl/domain/kernel/resident_id.hpp"
#include "xfl/domain/kernel/time.hpp"

using namespace xfl;
using namespace xfl::domain;

namespace {

std::string Id(const std::string& birth_yyyymmdd, bool male, const std::string& area = "530502") {
    return xfl::testing::ValidResidentId(birth_yyyymmdd, male, "01", area);
}

std::string Dashed(const std::string& yyyymmdd) {
    return yyyymmdd.substr(0, 4) + "-" + yyyymmdd.substr(4, 2) + "-" + yyyymmdd.substr(6, 2);
}

MemberAdded Person(const std::string& pid, const std::string& birth, bool male,
                   bool capacity = true, bool wants_work = true) {
    MemberAdded m;
    m.person_id = pid;
    m.name = "成员" + pid;
    m.resident_id = Id(birth, male, "5305" + pid.substr(pid.size() - 2));
    m.sex = male ? "male" : "female";
    m.birth_date = Dashed(birth);
    m.labour_capacity = capacity;
    m.wants_work = wants_work;
    return m;
}

const std::int64_t kToday = *ParseDate("2026-11-24", "today");
const ZeroEmploymentPolicy kPolicy;

HouseholdState Apply(HouseholdState s, const std::vector<HouseholdEvent>& events) {
    for (const auto& e : events) s = Evolve(std::move(s), e);
    return s;
}

HouseholdState Registered() {
    auto events =
        DecideRegisterHousehold({}, "h-1", *RegionCode::Parse("530502001002"), "兰城街道1号");
    REQUIRE(events.ok());
    return Apply({}, *events);
}

HouseholdState With(HouseholdState s, const MemberAdded& m) {
    auto events = DecideAddMember(s, m, false, kToday, kPolicy);
    REQUIRE(events.ok());
    return Apply(std::move(s), *events);
}

VisitRecorded Visit(const std::string& id, std::vector<std::pair<std::string, std::string>> lines,
                    const std::string& date = "2026-11-20") {
    VisitRecorded v;
    v.visit_id = id;
    v.date = date;
    v.visitor = "cw";
    for (auto& [pid, status] : lines) {
        VisitLine line;
        line.person_id = pid;
        line.status = status;
        line.wants_job = status == "unemployed";
        v.members.push_back(line);
    }
    return v;
}

template <class E>
const E* Find(const std::vector<HouseholdEvent>& events) {
    for (const auto& e : events) {
        if (const E* found = std::get_if<E>(&e)) return found;
    }
    return nullptr;
}

}  // namespace

TEST_CASE("members: the resident ID must agree with sex and birth date, and be unique") {
    auto s = Registered();
    auto m = Person("p-01", "19800101", true);
    m.sex = "female";
    CHECK(DecideAddMember(s, m, false, kToday, kPolicy).error().field == "sex");
    m = Person("p-01", "19800101", true);
    m.birth_date = "1980-01-02";
    CHECK(DecideAddMember(s, m, false, kToday, kPolicy).error().field == "birth_date");
    m = Person("p-01", "19800101", true);
    CHECK(DecideAddMember(s, m, true, kToday, kPolicy).error().message.find("another household") !=
          std::string::npos);
    s = With(s, m);
    m.person_id = "p-02";
    CHECK(DecideAddMember(s, m, false, kToday, kPolicy).error().field == "resident_id");
    auto future = Person("p-03", "20300101", true);
    CHECK(DecideAddMember(s, future, false, kToday, kPolicy).error().field == "birth_date");
}

TEST_CASE("zero-employment: flagged when every working-age seeker is unemployed") {
    auto s = With(With(Registered(), Person("p-01", "19800101", true)),
                  Person("p-02", "19850505", false));
    SECTION("not before the members' status is known") {
        CHECK_FALSE(IsZeroEmployment(s, kToday, kPolicy));
    }
    auto events = DecideRecordVisit(
        s, Visit("v-1", {{"p-01", "unemployed"}, {"p-02", "unemployed"}}), kToday, kPolicy);
    REQUIRE(events.ok());
    const auto* flagged = Find<ZeroEmploymentFlagged>(*events);
    REQUIRE(flagged != nullptr);
    CHECK(flagged->since == "2026-11-20");
    CHECK(flagged->cause == "visit:v-1");
    s = Apply(s, *events);
    CHECK(s.zero_employment);

    SECTION("cleared when one of them is employed, naming the visit") {
        auto later = DecideRecordVisit(s, Visit("v-2", {{"p-02", "employed_away"}}, "2026-11-23"),
                                       kToday, kPolicy);
        REQUIRE(later.ok());
        const auto* cleared = Find<ZeroEmploymentCleared>(*later);
        REQUIRE(cleared != nullptr);
        CHECK(cleared->reason == "member_employed");
        CHECK(cleared->cause == "visit:v-2");
        CHECK(cleared->date == "2026-11-23");
    }
    SECTION("an employed member joining clears it") {
        auto joined = Person("p-03", "19900303", true);
        auto added = DecideAddMember(s, joined, false, kToday, kPolicy);
        REQUIRE(added.ok());
        CHECK(Find<ZeroEmploymentCleared>(*added) == nullptr);  // status unknown: still flagged
        s = Apply(s, *added);
        auto visit = DecideRecordVisit(s, Visit("v-3", {{"p-03", "flexible"}}), kToday, kPolicy);
        REQUIRE(Find<ZeroEmploymentCleared>(*visit) != nullptr);
    }
    SECTION("leaving and dying: cleared once nobody seeks work, with the reason") {
        auto first = DecideMemberLeaves(s, {"p-01", "died", "2026-11-21"}, kToday, kPolicy);
        REQUIRE(first.ok());
        CHECK(Find<ZeroEmploymentCleared>(*first) == nullptr);  // p-02 is still jobless
        s = Apply(s, *first);
        auto second = DecideMemberLeaves(s, {"p-02", "moved_out", "2026-11-22"}, kToday, kPolicy);
        REQUIRE(second.ok());
        const auto* cleared = Find<ZeroEmploymentCleared>(*second);
        REQUIRE(cleared != nullptr);
        CHECK(cleared->reason == "household_dissolved");
    }
    SECTION("a member entered in error: off the register, the flag cleared as an error") {
        CHECK(DecideMemberEnteredInError(s, {"p-01", ""}, kToday, kPolicy).error().field ==
              "reason");
        CHECK(DecideMemberEnteredInError(s, {"p-09", "typo"}, kToday, kPolicy).error().field ==
              "person_id");
        auto first = DecideMemberEnteredInError(s, {"p-01", "邻户成员"}, kToday, kPolicy);
        REQUIRE(first.ok());
        CHECK(Find<ZeroEmploymentCleared>(*first) == nullptr);  // p-02 is still jobless
        s = Apply(s, *first);
        CHECK_FALSE(s.FindMember("p-01")->active);
        CHECK(s.FindMember("p-01")->entered_in_error == "邻户成员");
        CHECK(DecideMemberEnteredInError(s, {"p-01", "again"}, kToday, kPolicy).error().code ==
              Errc::kRuleViolated);
        auto second = DecideMemberEnteredInError(s, {"p-02", "重复登记"}, kToday, kPolicy);
        REQUIRE(second.ok());
        const auto* cleared = Find<ZeroEmploymentCleared>(*second);
        REQUIRE(cleared != nullptr);
        CHECK(cleared->reason == "entered_in_error");
        CHECK(cleared->cause == "entered_in_error:p-02");
        CHECK(cleared->date == "2026-11-24");
    }
    SECTION("moving out while others remain who do not seek work") {
        auto elder = Person("p-04", "19400101", true);
        s = With(s, elder);
        s = Apply(s, *DecideMemberLeaves(s, {"p-01", "moved_out", "2026-11-21"}, kToday, kPolicy));
        auto gone = DecideMemberLeaves(s, {"p-02", "moved_out", "2026-11-22"}, kToday, kPolicy);
        REQUIRE(Find<ZeroEmploymentCleared>(*gone) != nullptr);
        CHECK(Find<ZeroEmploymentCleared>(*gone)->reason == "moved_out");
        // Marked "left" before entered-in-error existed: marked now, nothing else changes.
        s = Apply(s, *gone);
        auto marked = DecideMemberEnteredInError(s, {"p-02", "不是本户成员"}, kToday, kPolicy);
        REQUIRE(marked.ok());
        CHECK(marked->size() == 1);
    }
}

TEST_CASE(
    "zero-employment: the plan's limit is pending until a plan opens, the clearing's while "
    "flagged") {
    HouseholdState s = Registered();
    CHECK(PendingZeroEmploymentLimits(s, kPolicy).empty());
    s.zero_employment = true;
    s.zero_since = "2026-11-20";
    CHECK(PendingZeroEmploymentLimits(s, kPolicy) ==
          std::vector<PendingLimit>{
              {"zero-employment assistance plan", *ParseDate("2026-11-27", "d")},
              {"zero-employment clearing", *ParseDate("2026-12-20", "d")}});
    s.open_plan_id = "plan-1";
    CHECK(PendingZeroEmploymentLimits(s, kPolicy) ==
          std::vector<PendingLimit>{{"zero-employment clearing", *ParseDate("2026-12-20", "d")}});
}

TEST_CASE("zero-employment: working ages are 16-60 for men and 16-55 for women") {
    auto s = With(Registered(), Person("p-01", "19680101", false));  // a woman of 58
    auto visit = DecideRecordVisit(s, Visit("v-1", {{"p-01", "unemployed"}}), kToday, kPolicy);
    REQUIRE(visit.ok());
    CHECK(Find<ZeroEmploymentFlagged>(*visit) == nullptr);
    ZeroEmploymentPolicy wider = kPolicy;
    wider.max_age_women = 60;
    auto configured = DecideRecordVisit(s, Visit("v-1", {{"p-01", "unemployed"}}), kToday, wider);
    CHECK(Find<ZeroEmploymentFlagged>(*configured) != nullptr);
    auto man = With(Registered(), Person("p-02", "19680101", true));  // a man of 58
    auto flagged = DecideRecordVisit(man, Visit("v-1", {{"p-02", "unemployed"}}), kToday, kPolicy);
    CHECK(Find<ZeroEmploymentFlagged>(*flagged) != nullptr);
}

TEST_CASE("zero-employment: a household is cleared when its last seeker ages out") {
    auto man = With(Registered(), Person("p-03", "19660601", true));  // 60 on kToday
    auto flagged = DecideRecordVisit(man, Visit("v-1", {{"p-03", "unemployed"}}), kToday, kPolicy);
    REQUIRE(Find<ZeroEmploymentFlagged>(*flagged) != nullptr);
    man = Apply(std::move(man), *flagged);
    CHECK(DecideReevaluateZeroEmployment(man, kToday, kPolicy)->empty());
    const std::int64_t birthday_61 = *ParseDate("2027-06-01", "day");
    CHECK(DecideReevaluateZeroEmployment(man, birthday_61 - 1, kPolicy)->empty());
    auto aged = DecideReevaluateZeroEmployment(man, birthday_61, kPolicy);
    REQUIRE(aged.ok());
    const auto* cleared = Find<ZeroEmploymentCleared>(*aged);
    REQUIRE(cleared != nullptr);
    CHECK(cleared->reason == "no_longer_working_age");
    CHECK(cleared->date == "2027-06-01");
    CHECK(cleared->cause == "reevaluated:2027-06-01");
    man = Apply(std::move(man), *aged);
    CHECK(DecideReevaluateZeroEmployment(man, birthday_61, kPolicy)->empty());
    CHECK(DecideReevaluateZeroEmployment({}, kToday, kPolicy).error().code == Errc::kNotFound);
}

TEST_CASE("visits: members, statuses, dates, ages and corrections are checked") {
    auto s = With(Registered(), Person("p-01", "19800101", true));
    s = With(s, Person("p-05", "20150101", true));  // a child of 11
    CHECK(
        DecideRecordVisit(s, Visit("v", {{"p-99", "unemployed"}}), kToday, kPolicy).error().field ==
        "members[0].person_id");
    CHECK(DecideRecordVisit(s, Visit("v", {{"p-01", "retired"}}), kToday, kPolicy).error().code ==
          Errc::kInvalidArgument);
    CHECK(DecideRecordVisit(s, Visit("v", {{"p-01", "unemployed"}}, "2027-01-01"), kToday, kPolicy)
              .error()
              .field == "date");
    auto child = Visit("v", {{"p-05", "employed_local"}});
    CHECK(DecideRecordVisit(s, child, kToday, kPolicy).error().field == "members[0].status");
    child.members[0].note = "helps in the family shop";
    CHECK(DecideRecordVisit(s, child, kToday, kPolicy).ok());
    auto correction = Visit("v-2", {{"p-01", "flexible"}});
    correction.corrects_visit = "v-404";
    correction.reason = "wrong status";
    CHECK(DecideRecordVisit(s, correction, kToday, kPolicy).error().field == "corrects_visit");
}

TEST_CASE("plans: one open plan at a time; actions name a plan") {
    auto s = Registered();
    PlanOpened plan{"plan-1", "cw", "2026-11-21", {"job_referral"}};
    auto opened = DecideOpenPlan(s, plan, kToday);
    REQUIRE(opened.ok());
    s = Apply(s, *opened);
    plan.plan_id = "plan-2";
    CHECK(DecideOpenPlan(s, plan, kToday).error().code == Errc::kRuleViolated);
    CHECK(
        DecideRecordAssistance(s, {"plan-1", "public_welfare_job", "2026-11-22", "placed"}, kToday)
            .ok());
    CHECK(DecideRecordAssistance(s, {"plan-9", "other", "2026-11-22", ""}, kToday).error().field ==
          "plan_id");
    CHECK(DecideRecordAssistance(s, {"plan-1", "magic", "2026-11-22", ""}, kToday).error().field ==
          "kind");
    s = Apply(s,
              *DecideRecordAssistance(s, {"plan-1", "job_referral", "2026-11-23", "面试"}, kToday));
    REQUIRE(s.FindPlan("plan-1") != nullptr);
    CHECK(s.FindPlan("plan-1")->actions.size() == 1);
    CHECK(s.FindPlan("plan-1")->actions[0].outcome == "面试");
    s = Evolve(std::move(s), ZeroEmploymentCleared{"2026-11-25", "member_employed", "visit:v-9"});
    CHECK(s.FindPlan("plan-1")->closed_on == "2026-11-25");
    CHECK(s.open_plan_id.empty());
}

TEST_CASE("members: skill levels are checked, and members stored before them still replay") {
    MemberAdded m = Person("p-07", "19800101", true);
    m.skill_level = "technician";
    CHECK(DecideAddMember(Registered(), m, false, kToday, kPolicy).ok());
    m.skill_level = "master";
    CHECK(DecideAddMember(Registered(), m, false, kToday, kPolicy).error().field == "skill_level");
    // A payload written before skill_level existed.
    const std::string old_payload =
        "{\"person_id\":\"p-1\",\"name\":\"甲\",\"resident_id\":\"x\",\"sex\":\"male\","
        "\"birth_date\":\"1980-01-01\",\"phone\":\"\",\"education\":\"\",\"skills\":[],"
        "\"categories\":[],\"labour_capacity\":true,\"wants_work\":true}";
    auto decoded = FromJsonPayload<MemberAdded>(old_payload);
    REQUIRE(decoded.ok());
    CHECK(decoded->skill_level.empty());
    CHECK(decoded->wants_work);
    m.skill_level = "senior";
    auto round_trip = FromJsonPayload<MemberAdded>(ToJsonPayload(m));
    REQUIRE(round_trip.ok());
    CHECK(round_trip->skill_level == "senior");
}
