// A whole ledger parsed in memory, as the import reads it record by record (LedgerReader):
// for tests that look at a ledger's households, rows and errors at once. Header-only, so the
// households domain tests need nothing but the domain.
#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "xfl/domain/households/ledger.hpp"

namespace xfl::testing {

struct ParsedLedger {
    std::vector<domain::LedgerHousehold> households;
    std::vector<domain::SheetError> errors;  // every bad row, with line and field
    std::size_t rows = 0;                    // data rows read
    std::size_t merged_rows = 0;             // repeated rows of one person, merged
    std::vector<std::string> extra_columns;  // the ledger's own columns
};

inline ParsedLedger ParseLedger(std::vector<domain::SheetRecord> records, std::int64_t today) {
    ParsedLedger out;
    std::size_t used = 0;
    const auto header_records =
        static_cast<std::ptrdiff_t>(std::min<std::size_t>(2, records.size()));
    domain::LedgerReader reader({records.begin(), records.begin() + header_records}, today,
                                out.errors, used);
    if (!reader.ok()) return out;
    out.extra_columns = reader.ExtraColumns();
    std::map<std::string, std::size_t> household_at;  // ledger household → index in out
    for (std::size_t r = used; r < records.size(); ++r) {
        auto row = reader.Check(records[r]);
        if (!row) continue;
        auto [at, added] = household_at.emplace(row->household, out.households.size());
        if (added) out.households.push_back({row->household, row->region, row->address, {}});
        out.households[at->second].rows.push_back(std::move(*row));
    }
    out.rows = reader.rows();
    out.merged_rows = reader.merged_rows();
    if (out.rows == 0) out.errors.push_back(domain::NoRows());
    return out;
}

}  // namespace xfl::testing
