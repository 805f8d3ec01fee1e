// Placements on the household as pure rules: who may be placed, overlaps, the public-welfare
// priority, review flags, and the zero-employment flag cleared by a placement and raised again
// when it ends.
#include "xfl/domain/households/placement.hpp"

#include <catch2/catch.hpp>

#include "support/resident_ids.hpp"
#include "xfl/domain/kernel/time.hpp"

using namespace xfl;
using namespace xfl::domain;

namespace {

const std::int64_t kToday = *ParseDate("2026-11-24", "today");
const ZeroEmploymentPolicy kPolicy;

MemberAdded Person(const std::string& pid, const std::string& birth, bool male) {
    MemberAdded m;
    m.person_id = pid;
    m.name = "成员" + pid;
    m.resident_id = xfl::testing::ValidResidentId(birth, male, "01", "5305" + pid.substr(1, 2));
    m.sex = male ? "male" : "female";
    m.birth_date = birth.substr(0, 4) + "-" + birth.substr(4, 2) + "-" + birth.substr(6, 2);
    m.labour_capacity = true;
    m.wants_work = true;
    return m;
}

HouseholdState Apply(HouseholdState s, const std::vector<HouseholdEvent>& events) {
    for (const auto& e : events) s = Evolve(std::move(s), e);
    return s;
}

template <class E>
const E* Find(const std::vector<HouseholdEvent>& events) {
    for (const auto& e : events) {
        if (const E* found = std::get_if<E>(&e)) return found;
    }
    return nullptr;
}

// A zero-employment household: two unemployed seekers of working age and a child of 10.
HouseholdState ZeroEmploymentHousehold() {
    HouseholdState s =
        Apply({}, *DecideRegisterHousehold({}, "h1", *RegionCode::Parse("530502001002"), "x"));
    for (const MemberAdded& m : {Person("p01", "19800101", true), Person("p02", "19850505", false),
                                 Person("p03", "20160101", true)}) {
        s = Apply(s, *DecideAddMember(s, m, false, kToday, kPolicy));
    }
    VisitRecorded visit{"v1", "2026-11-01", "cw", "", "", {}};
    for (const char* pid : {"p01", "p02"}) {
        VisitLine line;
        line.person_id = pid;
        line.status = "unemployed";
        line.wants_job = true;
        visit.members.push_back(line);
    }
    s = Apply(s, *DecideRecordVisit(s, visit, kToday, kPolicy));
    REQUIRE(s.zero_employment);
    return s;
}

PlacementStarted Job(std::string id, std::string person = "p01", std::string start = "2026-11-10") {
    PlacementStarted p;
    p.placement_id = std::move(id);
    p.person_id = std::move(person);
    p.kind = "employer";
    p.schedule = "full_time";
    p.employer_name = "腾冲市某建筑公司";
    p.start_date = std::move(start);
    p.wage_fen = 400000;
    p.wage_unit = "month";
    return p;
}

}  // namespace

TEST_CASE("a placement clears the zero-employment household, citing it; its end flags again") {
    HouseholdState s = ZeroEmploymentHousehold();
    auto started = DecideStartPlacement(s, Job("pl1"), kToday, kPolicy);
    REQUIRE(started.ok());
    const auto* cleared = Find<ZeroEmploymentCleared>(*started);
    REQUIRE(cleared != nullptr);
    CHECK(cleared->reason == "member_employed");
    CHECK(cleared->cause == "placement:pl1");
    CHECK(cleared->date == "2026-11-10");
    s = Apply(s, *started);
    CHECK_FALSE(s.zero_employment);
    CHECK(s.FindMember("p01")->status == "employed_local");

    auto ended = DecideEndPlacement(s, {"pl1", "2026-11-20", "quit", ""}, kToday, kPolicy);
    REQUIRE(ended.ok());
    const auto* flagged = Find<ZeroEmploymentFlagged>(*ended);
    REQUIRE(flagged != nullptr);
    CHECK(flagged->since == "2026-11-20");
    CHECK(flagged->cause == "placement_ended:pl1");
    s = Apply(s, *ended);
    CHECK(s.zero_employment);
    CHECK(s.FindMember("p01")->status == "unemployed");
    CHECK(DecideEndPlacement(s, {"pl1", "2026-11-21", "quit", ""}, kToday, kPolicy).error().field ==
          "placement");
}

TEST_CASE("the end of one placement leaves the household clear while another member works") {
    HouseholdState s = ZeroEmploymentHousehold();
    s = Apply(s, *DecideStartPlacement(s, Job("pl1"), kToday, kPolicy));
    s = Apply(s, *DecideStartPlacement(s, Job("pl2", "p02", "2026-11-12"), kToday, kPolicy));
    auto ended = DecideEndPlacement(s, {"pl1", "2026-11-20", "season_over", ""}, kToday, kPolicy);
    REQUIRE(ended.ok());
    CHECK(Find<ZeroEmploymentFlagged>(*ended) == nullptr);
}

