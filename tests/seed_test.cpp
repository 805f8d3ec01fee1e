// The synthetic-data generator: deterministic, valid by the domain's own rules, unique IDs.
#include <catch2/catch.hpp>
#include <set>

#include "seed_generator.hpp"
#include "xfl/api/api.hpp"
#include "xfl/domain/resident_id.hpp"
#include "xfl/domain/time.hpp"

using namespace xfl;

namespace {

const std::int64_t kToday = *domain::ParseDate("2026-11-24", "today");

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
