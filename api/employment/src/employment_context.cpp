#include "routes.hpp"
#include "xfl/api/employment/employment.hpp"

namespace xfl::api {

Context EmploymentContext() {
    return {"employment",
            [] {
                std::vector<std::unique_ptr<projections::Projection>> all;
                all.push_back(projections::MakeEmployerIndexProjection());
                all.push_back(projections::MakePostingIndexProjection());
                all.push_back(projections::MakePlacementIndexProjection());
                all.push_back(projections::MakeEmploymentFollowUpsProjection());
                return all;
            },
            [](RouteBuilder& routes, Services& services) {
                AddEmployerRoutes(routes, services);
                AddPostingRoutes(routes, services);
                AddPlacementRoutes(routes, services);
                AddEmploymentReportRoutes(routes, services);
                AddEmploymentImportRoutes(routes, services);
            },
            EmploymentJobs(), domain::RegisterEmploymentEvents};
}

}  // namespace xfl::api
