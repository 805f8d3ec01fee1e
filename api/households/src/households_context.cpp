#include "routes.hpp"
#include "xfl/api/households/households.hpp"
#include "xfl/domain/households/household.hpp"
#include "xfl/projections/households/households.hpp"
#include "xfl/projections/households/labour_stats.hpp"

namespace xfl::api {

Context HouseholdsContext() {
    return {"households",
            [] {
                std::vector<std::unique_ptr<projections::Projection>> all;
                all.push_back(projections::MakeHouseholdIndexProjection());
                all.push_back(projections::MakeZeroEmploymentBoardProjection());
                all.push_back(projections::MakeLabourStatsProjection());
                return all;
            },
            [](RouteBuilder& routes, Services& services) {
                AddHouseholdRoutes(routes, services);
                AddBoardRoutes(routes, services);
                AddPeopleRoutes(routes, services);
                AddReportRoutes(routes, services);
                AddImportRoutes(routes, services);
            },
            {ZeroEmploymentReviewJob()},
            domain::RegisterHouseholdsEvents,
            {MakeLimitSource<domain::HouseholdState>(
                domain::kHouseholdStreams, domain::ApplyHouseholdEvent,
                [](Services&, const domain::HouseholdState& s, std::int64_t) {
                    return domain::PendingZeroEmploymentLimits(s, domain::kZeroEmploymentPolicy);
                })}};
}

}  // namespace xfl::api
