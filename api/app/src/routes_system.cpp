// Health, readiness, metrics and the OpenAPI document.
#include "xfl/api/core/service.hpp"

namespace xfl::api {

extern const char kOpenApiJson[];

namespace {

HttpResponse NotReady(std::string_view status, const std::vector<std::string>& problems) {
    JsonOut list;
    list.OpenArray();
    for (const auto& p : problems) list.Value(p);
    return JsonResponse(503, JsonOut()
                                 .Open()
                                 .Field("status", status)
                                 .FieldRaw("problems", list.CloseArray().Take())
                                 .Close()
                                 .Take());
}

}  // namespace

void AddSystemRoutes(RouteBuilder& routes, Services& services) {
    routes.Public("GET", "/healthz", [](RequestContext&) -> Result<HttpResponse> {
        return JsonResponse(200, "{\"status\":\"ok\"}");
    });
    routes.Public("GET", "/readyz", [&services](RequestContext&) -> Result<HttpResponse> {
        if (auto failure = services.runner.Failure()) {
            return ErrorToResponse(
                Error::Make(Errc::kUnavailable, "a read model stopped: " + failure->message));
        }
        if (auto problem = services.log.WriteProblem()) {
            return NotReady("log_unwritable", {*problem});
        }
        if (auto broken = services.metrics.IntegrityFailures(); !broken.empty()) {
            return NotReady("integrity_failure", broken);
        }
        const std::uint64_t head = services.log.Head().value;
        const std::uint64_t applied = services.runner.Position().value;
        const bool ready = applied >= head;
        return JsonResponse(ready ? 200 : 503, JsonOut()
                                                   .Open()
                                                   .Field("status", ready ? "ready" : "catching_up")
                                                   .Field("log_head", head)
                                                   .Field("projections_at", applied)
                                                   .Close()
                                                   .Take());
    });
    routes.Public("GET", "/metrics", [&services](RequestContext&) -> Result<HttpResponse> {
        HttpResponse r = JsonResponse(
            200, services.metrics.Render(services.log.Head().value, services.runner.Statuses()));
        r.content_type = "text/plain; version=0.0.4";
        return r;
    });
    routes.Public("GET", "/api/v1/openapi.json", [](RequestContext&) -> Result<HttpResponse> {
        return JsonResponse(200, kOpenApiJson);
    });
}

}  // namespace xfl::api
