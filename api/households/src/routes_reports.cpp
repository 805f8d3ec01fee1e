// /api/v1/reports/labour-force: labour-force statistics of a region, now or as of a date.
#include "routes.hpp"
#include "xfl/api/core/csv.hpp"
#include "xfl/api/core/report.hpp"
#include "xfl/api/core/service.hpp"
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
    XFL_TRY(format, ReadReportFormat(ctx));
    const auto counts =
        projections::CountLabourForce(*services.store.View(projections::kLabourStats), region.str(),
                                      as_of_day, domain::ChinaDay(ctx.now_us));
    const std::string date = domain::FormatDate(as_of_day.value_or(domain::ChinaDay(ctx.now_us)));
    if (format == ReportFormat::kCsv) {
        std::string csv = "region,date,dimension,value,count\r\n";
        for (const auto& [dimension, values] : counts) {
            for (const auto& [value, n] : values) {
                csv += region.str() + "," + date + "," + CsvText(dimension) + "," + CsvText(value) +
                       "," + std::to_string(n) + "\r\n";
            }
        }
        HttpResponse r = JsonResponse(200, std::move(csv));
        r.content_type = "text/csv; charset=utf-8";
        r.headers.emplace_back("Content-Disposition", "attachment; filename=\"labour-force-" +
                                                          region.str() + "-" + date + ".csv\"");
        return r;
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