TEST_CASE("a placement needs an active member of working age") {
    const HouseholdState s = ZeroEmploymentHousehold();
    CHECK(DecideStartPlacement(s, Job("pl1", "p99"), kToday, kPolicy).error().field == "person_id");
    auto child = DecideStartPlacement(s, Job("pl1", "p03"), kToday, kPolicy);
    REQUIRE_FALSE(child.ok());
    CHECK(child.error().message.find("not of working age") != std::string::npos);
    CHECK(DecideStartPlacement(s, Job("pl1", "p01", "2026-11-25"), kToday, kPolicy).error().field ==
          "start_date");
}

TEST_CASE("full-time and seasonal placements of one person do not overlap; gig work may") {
    HouseholdState s = ZeroEmploymentHousehold();
    s = Apply(s, *DecideStartPlacement(s, Job("pl1"), kToday, kPolicy));
    auto second = DecideStartPlacement(s, Job("pl2", "p01", "2026-11-15"), kToday, kPolicy);
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().code == Errc::kRuleViolated);
    CHECK(second.error().message.find("pl1") != std::string::npos);

    PlacementStarted gig = Job("pl3", "p01", "2026-11-15");
    gig.schedule = "gig";
    CHECK(DecideStartPlacement(s, gig, kToday, kPolicy).ok());

    // Seasonal work that follows an ended placement.
    s = Apply(s,
              *DecideEndPlacement(s, {"pl1", "2026-11-16", "contract_ended", ""}, kToday, kPolicy));
    PlacementStarted season = Job("pl4", "p01", "2026-11-17");
    season.schedule = "seasonal";
    season.planned_end_date = "2027-01-31";
    CHECK(DecideStartPlacement(s, season, kToday, kPolicy).ok());
    PlacementStarted overlapping = Job("pl5", "p01", "2026-11-16");
    overlapping.schedule = "seasonal";
    CHECK_FALSE(
        DecideStartPlacement(s, overlapping, kToday, kPolicy).ok());  // pl1 still held on the 16th
}

TEST_CASE("public-welfare posts go first to the priority groups") {
    PlacementStarted post = Job("pl1");
    post.kind = "public_welfare";
    post.post_type = "road_maintenance";
    post.funding = "县级就业补助资金";
    post.monthly_subsidy_fen = 80000;
    post.term_months = 12;
    // A zero-employment household is a priority group.
    CHECK(DecideStartPlacement(ZeroEmploymentHousehold(), post, kToday, kPolicy).ok());

    // Once cleared, another member needs a reason unless certified hard-to-employ.
    HouseholdState s = ZeroEmploymentHousehold();
    s = Apply(s, *DecideStartPlacement(s, Job("pl0", "p02"), kToday, kPolicy));
    REQUIRE_FALSE(s.zero_employment);
    auto no_reason = DecideStartPlacement(s, post, kToday, kPolicy);
    REQUIRE_FALSE(no_reason.ok());
    CHECK(no_reason.error().field == "priority_reason");
    post.priority_reason = "村里无其他符合条件人员";
    CHECK(DecideStartPlacement(s, post, kToday, kPolicy).ok());

    PlacementStarted no_subsidy = post;
    no_subsidy.monthly_subsidy_fen = 0;
    CHECK(DecideStartPlacement(s, no_subsidy, kToday, kPolicy).error().field ==
          "monthly_subsidy_fen");
}

TEST_CASE("a platform placement without work-injury insurance is flagged for review") {
    PlacementStarted p = Job("pl1");
    p.via_platform = true;
    auto events = DecideStartPlacement(ZeroEmploymentHousehold(), p, kToday, kPolicy);
    REQUIRE(events.ok());
    const auto* started = Find<PlacementStarted>(*events);
    REQUIRE(started != nullptr);
    CHECK(started->flags == std::vector<std::string>{"no_work_injury_insurance"});
    p.work_injury_insurance = true;
    CHECK(
        Find<PlacementStarted>(*DecideStartPlacement(ZeroEmploymentHousehold(), p, kToday, kPolicy))
            ->flags.empty());
}

TEST_CASE("a placement's own fields are checked") {
    const HouseholdState s = ZeroEmploymentHousehold();
    auto bad = [&](auto change) {
        PlacementStarted p = Job("pl1");
        change(p);
        auto decided = DecideStartPlacement(s, p, kToday, kPolicy);
        REQUIRE_FALSE(decided.ok());
        return decided.error().field;
    };
    CHECK(bad([](PlacementStarted& p) { p.kind = "lottery"; }) == "kind");
    CHECK(bad([](PlacementStarted& p) { p.schedule = "sometimes"; }) == "schedule");
    CHECK(bad([](PlacementStarted& p) { p.wage_fen = -5; }) == "wage_fen");
    CHECK(bad([](PlacementStarted& p) { p.planned_end_date = "2026-11-01"; }) ==
          "planned_end_date");
    CHECK(bad([](PlacementStarted& p) { p.kind = "migrant"; }) == "destination");
    CHECK(bad([](PlacementStarted& p) {
              p.kind = "posting";
              p.posting_id.clear();
          }) == "posting_id");
    // The same placement again appends nothing.
    HouseholdState placed = Apply(s, *DecideStartPlacement(s, Job("pl1"), kToday, kPolicy));
    CHECK(DecideStartPlacement(placed, Job("pl1"), kToday, kPolicy)->empty());
}
