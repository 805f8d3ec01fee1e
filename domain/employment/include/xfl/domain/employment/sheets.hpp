// Employer lists (用工主体名录) and posting lists (岗位信息表) as caseworkers and labour-service
// platforms keep them, read from CSV (README "Bulk import"). Pure: parsing, checking and what an
// imported row changes; loading and appending are the callers' work.
//
// Employers, one row each: credit_code, name, kind, industry, region, address, contact_name,
// contact_phone (all required).
// Postings, one row each: ref (the list's own posting number), employer (credit code), title,
// trade, headcount, wage_yuan, wage_unit, start_date, term (required); skill_level, region (the
// employer's when empty), end_date, provides, source (employer_request when empty).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "xfl/domain/employment/employer.hpp"
#include "xfl/domain/employment/posting.hpp"
#include "xfl/domain/employment/trade.hpp"
#include "xfl/domain/kernel/sheet.hpp"

namespace xfl::domain {

struct EmployerSheetRow {
    std::size_t line = 0;
    EmployerRegistered employer;
};

struct PostingSheetRow {
    std::size_t line = 0;
    std::string ref;
    // posting_id and employer_name empty; region empty for the employer's; source_ref the ref.
    // Cells are read here; the posting's rules are checked when it is decided.
    PostingOpened posting;
};

template <class Row>
struct ParsedSheet {
    std::vector<Row> rows;           // each employer (posting) once, in file order
    std::vector<SheetError> errors;  // every bad row, with line and field
    std::size_t rows_read = 0;       // data rows read
    std::size_t merged_rows = 0;     // rows repeating an earlier one exactly
};

// A credit code (or an employer's ref) listed twice with the same details is merged; with other
// details it is an error naming the first line.
ParsedSheet<EmployerSheetRow> ParseEmployerSheet(std::vector<SheetRecord> records);
// Trades are given by code or by the catalogue's Chinese name.
ParsedSheet<PostingSheetRow> ParsePostingSheet(std::vector<SheetRecord> records,
                                               const TradeCatalogue& trades);

// What importing `row` changes in the employer `s`: registration when new; a rename or a new
// contact when those differ; nothing when the register says it all (so a re-import appends
// nothing). Kind, industry, region and address are not changed by an import: a difference is an
// error naming the field.
Result<std::vector<EmployerEvent>> DecideImportEmployer(const EmployerState& s,
                                                        EmployerRegistered row);

// The posting an imported row opens: its id follows from the employer and the list's ref, so a
// re-import finds it. A posting already opened from the same row opens nothing again; from a
// row with other terms it is an error (a posting's terms do not change; withdraw it and list the
// new terms under another number).
std::string ImportedPostingId(std::string_view employer_id, std::string_view ref);
Result<std::vector<PostingEvent>> DecideImportPosting(
    const PostingState& s, PostingOpened posting, std::int64_t today,
    const std::function<bool(std::string_view)>& known_trade);

}  // namespace xfl::domain
