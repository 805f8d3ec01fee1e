// Wage disputes: the case from filing through mediation and arbitration to the money recovered,
// with its statutory clocks; the minimum wage list (routes under /api/v1/disputes and
// /api/v1/minimum-wages).
#pragma once

#include "xfl/api/core/context.hpp"

namespace xfl::api {

Context DisputesContext();

}  // namespace xfl::api
