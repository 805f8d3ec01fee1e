#include "support/xlsx.hpp"

#include <xlsxwriter.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/temp_dir.hpp"
#include "xfl/domain/kernel/sheet.hpp"

namespace xfl::testing {

std::string XlsxWorkbook(const std::vector<XlsxSheetData>& sheets) {
    TempDir dir;
    const std::string path = (dir.path() / "book.xlsx").string();
    lxw_workbook* book = workbook_new(path.c_str());
    if (book == nullptr) throw std::runtime_error("libxlsxwriter cannot create " + path);
    lxw_format* date = workbook_add_format(book);
    format_set_num_format(date, "yyyy-mm-dd");
    for (const XlsxSheetData& data : sheets) {
        lxw_worksheet* sheet = workbook_add_worksheet(book, data.name.c_str());
        for (std::size_t r = 0; r < data.rows.size(); ++r) {
            for (std::size_t c = 0; c < data.rows[r].size(); ++c) {
                const auto row = static_cast<lxw_row_t>(r);
                const auto col = static_cast<lxw_col_t>(c);
                const XlsxCell& cell = data.rows[r][c];
                if (const auto* text = std::get_if<std::string>(&cell)) {
                    if (!text->empty())
                        worksheet_write_string(sheet, row, col, text->c_str(), nullptr);
                } else if (const auto* number = std::get_if<XlsxNumber>(&cell)) {
                    worksheet_write_number(sheet, row, col, number->value, nullptr);
                } else {
                    const auto& d = std::get<XlsxDate>(cell);
                    lxw_datetime when = {d.year, d.month, d.day, 0, 0, 0};
                    worksheet_write_datetime(sheet, row, col, &when, date);
                }
            }
        }
    }
    if (workbook_close(book) != LXW_NO_ERROR) throw std::runtime_error("cannot write " + path);
    std::ostringstream bytes;
    bytes << std::ifstream(path, std::ios::binary).rdbuf();
    return bytes.str();
}

std::vector<XlsxRow> XlsxRowsOf(const std::string& csv) {
    std::vector<XlsxRow> rows;
    for (const auto& record : domain::SplitCsv(csv)) {
        rows.emplace_back(record.cells.begin(), record.cells.end());
    }
    return rows;
}

}  // namespace xfl::testing
