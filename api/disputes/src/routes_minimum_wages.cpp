// /api/v1/minimum-wages: the local minimum monthly wage, each amount with the day it takes
// effect; admins record it, every role reads it.
#include "routes.hpp"
#include "xfl/domain/disputes/minimum_wage.hpp"

namespace xfl::api {
namespace {

const RoleSet kAdmins = {domain::Role::kAdmin};

const std::string& ListStream() {
    static const std::string stream = domain::kMinimumWageStreams.Of(domain::kMinimumWageListId);
    return stream;
}

Result<Loaded<domain::MinimumWages>> LoadList(Services& services) {
    XFL_TRY(events, services.Stream(ListStream()));
    return LoadFrom<domain::MinimumWages>(events, domain::ApplyMinimumWageEvent);
}

}  // namespace

void AddMinimumWageRoutes(RouteBuilder& routes, Services& services) {
    routes.Query("GET", "/api/v1/minimum-wages", kAllRoles,
                 [&services](RequestContext&) -> Result<HttpResponse> {
                     XFL_TRY(list, LoadList(services));
                     JsonOut out;
                     out.Open().OpenArray("minimum_wages");
                     for (const auto& a : list.state.amounts) {
                         out.Item(JsonOut()
                                      .Open()
                                      .Field("effective_from", a.effective_from)
                                      .Field("monthly_fen", a.monthly_fen)
                                      .Field("source", a.source)
                                      .Close()
                                      .Take());
                     }
                     return JsonResponse(200, out.CloseArray().Close().Take());
                 });
    routes.Command(
        "POST", "/api/v1/minimum-wages", kAdmins,
        [&services](RequestContext& ctx) -> Result<CommandSpec> {
            XFL_TRY(body, ReadJson(ctx));
            XFL_TRY(from, body.String("effective_from", 10));
            XFL_TRY(monthly, body.OptionalInt("monthly_fen"));
            XFL_TRY(source, body.String("source", 200));
            XFL_CHECK(body.Finish());
            XFL_TRY(list, LoadList(services));
            XFL_TRY(events,
                    domain::DecideSetMinimumWage(list.state, {from, source, monthly.value_or(0)}));
            return CommandSpec{ListStream(),
                               list.Expected(),
                               eventstore::MakeEvents(events, ctx.now_us),
                               std::nullopt,
                               {}};
        },
        [](const Commit& c) -> Result<HttpResponse> {
            return CommitResponse(201, domain::kMinimumWageListId, c);
        });
}

}  // namespace xfl::api
