// Private: importing a survey ledger for a caller, shared by the upload route and the CLI.
#pragma once

#include "xfl/api/households/households.hpp"

namespace xfl::api {

// Parses and checks the ledger, then (unless `dry_run` or anything is wrong) appends each
// household's changes and waits for the read models. Households outside the caller's area are
// errors like any other.
LedgerImportReport ImportLedger(Services& services, const Principal& caller, SheetFile file,
                                bool dry_run, std::int64_t now_us);

}  // namespace xfl::api
