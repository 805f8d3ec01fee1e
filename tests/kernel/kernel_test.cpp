// The kernel's value types as pure functions: resident IDs, region codes, dates and times.
#include <catch2/catch.hpp>

#include "xfl/domain/kernel/region_code.hpp"
#include "xfl/domain/kernel/resident_id.hpp"
#include "xfl/domain/kernel/time.hpp"

using namespace xfl;
using namespace xfl::domain;

namespace {

const std::int64_t kToday = *ParseDate("2026-11-24", "today");

}  // namespace

TEST_CASE("resident IDs: GB 11643 check character, birth date, sex, masking") {
    auto standard = ResidentId::Parse("11010519491231002X");  // the standard's own example
    REQUIRE(standard.ok());
    CHECK(standard->sex() == Sex::kFemale);
    CHECK(FormatDate(standard->birth_day()) == "1949-12-31");
    CHECK(ResidentId::Parse("11010519491231002x").ok());
    CHECK(ResidentId::Parse("110105194912310021").error().message.find("check character") !=
          std::string::npos);
    CHECK(ResidentId::Parse("11010519491331002X").error().field == "resident_id");  // month 13
    CHECK_FALSE(ResidentId::Parse("1101051949123100").ok());
    CHECK(MaskResidentId("530502198001011234") == "5305**********1234");
}

TEST_CASE("region codes: levels, parents and scope containment") {
    auto village = *RegionCode::Parse("530502001002");
    auto county = *RegionCode::Parse("530502");
    CHECK(village.level() == RegionLevel::kVillage);
    CHECK(county.str() == "530502000000");
    CHECK(county.Contains(village));
    CHECK_FALSE(village.Contains(county));
    CHECK_FALSE(RegionCode::Parse("530581000000")->Contains(village));
    CHECK(village.Parent()->str() == "530502001000");
    CHECK(RegionCode::Parse("530500000000")->Contains(village));
    CHECK_FALSE(RegionCode::Parse("53050200100A").ok());
}

TEST_CASE("dates and times round-trip") {
    CHECK(FormatDate(*ParseDate("2024-02-29", "d")) == "2024-02-29");
    CHECK_FALSE(ParseDate("2023-02-29", "d").ok());
    CHECK(AgeInYears(*ParseDate("1980-11-25", "d"), kToday) == 45);
    CHECK(AgeInYears(*ParseDate("1980-11-24", "d"), kToday) == 46);
    auto t = ParseRfc3339("2026-11-24T08:00:00+08:00", "t");
    REQUIRE(t.ok());
    CHECK(FormatRfc3339(*t) == "2026-11-24T00:00:00.000000Z");
    CHECK(ChinaDay(*t) == kToday);
}

TEST_CASE("months are added to dates, a day the month lacks becoming its last") {
    auto added = [](const char* date, int months) {
        return FormatDate(AddMonths(*ParseDate(date, "d"), months));
    };
    CHECK(added("2026-01-31", 1) == "2026-02-28");
    CHECK(added("2024-01-31", 1) == "2024-02-29");
    CHECK(added("2024-02-29", 12) == "2025-02-28");
    CHECK(added("2026-03-31", -1) == "2026-02-28");
    CHECK(added("2026-11-28", -12) == "2025-11-28");
    CHECK(added("2026-01-15", -13) == "2024-12-15");
    CHECK(added("2026-12-31", 2) == "2027-02-28");
}
