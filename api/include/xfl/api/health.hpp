// Liveness and readiness routes.
#pragma once

#include "xfl/api/http.hpp"
#include "xfl/eventstore/event_log.hpp"
#include "xfl/projections/runner.hpp"

namespace xfl::api {

// GET /healthz: 200 while the process serves. GET /readyz: 200 when every projection has caught
// up with the log head, 503 (with the lag) otherwise or when the projection runner has failed.
// The references must outlive the router.
void AddHealthRoutes(Router& router, const eventstore::EventLog& log,
                     const projections::ProjectionRunner& runner);

}  // namespace xfl::api
