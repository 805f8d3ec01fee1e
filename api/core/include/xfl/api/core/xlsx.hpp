// Sheets saved as .xlsx (Office Open XML workbooks, as Excel and WPS save them): the cells of one
// worksheet as sheet records, for the same checks as a CSV. libzip unpacks the archive's parts
// and expat parses their XML as it is unpacked (xml_parts.hpp); no part is held whole.
#pragma once

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "xfl/api/core/sheet_rows.hpp"
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

// The same worksheet of a workbook file, read as a stream for sheets too large to hold (a
// county's ledger): Open reads the worksheet once, writing its records to an unnamed temporary
// file (gone when closed) that ForEach and At read back. Held in memory meanwhile: buffers and
// the workbook's table of shared strings (each distinct text once).
class XlsxFile final : public SheetRows {
  public:
    static Result<XlsxFile> Open(const std::filesystem::path& path, std::string_view sheet,
                                 const std::string& field);

    const std::string& sheet() const { return sheet_; }
    Status ForEach(const Take& take) override;
    Result<domain::SheetRecord> At(std::uint64_t offset, std::size_t line) override;

  private:
    struct FileCloser {
        void operator()(std::FILE* file) const { std::fclose(file); }
    };
    using Spill = std::unique_ptr<std::FILE, FileCloser>;
    XlsxFile(std::string sheet, Spill spill, std::string field);
    // The record at the spill's position; nullopt at its end.
    Result<std::optional<domain::SheetRecord>> Next();

    std::string sheet_;
    Spill spill_;
    std::string field_;
};

}  // namespace xfl::api
