// The region aggregate: a division of the tree (code, name, parent), created and renamed.
#pragma once

#include <cereal/types/string.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xfl/domain/kernel/event_codec.hpp"
#include "xfl/domain/kernel/event_type.hpp"
#include "xfl/domain/kernel/region_code.hpp"
#include "xfl/domain/kernel/result.hpp"

namespace xfl::domain {

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

inline constexpr StreamKind kRegionStreams{"region-"};
std::string RegionStreamId(const RegionCode& code);

// The geography context's event types and stream kinds.
Status RegisterGeographyEvents(EventRegistry& registry);

}  // namespace xfl::domain
