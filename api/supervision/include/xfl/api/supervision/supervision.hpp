// Supervision: inspections with their reproducible samples, and findings from opening to
// closure, with the overdue ones per county (routes under /api/v1/inspections and
// /api/v1/findings).
#pragma once

#include "xfl/api/core/context.hpp"

namespace xfl::api {

Context SupervisionContext();

}  // namespace xfl::api
