#include "routes.hpp"
#include "xfl/api/calendar/calendar.hpp"
#include "xfl/api/disputes/disputes.hpp"
#include "xfl/domain/disputes/clocks.hpp"
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
            domain::RegisterDisputeEvents,
            {MakeLimitSource<domain::DisputeState>(
                domain::kDisputeStreams, domain::ApplyDisputeEvent,
                [](Services& services, const domain::DisputeState& s,
                   std::int64_t day) -> Result<std::vector<domain::PendingLimit>> {
                    XFL_TRY(calendar, LoadWorkingDays(services));
                    return domain::PendingDisputeLimits(s, *calendar, day);
                })}};
}

}  // namespace xfl::api
