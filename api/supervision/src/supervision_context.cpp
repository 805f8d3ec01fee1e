#include "routes.hpp"
#include "xfl/api/supervision/supervision.hpp"

namespace xfl::api {

Context SupervisionContext() {
    return {"supervision",
            [] {
                std::vector<std::unique_ptr<projections::Projection>> all;
                all.push_back(projections::MakeFindingIndexProjection());
                all.push_back(projections::MakeInspectionIndexProjection());
                return all;
            },
            [](RouteBuilder& routes, Services& services) {
                AddInspectionRoutes(routes, services);
                AddFindingRoutes(routes, services);
            },
            {},
            domain::RegisterSupervisionEvents,
            {MakeLimitSource<domain::FindingState>(
                domain::kFindingStreams, domain::ApplyFindingEvent,
                [](Services&, const domain::FindingState& s, std::int64_t) {
                    return domain::PendingFindingLimits(s);
                })}};
}

}  // namespace xfl::api
