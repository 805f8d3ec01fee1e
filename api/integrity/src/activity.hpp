// Private: GET /api/v1/audit/activity — who did what, where and when, with attention flags —
// and GET /api/v1/audit/access, the same for views of full resident IDs.
#pragma once

#include "xfl/api/core/service.hpp"

namespace xfl::api {

void AddActivityRoutes(RouteBuilder& routes, Services& services);

}  // namespace xfl::api
