// /api/v1/reports/labour-force: labour-force statistics of a region, now, as known at an instant
// (as_of) or as true on a business day (valid_on).
#include "routes.hpp"
#include "xfl/api/core/report.hpp"
#include "xfl/api/core/service.hpp"
#include "xfl/api/geography/geography.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/projections/households/labour_stats.hpp"

namespace xfl::api {
namespace {

const RoleSet kReaders = {domain::Role::kAdmin, domain::Role::kCaseworker,
                          domain::Role::kInspector};

Result<HttpResponse> LabourForceReport(Services& services, RequestContext& ctx) {
    XFL_TRY(region, ReadRegionInScope(ctx));
    XFL_TRY(vantage, ctx.ReadVantage());
    std::optional<std::int64_t> as_of_day;
    if (vantage.as_of) as_of_day = domain::ChinaDay(*vantage.as_of);
    const std::optional<std::int64_t> valid_on = vantage.valid_on;
    XFL_TRY(format, ReadExportOptions(ctx));
    const std::int64_t today = domain::ChinaDay(ctx.now_us);
    auto stats = services.store.View(projections::kLabourStats);
    const auto counts = valid_on
                            ? projections::CountLabourForceValidOn(*stats, region.str(), *valid_on,
                                                                   as_of_day, today)
                            : projections::CountLabourForce(*stats, region.str(), as_of_day, today);
    const std::string date = domain::FormatDate(valid_on.value_or(as_of_day.value_or(today)));
    if (format.format != ExportFormat::kJson) {
        return ExportResponse(FiguresTable("劳动力统计 " + RegionLabel(services, region) + " " +
                                               date + (valid_on ? "（按业务日期）" : ""),
                                           region, {{{"date", "统计日期", 12}, date}}, counts),
                              format, "labour-force-" + region.str() + "-" + date);
    }
    std::int64_t people = 0;
    if (auto sex = counts.find("sex"); sex != counts.end()) {
        for (const auto& [value, n] : sex->second) people += n;
    }
    JsonOut out;
    out.Open().Field("region", region.str()).Field("date", date);
    if (valid_on) out.Field("valid_on", date);
    out.Field("people", people);
    for (const auto& [dimension, values] : counts) {
        JsonOut group;
        group.Open();
        for (const auto& [value, n] : values) group.Field(value, n);
        out.FieldRaw("by_" + dimension, group.Close().Take());
    }
    return JsonResponse(200, out.Close().Take());
}

}  // namespace

void AddReportRoutes(RouteBuilder& routes, Services& services) {
    routes.Query("GET", "/api/v1/reports/labour-force", kReaders,
                 [&](RequestContext& ctx) { return LabourForceReport(services, ctx); });
}

}  // namespace xfl::api
