#include "xfl/api/core/report.hpp"

#include "xfl/api/core/csv.hpp"
#include "xfl/domain/kernel/time.hpp"

namespace xfl::api {

Result<ReportPeriod> ReadReportPeriod(const RequestContext& ctx) {
    XFL_TRY(as_of, ctx.AsOf());
    ReportPeriod p;
    p.at_us = as_of.value_or(ctx.now_us);
    std::int64_t to = domain::ChinaDay(p.at_us);
    if (auto text = ctx.Query("to")) {
        XFL_TRY(day, domain::ParseDate(*text, "to"));
        to = day;
    }
    std::int64_t from = domain::DaysFromCivil(domain::CivilFromDays(to).year, 1, 1);
    if (auto text = ctx.Query("from")) {
        XFL_TRY(day, domain::ParseDate(*text, "from"));
        from = day;
    }
    if (from > to) return Error::Make(Errc::kInvalidArgument, "from: after to", "from");
    p.from = domain::FormatDate(from);
    p.to = domain::FormatDate(to);
    return p;
}

Result<ReportFormat> ReadReportFormat(const RequestContext& ctx) {
    const std::string format = ctx.Query("format").value_or("json");
    if (format == "json") return ReportFormat::kJson;
    if (format == "csv") return ReportFormat::kCsv;
    return Error::Make(Errc::kInvalidArgument, "format: json or csv", "format");
}

HttpResponse ReportResponse(std::string_view name, const domain::RegionCode& region,
                            const ReportPeriod& period, const ReportFigures& figures,
                            ReportFormat format) {
    if (format == ReportFormat::kCsv) {
        std::string csv = "region,from,to,dimension,value,count\r\n";
        for (const auto& [dimension, values] : figures) {
            for (const auto& [value, n] : values) {
                csv += region.str() + "," + period.from + "," + period.to + "," +
                       CsvText(dimension) + "," + CsvText(value) + "," + std::to_string(n) + "\r\n";
            }
        }
        HttpResponse r = JsonResponse(200, std::move(csv));
        r.content_type = "text/csv; charset=utf-8";
        r.headers.emplace_back("Content-Disposition",
                               "attachment; filename=\"" + std::string(name) + "-" + region.str() +
                                   "-" + period.from + "-" + period.to + ".csv\"");
        return r;
    }
    JsonOut out;
    out.Open()
        .Field("region", region.str())
        .Field("from", period.from)
        .Field("to", period.to)
        .Field("as_of", domain::FormatRfc3339(period.at_us));
    for (const auto& [dimension, values] : figures) {
        JsonOut group;
        group.Open();
        for (const auto& [value, n] : values) group.Field(value, n);
        out.FieldRaw(dimension, group.Close().Take());
    }
    return JsonResponse(200, out.Close().Take());
}

}  // namespace xfl::api
