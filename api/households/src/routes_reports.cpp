// /api/v1/reports/labour-force: labour-force statistics of a region, now or as of a date.
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
    XFL_TRY(as_of, ctx.AsOf());
    std::optional<std::int64_t> as_of_day;
    if (as_of) as_of_day = domain::ChinaDay(*as_of);
    XFL_TRY(format, ReadExportOptions(ctx));
    const auto counts =
        projections::CountLabourForce(*services.store.View(projections::kLabourStats), region.str(),
                                      as_of_day, domain::ChinaDay(ctx.now_us));
    const std::string date = domain::FormatDate(as_of_day.value_or(domain::ChinaDay(ctx.now_us)));
    if (format.format != ExportFormat::kJson) {
        return ExportResponse(
            FiguresTable("劳动力统计 " + RegionLabel(services, region) + " " + date, region,
                         {{{"date", "统计日期", 12}, date}}, counts),
            format, "labour-force-" + region.str() + "-" + date);
    }
    std::int64_t people = 0;
    if (auto sex = counts.find("sex"); sex != counts.end()) {
        for (const auto& [value, n] : sex->second) people += n;
    }
    JsonOut out;
    out.Open().Field("region", region.str()).Field("date", date).Field("people", people);
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
