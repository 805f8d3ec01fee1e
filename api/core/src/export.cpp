#include "xfl/api/core/export.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "large_stack.hpp"
#include "xfl/api/core/csv.hpp"

namespace xfl::api {
namespace {

constexpr std::string_view kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const std::string& Heading(const ExportColumn& column, bool english) {
    return english || column.chinese.empty() ? column.key : column.chinese;
}

// The workbook's bytes. libxlsxwriter (Debian's 1.1.4) writes only to a file, so a private
// temporary one is written, read and removed.
Result<std::string> WorkbookBytes(const ExportTable& table, bool english) {
    std::string path = (std::filesystem::temp_directory_path() / "xfl-export-XXXXXX").string();
    const int fd = mkstemp(path.data());
    if (fd < 0) return Error::Make(Errc::kUnavailable, "no room to write the workbook");
    close(fd);
    lxw_workbook* book = workbook_new(path.c_str());
    if (book == nullptr) {
        std::filesystem::remove(path);
        return Error::Make(Errc::kUnavailable, "the workbook cannot be written");
    }
    lxw_format* title = workbook_add_format(book);
    format_set_bold(title);
    format_set_font_size(title, 14);
    lxw_format* heading = workbook_add_format(book);
    format_set_bold(heading);
    format_set_bottom(heading, LXW_BORDER_THIN);
    format_set_bg_color(heading, 0xEEF3F8);

    lxw_worksheet* sheet = workbook_add_worksheet(book, english ? "data" : "数据");
    const auto last = static_cast<lxw_col_t>(table.columns.empty() ? 0 : table.columns.size() - 1);
    if (last > 0) {
        worksheet_merge_range(sheet, 0, 0, 0, last, table.title.c_str(), title);
    } else {
        worksheet_write_string(sheet, 0, 0, table.title.c_str(), title);
    }
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        worksheet_set_column(sheet, col, col, table.columns[c].width, nullptr);
        worksheet_write_string(sheet, 1, col, Heading(table.columns[c], english).c_str(), heading);
    }
    worksheet_freeze_panes(sheet, 2, 0);
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const auto row = static_cast<lxw_row_t>(r + 2);
        for (std::size_t c = 0; c < table.rows[r].size() && c < table.columns.size(); ++c) {
            const std::string& cell = table.rows[r][c];
            const auto col = static_cast<lxw_col_t>(c);
            char* end = nullptr;
            const long long number = std::strtoll(cell.c_str(), &end, 10);
            if (table.columns[c].number && !cell.empty() && *end == '\0') {
                worksheet_write_number(sheet, row, col, static_cast<double>(number), nullptr);
            } else if (!cell.empty()) {
                // A string cell is never run as a formula, whatever it starts with.
                worksheet_write_string(sheet, row, col, cell.c_str(), nullptr);
            }
        }
    }
    const lxw_error closed = workbook_close(book);
    std::ostringstream bytes;
    bytes << std::ifstream(path, std::ios::binary).rdbuf();
    std::filesystem::remove(path);
    if (closed != LXW_NO_ERROR) {
        return Error::Make(Errc::kUnavailable,
                           std::string("the workbook cannot be written: ") + lxw_strerror(closed));
    }
    return bytes.str();
}

}  // namespace

Result<ExportOptions> ReadExportOptions(const RequestContext& ctx) {
    ExportOptions options;
    const std::string format = ctx.Query("format").value_or("json");
    if (format == "csv") {
        options.format = ExportFormat::kCsv;
    } else if (format == "xlsx") {
        options.format = ExportFormat::kXlsx;
    } else if (format != "json") {
        return Error::Make(Errc::kInvalidArgument, "format: json, csv or xlsx", "format");
    }
    const std::string headings = ctx.Query("headings").value_or("zh");
    if (headings != "zh" && headings != "en") {
        return Error::Make(Errc::kInvalidArgument, "headings: zh (Chinese) or en (English)",
                           "headings");
    }
    options.english = headings == "en";
    return options;
}

std::string ExportCsv(const ExportTable& table, bool english) {
    std::string csv = "\xEF\xBB\xBF";  // so that Chinese Excel reads the file as UTF-8
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        csv += (c ? "," : "") + CsvText(Heading(table.columns[c], english));
    }
    csv += "\r\n";
    for (const auto& row : table.rows) {
        for (std::size_t c = 0; c < row.size(); ++c) csv += (c ? "," : "") + CsvText(row[c]);
        csv += "\r\n";
    }
    return csv;
}

Result<HttpResponse> ExportResponse(const ExportTable& table, const ExportOptions& options,
                                    const std::string& file_stem) {
    HttpResponse r;
    if (options.format == ExportFormat::kXlsx) {
        XFL_TRY(bytes, OnLargeStack([&] { return WorkbookBytes(table, options.english); }));
        r = JsonResponse(200, std::move(bytes));
        r.content_type = std::string(kXlsxType);
    } else {
        r = JsonResponse(200, ExportCsv(table, options.english));
        r.content_type = "text/csv; charset=utf-8";
    }
    r.headers.emplace_back("Content-Disposition",
                           "attachment; filename=\"" + file_stem +
                               (options.format == ExportFormat::kXlsx ? ".xlsx\"" : ".csv\""));
    return r;
}

}  // namespace xfl::api
