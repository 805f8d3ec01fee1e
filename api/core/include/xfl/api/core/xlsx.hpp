// Sheets saved as .xlsx (Office Open XML workbooks, as Excel and WPS save them): the cells of one
// worksheet as sheet records, for the same checks as a CSV. libzip opens the archive in memory
// and pugixml reads its XML parts; nothing is written to disk.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "xfl/domain/kernel/result.hpp"
#include "xfl/domain/kernel/sheet.hpp"

namespace xfl::api {

// The worksheet named `sheet` (the workbook's first when empty) as records: one per row that
// holds a cell, `line` its row number, cells by column (A is 0), gaps empty. A cell reads as the
// text a CSV export would hold: shared and inline strings as written, numbers as stored
// (5.30502E+17 for a resident ID typed as a number, 46086 for a date cell), true/false, formulas
// by their last value. Errc::kInvalidArgument naming `field` for what is not a workbook, and
// naming "sheet" (with the sheets there are) for a sheet it lacks.
struct XlsxSheet {
    std::string name;
    std::vector<domain::SheetRecord> records;
};
Result<XlsxSheet> ReadXlsxSheet(std::string_view bytes, std::string_view sheet,
                                const std::string& field);

}  // namespace xfl::api
