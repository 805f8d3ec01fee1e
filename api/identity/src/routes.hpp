// Private: the identity context's routes, added by IdentityContext().
#pragma once

#include "xfl/api/core/service.hpp"

namespace xfl::api {

void AddAccountRoutes(RouteBuilder& routes, Services& services);

}  // namespace xfl::api
