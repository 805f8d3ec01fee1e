// Regions as pure rules: codes and their containment, creating and renaming; no server, no log.
#include "xfl/domain/geography/region.hpp"

#include <catch2/catch.hpp>

using namespace xfl;
using namespace xfl::domain;

namespace {

RegionState Existing(const std::string& code, const std::string& name, const std::string& parent) {
    return Evolve(RegionState{}, RegionCreated{code, name, parent});
}

}  // namespace

TEST_CASE("region codes: 12 digits or the short county and township forms") {
    const auto village = *RegionCode::Parse("530502001002");
    CHECK(village.level() == RegionLevel::kVillage);
    CHECK(RegionCode::Parse("530502")->str() == "530502000000");
    CHECK(RegionCode::Parse("530502001")->level() == RegionLevel::kTownship);
    CHECK(RegionCode::Parse("530500000000")->level() == RegionLevel::kCity);
    CHECK(RegionCode::Parse("5305").error().code == Errc::kInvalidArgument);
    CHECK(RegionCode::Parse("53050200100a", "parent").error().field == "parent");
    CHECK_FALSE(RegionCode::Parse("530000000000").ok());  // a province
    CHECK(village.Parent()->str() == "530502001000");
    CHECK(village.Parent()->Parent()->Parent()->str() == "530500000000");
    CHECK_FALSE(RegionCode::Parse("530500000000")->Parent().has_value());
    CHECK(RegionLevelName(RegionLevel::kTownship) == "township");
}

TEST_CASE("a region contains itself and every region under it, nothing else") {
    const auto city = *RegionCode::Parse("530500000000");
    const auto longyang = *RegionCode::Parse("530502");
    const auto lancheng = *RegionCode::Parse("530502001");
    const auto village = *RegionCode::Parse("530502001002");
    const auto tengchong = *RegionCode::Parse("530581");
    CHECK(city.Contains(tengchong));
    CHECK(longyang.Contains(village));
    CHECK(lancheng.Contains(village));
    CHECK(village.Contains(village));
    CHECK_FALSE(village.Contains(lancheng));
    CHECK_FALSE(longyang.Contains(tengchong));
    // By the significant digits of each level: 530502101001 lies in 隆阳区, not in 兰城街道.
    CHECK_FALSE(lancheng.Contains(*RegionCode::Parse("530502101001")));
}

TEST_CASE("a region is created under an existing parent, directly below it") {
    const auto parent = Existing("530502001000", "兰城街道", "530502000000");
    const auto code = *RegionCode::Parse("530502001099");
    auto created = DecideCreateRegion({}, code, "新社区", parent);
    REQUIRE(created.ok());
    CHECK(created->parent == "530502001000");
    CHECK(DecideCreateRegion(Existing(code.str(), "x", parent.code), code, "新社区", parent)
              .error()
              .code == Errc::kAlreadyExists);
    CHECK(DecideCreateRegion({}, code, "新社区", {}).error().field == "parent");
    CHECK(DecideCreateRegion({}, *RegionCode::Parse("530502002001"), "x", parent).error().field ==
          "parent");  // not this parent's child
    CHECK(DecideCreateRegion({}, *RegionCode::Parse("530500000000"), "保山市", {}).error().code ==
          Errc::kRuleViolated);
    CHECK(DecideCreateRegion({}, code, "", parent).error().field == "name");
    CHECK(DecideCreateRegion({}, code, std::string(101, 'x'), parent).error().field == "name");
    CHECK(DecideCreateRegion({}, code, "a\nb", parent).error().field == "name");
}

TEST_CASE("a region is renamed to a new name; history replays") {
    RegionState region = Existing("530502001002", "王官社区", "530502001000");
    CHECK(DecideRenameRegion(region, "王官社区").error().code == Errc::kRuleViolated);
    CHECK(DecideRenameRegion({}, "x").error().code == Errc::kNotFound);
    auto renamed = DecideRenameRegion(region, "王官新社区");
    REQUIRE(renamed.ok());
    region = Evolve(region, *renamed);
    CHECK(region.name == "王官新社区");

    RegionState replayed;
    REQUIRE(ApplyRegionEvent(replayed,
                             {RegionCreated::kType,
                              R"({"code":"530502001002","name":"a","parent":"530502001000"})"})
                .ok());
    REQUIRE(ApplyRegionEvent(replayed, {RegionRenamed::kType, R"({"name":"b"})"}).ok());
    CHECK(replayed.name == "b");
    CHECK(RegionStreamId(*RegionCode::Parse("530502001002")) == "region-530502001002");
}
