// Test data as Excel saves a workbook: sheets of cells typed as text, numbers or dates, written by
// libxlsxwriter (a library independent of the server's reader).
#pragma once

#include <string>
#include <variant>
#include <vector>

namespace xfl::testing {

struct XlsxNumber {
    double value;
};
struct XlsxDate {  // a date cell: its serial day, shown as yyyy-mm-dd
    int year, month, day;
};
using XlsxCell = std::variant<std::string, XlsxNumber, XlsxDate>;
using XlsxRow = std::vector<XlsxCell>;
struct XlsxSheetData {
    std::string name;
    std::vector<XlsxRow> rows;  // from row 1; an empty string leaves the cell out
};

// The bytes of an .xlsx workbook holding `sheets` in order.
std::string XlsxWorkbook(const std::vector<XlsxSheetData>& sheets);
// Rows of a CSV's text cells, for a workbook of the same sheet.
std::vector<XlsxRow> XlsxRowsOf(const std::string& csv);

}  // namespace xfl::testing
