#include "routes.hpp"
#include "xfl/api/disputes/disputes.hpp"

namespace xfl::api {

Context DisputesContext() {
    return {"disputes",
            [] { return std::vector<std::unique_ptr<projections::Projection>>(); },
            [](RouteBuilder& routes, Services& services) {
                AddDisputeRoutes(routes, services);
                AddDisputeStepRoutes(routes, services);
                AddMinimumWageRoutes(routes, services);
            },
            {},
            domain::RegisterDisputeEvents};
}

}  // namespace xfl::api
