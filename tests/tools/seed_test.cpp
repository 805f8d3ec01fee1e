// The synthetic-data generator: deterministic, valid by the domain's own rules, unique IDs.
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "demand_generator.hpp"
#include "dispute_generator.hpp"
#include "seed_generator.hpp"
#include "support/parse_ledger.hpp"
#include "xfl/api/calendar/calendar.hpp"
#include "xfl/api/geography/geography.hpp"
#include "xfl/domain/disputes/clocks.hpp"
#include "xfl/domain/employment/credit_code.hpp"
#include "xfl/domain/households/ledger.hpp"
#include "xfl/domain/kernel/resident_id.hpp"
#include "xfl/domain/kernel/time.hpp"

using namespace xfl;

namespace {

const std::int64_t kToday = *domain::ParseDate("2026-11-24", "today");

std::string FlattenStream(const tools::SeedStream& s) {
    std::string all = s.stream;
    for (const auto& commit : s.commits) {
        for (const auto& e : commit) all += "|" + e.type + e.payload;
    }
    return all;
}

std::string Flatten(const tools::SeedHousehold& h) {
    std::string all = h.stream;
    for (const auto& commit : h.commits) {
        for (const auto& e : commit)
            all += "|" + e.type + e.payload + std::to_string(e.occurred_at_us);
    }
    return all;
}

}  // namespace

TEST_CASE("the seed generator is deterministic and its people are valid and unique") {
    const auto villages = api::BuiltInVillages();
    REQUIRE(villages.size() == 957);
    tools::Generator first(7, villages, kToday), again(7, villages, kToday),
        other(8, villages, kToday);
    std::set<std::string> ids;
    std::size_t flagged = 0, differing = 0;
    for (std::uint64_t i = 0; i < 300; ++i) {
        const auto h = first.Make(i);
        CHECK(Flatten(h) == Flatten(again.Make(i)));
        if (Flatten(h) != Flatten(other.Make(i))) ++differing;
        REQUIRE(h.commits.size() >= 2);
        for (const auto& commit : h.commits) {
            for (const auto& e : commit) {
                if (e.type == domain::MemberAdded::kType) {
                    auto m = domain::FromJsonPayload<domain::MemberAdded>(e.payload);
                    REQUIRE(m.ok());
                    CHECK(domain::ResidentId::Parse(m->resident_id).ok());
                    CHECK(ids.insert(m->resident_id).second);
                }
                if (e.type == domain::ZeroEmploymentFlagged::kType) ++flagged;
            }
        }
    }
    CHECK(first.people() == ids.size());
    CHECK(differing == 300);
    CHECK(flagged > 0);  // about one household in twenty has every seeker out of work
}

TEST_CASE("seeded households written as a ledger pass the import's checks and decide alike") {
    tools::Generator generator(3, api::BuiltInVillages(), kToday);
    std::string csv = tools::LedgerHeader();
    std::size_t people = 0;
    for (std::uint64_t i = 0; i < 300; ++i) {
        auto rows = tools::LedgerRows(generator.Make(i));
        REQUIRE(rows.ok());
        csv += *rows;
    }
    testing::ParsedLedger ledger = testing::ParseLedger(domain::SplitCsv(csv), kToday);
    INFO((ledger.errors.empty() ? ""
                                : std::to_string(ledger.errors[0].line) + " " +
                                      ledger.errors[0].field + ": " + ledger.errors[0].message));
    REQUIRE(ledger.errors.empty());
    CHECK(ledger.households.size() == 300);
    std::vector<domain::SheetError> errors;
    int n = 0;
    for (const auto& h : ledger.households) {
        people += h.rows.size();
        auto decision = domain::DecideLedgerHousehold(
            {}, h.household, h, "import", kToday, {},
            [&](std::string_view prefix) { return std::string(prefix) + std::to_string(++n); },
            errors);
        CHECK(decision.members_added == h.rows.size());
    }
    CHECK(errors.empty());
    CHECK(people == ledger.rows);
}

TEST_CASE("the demand-side generator is deterministic, with valid credit codes over the seasons") {
    const auto villages = api::BuiltInVillages();
    tools::DemandGenerator first(7, villages, kToday), again(7, villages, kToday);
    const auto flatten = FlattenStream;
    std::set<std::string> codes, trades, terms;
    for (std::uint64_t i = 0; i < 200; ++i) {
        const auto employer = first.Employer(i);
        CHECK(flatten(employer) == flatten(again.Employer(i)));
        CHECK(domain::CreditCode::Parse(first.EmployerId(i)).ok());
        codes.insert(first.EmployerId(i));
        CHECK(employer.commits.size() >= 2);  // registered, then visited
    }
    CHECK(codes.size() == 200);
    for (std::uint64_t i = 0; i < 2000; ++i) {
        const auto posting = first.Posting(i, 200);
        CHECK(flatten(posting) == flatten(again.Posting(i, 200)));
        auto opened = domain::FromJsonPayload<domain::PostingOpened>(posting.commits[0][0].payload);
        REQUIRE(opened.ok());
        CHECK(codes.contains(opened->employer_id));
        trades.insert(opened->trade);
        terms.insert(opened->term);
    }
    CHECK(trades.size() >= 10);
    CHECK(terms == std::set<std::string>{"gig", "long_term", "seasonal"});
}

TEST_CASE("seeded disputes are walked by the rules, deterministic, and some run late") {
    const auto villages = api::BuiltInVillages();
    const tools::DemandGenerator demand(7, villages, kToday);
    const auto calendar = api::BuiltInHolidayLists().Calendar();
    const tools::SeedClaimant claimant{"周建华", "530502198001010017", "s0000001-1", "s0000001",
                                       "530502001002"};
    std::map<std::string, int> stages, late;
    for (std::uint64_t i = 0; i < 300; ++i) {
        const auto made =
            tools::MakeDispute(7, i, claimant, demand.Registration(i % 50), calendar, kToday);
        CHECK(FlattenStream(made) ==
              FlattenStream(tools::MakeDispute(7, i, claimant, demand.Registration(i % 50),
                                               calendar, kToday)));
        domain::DisputeState state;
        std::int64_t last_recorded = 0;
        for (const auto& commit : made.commits) {
            for (const auto& e : commit) {
                REQUIRE(domain::ApplyDisputeEvent(state, {e.type, e.payload, 1}).ok());
                CHECK(e.occurred_at_us >= last_recorded);
                last_recorded = e.occurred_at_us;
            }
        }
        REQUIRE(state.exists);
        CHECK(domain::ChinaDay(last_recorded) <= kToday);
        ++stages[state.stage];
        for (const auto& clock : domain::DisputeClockViews(state, calendar, kToday)) {
            if (clock.days_late > 0) ++late[clock.name];
        }
    }
    for (const char* stage : {"mediation", "arbitration", "awarded", "closed"}) {
        CHECK(stages[stage] > 0);
    }
    for (const char* clock : {"acceptance", "award", "limitation"}) {
        CHECK(late[clock] > 0);
    }
}
