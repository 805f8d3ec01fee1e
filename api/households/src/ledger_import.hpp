// Private: importing a survey ledger for a caller, shared by the upload route and the CLI.
#pragma once

#include "xfl/api/core/imports.hpp"
#include "xfl/api/households/households.hpp"

namespace xfl::api {

// Checks every row of the ledger read as a stream, then (unless `dry_run` or anything is wrong)
// appends each household's changes and waits for the read models. Households outside the
// caller's area are errors like any other; a file that cannot be read or decoded is an error.
Result<LedgerImportReport> ImportLedger(Services& services, const Principal& caller,
                                        StreamedSheet sheet, bool dry_run, std::int64_t now_us);

}  // namespace xfl::api
