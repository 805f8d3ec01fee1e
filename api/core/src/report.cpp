#include "xfl/api/core/report.hpp"

#include "xfl/domain/kernel/time.hpp"

namespace xfl::api {

Result<std::int64_t> ReadPeriodEnd(const RequestContext& ctx, const Vantage& vantage) {
    const auto text = ctx.Query("to");
    if (!text) return vantage.Day(ctx.now_us);
    XFL_TRY(to, domain::ParseDate(*text, "to"));
    if (vantage.valid_on && *vantage.valid_on != to) {
        return Error::Make(Errc::kInvalidArgument,
                           "valid_on: this report counts by business dates up to `to`, so "
                           "valid_on is its end: give one of them, or the same day",
                           "valid_on");
    }
    return to;
}

Result<ReportPeriod> ReadReportPeriod(const RequestContext& ctx) {
    XFL_TRY(vantage, ctx.ReadVantage());
    ReportPeriod p;
    p.at_us = vantage.as_of.value_or(ctx.now_us);
    XFL_TRY(to, ReadPeriodEnd(ctx, vantage));
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

ExportTable FiguresTable(std::string title, const domain::RegionCode& region,
                         const std::vector<DateCell>& dates, const ReportFigures& figures) {
    ExportTable table{std::move(title), {{"region", "区划代码", 14}}, {}};
    for (const DateCell& date : dates) table.columns.push_back(date.column);
    table.columns.push_back({"dimension", "统计维度", 22});
    table.columns.push_back({"value", "分类", 28});
    table.columns.push_back({"count", "数量", 12, true});
    for (const auto& [dimension, values] : figures) {
        for (const auto& [value, n] : values) {
            std::vector<std::string> row{region.str()};
            for (const DateCell& date : dates) row.push_back(date.value);
            row.insert(row.end(), {dimension, value, std::to_string(n)});
            table.rows.push_back(std::move(row));
        }
    }
    return table;
}

Result<HttpResponse> ReportResponse(std::string_view name, std::string_view title,
                                    const std::string& region_label,
                                    const domain::RegionCode& region, const ReportPeriod& period,
                                    const ReportFigures& figures, const ExportOptions& options) {
    if (options.format != ExportFormat::kJson) {
        return ExportResponse(
            FiguresTable(
                std::string(title) + " " + region_label + " " + period.from + " 至 " + period.to,
                region,
                {{{"from", "起始日期", 12}, period.from}, {{"to", "截止日期", 12}, period.to}},
                figures),
            options, std::string(name) + "-" + region.str() + "-" + period.from + "-" + period.to);
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
