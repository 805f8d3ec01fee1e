// The region tree read model: every division with its name and children, for scope checks,
// names in reports and the region routes.
#pragma once

#include <cereal/types/string.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "xfl/projections/core/projection.hpp"

namespace xfl::projections {

struct RegionView {
    std::string code;
    std::string name;
    std::string parent;
    std::uint64_t version = 0;
    template <class A>
    void serialize(A& ar) {
        ar(CEREAL_NVP(code), CEREAL_NVP(name), CEREAL_NVP(parent), CEREAL_NVP(version));
    }
};

inline constexpr std::string_view kRegionTree = "region_tree";

std::unique_ptr<Projection> MakeRegionTreeProjection();

std::optional<RegionView> FindRegion(const StateView& tree, const std::string& code);
// Children of `parent` in code order, starting after `after` (empty: from the first), at most
// `limit`.
std::vector<RegionView> RegionChildren(const StateView& tree, const std::string& parent,
                                       const std::string& after, std::size_t limit);

}  // namespace xfl::projections
