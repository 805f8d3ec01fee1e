// Region codes: 12-digit statistical division codes (city → county → township → village). A
// user's scope is a region; a record is inside it when its region code lies under that region,
// which the code structure makes a prefix test.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "xfl/domain/kernel/result.hpp"

namespace xfl::domain {

enum class RegionLevel { kCity = 1, kCounty = 2, kTownship = 3, kVillage = 4 };

std::string_view RegionLevelName(RegionLevel level);

class RegionCode {
  public:
    // Accepts 12 digits, or the 6/9-digit short forms of counties and townships (padded with
    // zeros). Errc::kInvalidArgument naming `field` otherwise.
    static Result<RegionCode> Parse(std::string_view text, std::string_view field = "region");

    const std::string& str() const { return code_; }
    RegionLevel level() const;
    // The digits that identify this region; every region under it starts with them.
    std::string_view SignificantPrefix() const;
    // True when `other` is this region or lies under it.
    bool Contains(const RegionCode& other) const;
    // The code of the parent region (nullopt for a city).
    std::optional<RegionCode> Parent() const;
    bool operator==(const RegionCode&) const = default;

  private:
    explicit RegionCode(std::string code) : code_(std::move(code)) {}
    std::string code_;
};

}  // namespace xfl::domain
