// Sheets: the spreadsheets people keep (survey ledgers, employer and posting lists), read as CSV
// with their columns named in the first row, in English or in the Chinese a ledger uses. Pure:
// each context's import turns the rows into its own events; this reads cells and reports every
// bad one by line and column.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "xfl/domain/kernel/result.hpp"

namespace xfl::domain {

struct SheetError {
    std::size_t line = 0;  // 1-based line of the file where the row starts; 0: the whole file
    std::string field, message;
};

// `e` as the error of `field` on `line` (its message without a repeated "field: " prefix).
SheetError ErrorAt(std::size_t line, std::string field, const Error& e);

struct SheetRecord {
    std::size_t line = 0;
    std::vector<std::string> cells;
};

// Words a sheet may write for a key or a value: the English key itself, or the Chinese word.
using Aliases = std::map<std::string, std::string, std::less<>>;

struct Sheet {
    std::map<std::string, std::size_t> columns;  // column key → index in each record
    std::size_t header_cells = 0;                // cells of the header row
    std::vector<SheetRecord> rows;               // data rows; blank rows are left out
    std::size_t rows_read = 0;                   // data rows read, including refused ones
    // Columns of no known heading, kept as they are (UnknownColumns::kKept): heading → index.
    std::vector<std::pair<std::string, std::size_t>> extra_columns;
};

// What a sheet's columns of no known heading are: mistakes (a misspelt heading), or the
// sheet's own columns to keep (a ledger's 组别, 备注).
enum class UnknownColumns { kRefused, kKept };

// RFC 4180 records (commas, "" inside quotes, CRLF or LF; a quoted cell may span lines; a
// leading UTF-8 BOM is dropped).
std::vector<SheetRecord> SplitCsv(std::string_view text);

// The same, piece by piece, for a file read in chunks: each record as soon as it is complete,
// with the byte offset where it starts (counted from the first byte fed). Separators are ASCII,
// which no UTF-8 or GB18030 multi-byte character contains, so the cells may still be encoded.
class CsvSplitter {
  public:
    using Take = std::function<void(SheetRecord, std::uint64_t offset)>;
    void Feed(std::string_view chunk, const Take& take);
    // The end of the text: its last record, unless it is empty.
    void Finish(const Take& take);

  private:
    void Char(char c, const Take& take);
    void EndRecord(const Take& take);

    SheetRecord current_{1, {""}};
    std::size_t line_ = 1;
    std::uint64_t offset_ = 0, record_start_ = 0;
    bool quoted_ = false;
    bool quote_in_quoted_ = false;  // a '"' inside quotes: an escaped one if another follows
    bool after_cr_ = false;         // a CR ended a record: a LF right after belongs to it
};

// The records of a sheet (SplitCsv's, or a workbook's worksheet): the first is the header (after
// a title row of one cell, which is skipped), read against `columns` (heading → key) and
// `required` keys; the others are the data rows.
// Unknown columns (unless kept), repeated, blank-headed or missing columns, an empty file or one
// without rows are errors; a row with more cells than the header names is an error of its line
// and is left out of `rows`.
Sheet ReadSheet(std::vector<SheetRecord> records, const Aliases& columns,
                const std::vector<std::string>& required, std::vector<SheetError>& errors,
                UnknownColumns unknown = UnknownColumns::kRefused);
// ReadSheet in steps, for a sheet read record by record. The header from the first records
// (one, or two when the first is a title): `used` says how many it took; no columns on errors.
// An empty `first` is an empty file.
Sheet ReadSheetHeader(const std::vector<SheetRecord>& first, const Aliases& columns,
                      const std::vector<std::string>& required, std::vector<SheetError>& errors,
                      UnknownColumns unknown, std::size_t& used);
// Whether `record` is a data row of `sheet` (counted in rows_read): not blank, and no more cells
// than the header names (else an error of its line).
bool TakeSheetRow(Sheet& sheet, const SheetRecord& record, std::vector<SheetError>& errors);
// The error of a header with no rows under it.
SheetError NoRows();

std::string Trim(std::string_view s);
// `words`' key for `value`, or `value` itself when it is not one of them.
std::string Translate(const Aliases& words, const std::string& value);
// "a;b、c；d" → {a, b, c, d}, each translated, blanks dropped.
std::vector<std::string> SplitList(const std::string& cell, const Aliases& words);
// A date as people and spreadsheets write it — 2026-03-05, 2026/3/5, 2026.3.5, 20260305,
// 2026年3月5日 (any of them followed by a time of day), or an Excel serial day (46086, days
// since 1899-12-30, as a date cell reads when its formatting is lost) — as "2026-03-05";
// nullopt for anything else, or a day the calendar lacks.
std::optional<std::string> SheetDate(std::string_view cell);
inline constexpr std::string_view kSheetDateForms =
    "2026-03-05, 2026/3/5, 2026.3.5, 20260305, 2026年3月5日 or a spreadsheet date cell";
// "1234.5" yuan → 123450 fen; an empty cell is 0; nullopt when not a plain non-negative amount.
std::optional<std::int64_t> ParseYuan(const std::string& cell);

// The national vocational skill levels as sheets write them (初级工, 五级, …) → the codes of
// IsSkillLevel (checks.hpp).
const Aliases& SkillLevelWords();

// One data row of a sheet, read cell by cell; each problem is recorded with the row's line.
class RowReader {
  public:
    RowReader(const Sheet& sheet, const SheetRecord& record, std::vector<SheetError>& errors)
        : columns_(sheet.columns), record_(record), errors_(errors) {}

    // The trimmed cell of `column`; empty when the sheet has no such column.
    std::string Cell(const std::string& column) const;
    // Records a problem of `field`; a field's first problem is the one reported, so checks that
    // build on a bad cell do not repeat it.
    void Fail(std::string field, std::string message);
    void Fail(const std::string& field, const Error& e);
    // The cell as "2026-03-05" (SheetDate); empty when blank. Any other text fails the column
    // with the forms accepted.
    std::string Date(const std::string& column);
    // true/false, yes/no, 1/0, 是/否, 有/无; anything else fails the column.
    bool Bool(const std::string& column);
    // A whole number of 1 or more; anything else fails the column (0 then).
    std::int64_t Count(const std::string& column);
    // Every cell the sheet's columns name must be UTF-8 text; control characters other than
    // line breaks and tabs are refused (single-line fields are checked again by their rules).
    void CheckCellsAreText();
    bool failed() const { return failed_; }
    std::size_t line() const { return record_.line; }

  private:
    const std::map<std::string, std::size_t>& columns_;
    const SheetRecord& record_;
    std::vector<SheetError>& errors_;
    std::set<std::string, std::less<>> failed_fields_;
    bool failed_ = false;
};

}  // namespace xfl::domain
