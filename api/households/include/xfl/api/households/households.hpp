// Households: the register, survey visits, zero-employment flags and plans, reports and the
// survey-ledger import (routes under /api/v1/households, /api/v1/reports, /api/v1/imports).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xfl/api/core/context.hpp"
#include "xfl/api/core/imports.hpp"
#include "xfl/domain/households/ledger.hpp"

namespace xfl::api {

Context HouseholdsContext();

// What importing a survey ledger found and did (README "Bulk import").
struct LedgerImportReport {
    SheetSource source;  // how the file was read (api/core/imports.hpp)
    bool dry_run = true;
    bool checked_ok = false;  // the whole file passed the checks (else nothing was written)
    std::size_t rows = 0, merged_rows = 0;
    std::size_t households_new = 0, households_changed = 0, households_unchanged = 0;
    std::size_t members_added = 0, members_updated = 0, statuses_recorded = 0, events = 0;
    std::vector<domain::SheetError> errors;
    std::vector<std::string> kept_columns;  // the ledger's own columns, kept with the members
    // The JSON the upload route answers with; with errors it carries the API's "error" object.
    std::string ToJson() const;
};

// Imports a survey ledger file (CSV or .xlsx) as account `username` would upload it: with its
// roles and area, recorded under its name. Errc::kNotFound / kPermissionDenied for an unknown,
// disabled or unsuitable account. The file is read as a stream (OpenSheetFile): neither the
// file nor its rows are held whole, only where each household's rows are; so a county's ledger
// of hundreds of thousands of rows imports in little memory. CSV in `encoding`, else detected;
// a workbook's worksheet `sheet`, else its first. Errc::kInvalidArgument (naming the file, or
// "sheet") when it cannot be read or decoded.
Result<LedgerImportReport> ImportLedgerFileAs(Services& services, const std::filesystem::path& path,
                                              std::optional<std::string> encoding,
                                              std::string_view sheet, bool dry_run,
                                              const std::string& username);

// The daily review of zero-employment households: derives the flag of every flagged household
// again on the day of `now_us` and appends the clearings that time alone brings (a last seeker
// leaving working age), recorded as the system. Each clearing has a fixed command id per
// household and day, so several nodes or a rerun append it once. Returns how many households
// were cleared; a household changed meanwhile is left for the next run.
Result<std::size_t> ReviewZeroEmployment(Services& services, std::int64_t now_us);

}  // namespace xfl::api
