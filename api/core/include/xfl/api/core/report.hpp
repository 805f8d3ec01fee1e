// What every figure report under /api/v1/reports/ shares: the period asked for, and the answer
// as JSON ({dimension: {value: count}}) or as CSV (one row per count, formula-safe cells).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "xfl/api/core/service.hpp"

namespace xfl::api {

// Business dates, inclusive, as recorded up to `at_us`.
struct ReportPeriod {
    std::string from, to;
    std::int64_t at_us = 0;  // ?as_of=, else now

    bool Contains(const std::string& date) const { return date >= from && date <= to; }
};

// ?from= (default: 1 January of `to`'s year), ?to= (default: the as-of day), ?as_of=.
Result<ReportPeriod> ReadReportPeriod(const RequestContext& ctx);

// dimension → value → count (an amount in fen, a number of days).
using ReportFigures = std::map<std::string, std::map<std::string, std::int64_t>>;

enum class ReportFormat { kJson, kCsv };
// ?format=json (default) or csv.
Result<ReportFormat> ReadReportFormat(const RequestContext& ctx);

// The report named `name` (the CSV's file name starts with it).
HttpResponse ReportResponse(std::string_view name, const domain::RegionCode& region,
                            const ReportPeriod& period, const ReportFigures& figures,
                            ReportFormat format);

}  // namespace xfl::api
