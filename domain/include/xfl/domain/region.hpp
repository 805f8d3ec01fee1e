// Regions: 12-digit statistical division codes (city → county → township → village) and the
// region aggregate. A user's scope is a region; a record is inside it when its region code lies
// under that region, which the code structure makes a prefix test.
#pragma once

#include <cereal/types/string.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xfl/domain/event_codec.hpp"
#include "xfl/domain/result.hpp"

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

// ---- events (payloads are cereal JSON with named fields) ----
struct RegionCreated {
    static constexpr std::string_view kType = "region.created";
    std::string code;
    std::string name;
    std::string parent;  // empty for the city
    template <class A>
    void serialize(A& ar) {
        ar(CEREAL_NVP(code), CEREAL_NVP(name), CEREAL_NVP(parent));
    }
};

struct RegionRenamed {
    static constexpr std::string_view kType = "region.renamed";
    std::string name;
    template <class A>
    void serialize(A& ar) {
        ar(CEREAL_NVP(name));
    }
};

struct RegionState {
    bool exists = false;
    std::string code;
    std::string name;
    std::string parent;
};

RegionState Evolve(RegionState state, const RegionCreated& e);
RegionState Evolve(RegionState state, const RegionRenamed& e);
Status ApplyRegionEvent(RegionState& state, const StoredEvent& event);

// Region names: 1..100 bytes of UTF-8 text without control characters.
Status ValidateRegionName(std::string_view name);

// A new region: the parent must exist and the code must sit directly under it.
Result<RegionCreated> DecideCreateRegion(const RegionState& existing, const RegionCode& code,
                                         std::string name, const RegionState& parent);
Result<RegionRenamed> DecideRenameRegion(const RegionState& region, std::string name);

std::string RegionStreamId(const RegionCode& code);

}  // namespace xfl::domain
