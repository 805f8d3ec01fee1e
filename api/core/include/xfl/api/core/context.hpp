// A business context as the API composes it: the read models it keeps, the routes it adds and
// the jobs time drives.
// The composition root (xfl/api/api.hpp) lists the contexts once; a context adds nothing to any
// other list.
#pragma once

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "xfl/api/core/jobs.hpp"
#include "xfl/api/core/service.hpp"
#include "xfl/domain/kernel/event_type.hpp"
#include "xfl/projections/core/projection.hpp"

namespace xfl::api {

struct Context {
    std::string_view name;
    std::function<std::vector<std::unique_ptr<projections::Projection>>()> projections;
    std::function<void(RouteBuilder&, Services&)> add_routes;
    std::vector<Job> jobs;
    // Declares the context's event types and stream kinds (domain/kernel/event_type.hpp).
    std::function<Status(domain::EventRegistry&)> register_events;
    // Its records that run against time limits, for the activity's attention flags.
    std::vector<LimitSource> limits = {};
};

}  // namespace xfl::api
