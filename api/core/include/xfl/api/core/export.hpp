// Tables people download and open in a spreadsheet (reports, the zero-employment board, sheet
// templates): CSV that Chinese Excel opens as UTF-8 (a byte-order mark), or an .xlsx workbook
// with a title, a header row and column widths (libxlsxwriter). Headings are Chinese unless
// English is asked for; cells are formula-safe in both.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "xfl/api/core/service.hpp"

namespace xfl::api {

struct ExportColumn {
    std::string key;      // the English heading, as the JSON names the field
    std::string chinese;  // the heading a Chinese spreadsheet shows
    double width = 12;    // characters, for the workbook
    bool number = false;  // cells are whole numbers: the workbook stores them as numbers
};

struct ExportTable {
    std::string title;  // what, where and when: "劳动力统计 隆阳区（530502）2026-11-29"
    std::vector<ExportColumn> columns;
    std::vector<std::vector<std::string>> rows;
};

enum class ExportFormat { kJson, kCsv, kXlsx };
struct ExportOptions {
    ExportFormat format = ExportFormat::kJson;
    bool english = false;  // English headings instead of Chinese
};
// ?format=json (default), csv or xlsx; ?headings=zh (default) or en.
Result<ExportOptions> ReadExportOptions(const RequestContext& ctx);

// The table as CSV: a UTF-8 byte-order mark, the headings, the rows (CRLF, formula-safe).
std::string ExportCsv(const ExportTable& table, bool english);

// The table as a download named `file_stem` + ".csv" or ".xlsx" (format csv or xlsx). A
// workbook that cannot be written (no room for its temporary file) is Errc::kUnavailable.
Result<HttpResponse> ExportResponse(const ExportTable& table, const ExportOptions& options,
                                    const std::string& file_stem);

}  // namespace xfl::api
