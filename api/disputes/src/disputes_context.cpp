#include "routes.hpp"
#include "xfl/api/disputes/disputes.hpp"
#include "xfl/projections/disputes/disputes.hpp"

namespace xfl::api {

Context DisputesContext() {
    return {"disputes",
            [] {
                std::vector<std::unique_ptr<projections::Projection>> all;
                all.push_back(projections::MakeDisputeIndexProjection());
                return all;
            },
            [](RouteBuilder& routes, Services& services) {
                AddDisputeRoutes(routes, services);
                AddDisputeStepRoutes(routes, services);
                AddMinimumWageRoutes(routes, services);
                AddDisputeReportRoutes(routes, services);
            },
            {},
            domain::RegisterDisputeEvents};
}

}  // namespace xfl::api
