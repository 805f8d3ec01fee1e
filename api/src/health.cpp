#include "xfl/api/health.hpp"

namespace xfl::api {

void AddHealthRoutes(Router& router, const eventstore::EventLog& log,
                     const projections::ProjectionRunner& runner) {
    router.Add("GET", "/healthz", [](HttpRequest&) {
        return JsonResponse(200, "{\"status\":\"ok\"}");
    });
    router.Add("GET", "/readyz", [&log, &runner](HttpRequest&) {
        if (auto failure = runner.Failure()) {
            return ErrorResponse(503, "projections_failed", failure->message);
        }
        const std::uint64_t head = log.Head().value;
        const std::uint64_t applied = runner.Position().value;
        std::string body = "{\"status\":\"" + std::string(applied >= head ? "ready" : "catching_up") +
                           "\",\"log_head\":" + std::to_string(head) +
                           ",\"projections_at\":" + std::to_string(applied) + "}";
        return JsonResponse(applied >= head ? 200 : 503, std::move(body));
    });
}

}  // namespace xfl::api
