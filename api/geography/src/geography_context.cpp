#include "routes.hpp"
#include "xfl/api/geography/geography.hpp"
#include "xfl/domain/geography/region.hpp"
#include "xfl/projections/geography/region_tree.hpp"

namespace xfl::api {

Context GeographyContext() {
    return {"geography",
            [] {
                std::vector<std::unique_ptr<projections::Projection>> all;
                all.push_back(projections::MakeRegionTreeProjection());
                return all;
            },
            AddRegionRoutes,
            {},
            domain::RegisterGeographyEvents};
}

}  // namespace xfl::api
