// Private: counters kept for a village and for every region above it (township, county, city),
// so that a figure for a region at any level is one key or one short prefix scan.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "xfl/domain/kernel/region_code.hpp"
#include "xfl/projections/core/delimited.hpp"
#include "xfl/projections/core/projection.hpp"

namespace xfl::projections {

// Calls `visit` with the 12-digit code of `village` and of each region above it.
template <class Visit>
void ForEveryLevel(const std::string& village, Visit&& visit) {
    for (auto region = domain::RegionCode::Parse(village); region.ok();) {
        visit(region->str());
        auto parent = region->Parent();
        if (!parent) break;
        region = *parent;
    }
}

// Adds `delta` to "<prefix><12-digit code><suffix>" for `village` and each region above it.
inline void AddAtEveryLevel(StateWriter& state, const std::string& village, std::string_view prefix,
                            std::string_view suffix, std::int64_t delta) {
    ForEveryLevel(village, [&](const std::string& region) {
        std::string key(prefix);
        key += region;
        key += suffix;
        state.Add(key, delta);
    });
}

}  // namespace xfl::projections
