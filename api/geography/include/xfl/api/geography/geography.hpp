// Geography: the region tree (routes under /api/v1/regions) and the built-in Baoshan divisions.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "xfl/api/core/context.hpp"
#include "xfl/domain/kernel/region_code.hpp"

namespace xfl::api {

Context GeographyContext();

// Appends the regions of Baoshan's tree (built in, from the NBS 2023 division codes) that the
// log does not have yet. Safe to repeat and to run on several nodes: each region is appended
// with a fixed command id, so nothing is appended twice. On a Kafka node that writes only some
// partitions, the regions of the others are left to the nodes that write them (`elsewhere`).
struct RegionSeedReport {
    std::size_t created = 0;
    std::size_t elsewhere = 0;
};
Result<RegionSeedReport> SeedRegions(Services& services);

// Errc::kRuleViolated naming "region" when the region tree does not have `region` (a record is
// placed only in a region the tree knows).
Status CheckKnownRegion(Services& services, const domain::RegionCode& region);

// "隆阳区（530502）": the region's name and code, for the titles of exports; the code alone
// for a region the tree does not have.
std::string RegionLabel(Services& services, const domain::RegionCode& region);

// The 957 villages and communities of the built-in Baoshan divisions, in code order.
std::vector<domain::RegionCode> BuiltInVillages();

}  // namespace xfl::api
