// Private: the households context's route groups, added by HouseholdsContext().
#pragma once

#include "xfl/api/core/service.hpp"

namespace xfl::api {

void AddHouseholdRoutes(RouteBuilder& routes, Services& services);
void AddReportRoutes(RouteBuilder& routes, Services& services);
void AddImportRoutes(RouteBuilder& routes, Services& services);

}  // namespace xfl::api
