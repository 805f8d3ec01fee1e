// Private: the geography context's routes, added by GeographyContext().
#pragma once

#include "xfl/api/core/service.hpp"

namespace xfl::api {

void AddRegionRoutes(RouteBuilder& routes, Services& services);

}  // namespace xfl::api
