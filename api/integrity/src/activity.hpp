// Private: GET /api/v1/audit/activity — who did what, where and when, with attention flags.
#pragma once

#include "xfl/api/core/service.hpp"

namespace xfl::api {

void AddActivityRoute(RouteBuilder& routes, Services& services);

}  // namespace xfl::api
