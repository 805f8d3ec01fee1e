#include "xfl/api/api.hpp"

#include "xfl/api/calendar/calendar.hpp"
#include "xfl/api/core/web_assets.hpp"
#include "xfl/api/disputes/disputes.hpp"
#include "xfl/api/employment/employment.hpp"
#include "xfl/api/geography/geography.hpp"
#include "xfl/api/households/households.hpp"
#include "xfl/api/identity/identity.hpp"
#include "xfl/api/integrity/integrity.hpp"
#include "xfl/api/supervision/supervision.hpp"

namespace xfl::api {

void AddSystemRoutes(RouteBuilder& routes, Services& services);

std::vector<Context> Contexts() {
    return {GeographyContext(), IdentityContext(), HouseholdsContext(),  EmploymentContext(),
            CalendarContext(),  DisputesContext(), SupervisionContext(), IntegrityContext()};
}

std::vector<std::unique_ptr<projections::Projection>> ApiProjections() {
    std::vector<std::unique_ptr<projections::Projection>> all;
    for (const Context& context : Contexts()) {
        for (auto& projection : context.projections()) all.push_back(std::move(projection));
    }
    return all;
}

Result<domain::EventRegistry> ApiEventRegistry() {
    domain::EventRegistry registry;
    for (const Context& context : Contexts()) {
        if (Status s = context.register_events(registry); !s.ok()) return std::move(s).error();
    }
    return registry;
}

std::vector<Job> ApiJobs() {
    std::vector<Job> all;
    for (Context& context : Contexts()) {
        for (Job& job : context.jobs) all.push_back(std::move(job));
    }
    return all;
}

struct Api::Impl {
    Impl(eventstore::EventLog& log, projections::ProjectionStore& store,
         projections::ProjectionRunner& runner, ApiConfig config)
        : services(log, store, runner, std::move(config)) {}
    Services services;
    Router router;
    bool web_application = false;
};

Api::Api(eventstore::EventLog& log, projections::ProjectionStore& store,
         projections::ProjectionRunner& runner, ApiConfig config)
    : impl_(std::make_unique<Impl>(log, store, runner, config)) {
    // Two contexts writing one event type or one stream name would corrupt each other's
    // history: such a build must not serve.
    if (auto registry = ApiEventRegistry(); !registry.ok()) {
        throw std::logic_error(registry.error().message);
    }
    RouteBuilder routes(impl_->services, impl_->router);
    AddSystemRoutes(routes, impl_->services);
    for (const Context& context : Contexts()) {
        for (const LimitSource& source : context.limits) {
            impl_->services.limit_sources.push_back(source);
        }
    }
    for (const Context& context : Contexts()) context.add_routes(routes, impl_->services);
    if (auto assets = WebAssets::Load(config.web_root); assets.ok()) {
        impl_->web_application = true;
        impl_->router.SetFallback(
            [assets = std::move(assets).value()](HttpRequest& r) { return assets->Serve(r); });
    } else {
        impl_->router.SetFallback(
            [root = config.web_root](HttpRequest& r) { return WebApplicationMissing(root, r); });
    }
}

Api::~Api() = default;

const Router& Api::router() const { return impl_->router; }

bool Api::serves_web_application() const { return impl_->web_application; }

Services& Api::services() { return impl_->services; }

}  // namespace xfl::api
