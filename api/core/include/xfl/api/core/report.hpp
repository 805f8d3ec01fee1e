// What every figure report under /api/v1/reports/ shares: the period asked for, and the answer
// as JSON ({dimension: {value: count}}), or as CSV or .xlsx (export.hpp: one row per count).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "xfl/api/core/export.hpp"
#include "xfl/api/core/service.hpp"

namespace xfl::api {

// Business dates, inclusive, as recorded up to `at_us`.
struct ReportPeriod {
    std::string from, to;
    std::int64_t at_us = 0;  // ?as_of=, else now

    bool Contains(const std::string& date) const { return date >= from && date <= to; }
};

// The last business day a report counts: ?to=, or ?valid_on= (a report by business dates is
// "as true on" the end of its period, so the two name one thing: both given must agree), else
// the day of ?as_of=, else today.
Result<std::int64_t> ReadPeriodEnd(const RequestContext& ctx, const Vantage& vantage);
// ?from= (default: 1 January of `to`'s year), the period's end (ReadPeriodEnd), ?as_of=.
Result<ReportPeriod> ReadReportPeriod(const RequestContext& ctx);

// dimension → value → count (an amount in fen, a number of days).
using ReportFigures = std::map<std::string, std::map<std::string, std::int64_t>>;

// The report as JSON, or (?format=csv|xlsx) a download named `name`-region-from-to whose title
// is `title` (the report's Chinese name), the region's label and the period.
Result<HttpResponse> ReportResponse(std::string_view name, std::string_view title,
                                    const std::string& region_label,
                                    const domain::RegionCode& region, const ReportPeriod& period,
                                    const ReportFigures& figures, const ExportOptions& options);

// Figures as a table to export, one row per count: region, each of `dates` (a column and its
// value), dimension, value, count.
struct DateCell {
    ExportColumn column;
    std::string value;
};
ExportTable FiguresTable(std::string title, const domain::RegionCode& region,
                         const std::vector<DateCell>& dates, const ReportFigures& figures);

}  // namespace xfl::api
