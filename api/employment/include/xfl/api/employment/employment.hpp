// The demand side: employers and enterprise visits, the trade catalogue, job postings and
// placements (routes under /api/v1/employers, /trades, /postings, /placements and
// /reports/employment).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "xfl/api/core/context.hpp"
#include "xfl/api/core/imports.hpp"
#include "xfl/domain/kernel/sheet.hpp"

namespace xfl::api {

Context EmploymentContext();

// What importing an employer or posting list found and did (README "Bulk import").
struct SheetImportReport {
    SheetSource source;  // how the file was read (api/core/imports.hpp)
    bool dry_run = true;
    bool checked_ok = false;  // the whole list passed the checks (else nothing was written)
    std::size_t rows = 0, merged_rows = 0;
    std::size_t created = 0, changed = 0, unchanged = 0, events = 0;
    std::vector<domain::SheetError> errors;
    // The JSON the upload routes answer with; with errors it carries the API's "error" object.
    std::string ToJson() const;
};

enum class EmploymentSheet { kEmployers, kPostings };

// Imports an employer or posting list (a sheet as ReadSheetFile reads it) as account `username`
// would upload it: with its area, recorded under its name. Errc::kNotFound / kPermissionDenied
// for an unknown, disabled or unsuitable account.
Result<SheetImportReport> ImportEmploymentSheetAs(Services& services, EmploymentSheet sheet,
                                                  SheetFile file, bool dry_run,
                                                  const std::string& username);

// What a run of CompleteFollowUps did.
struct FollowUpRun {
    std::size_t placements_recorded = 0, seats_released = 0, postings_opened = 0;
};

// Completes the connected appends a stop left half done, from the log: a filled seat whose
// placement the household does not yet hold (recorded there, or the seat released when the
// household can no longer take it), a posting a visit opened that does not yet exist. Recorded
// as the system; each step has a fixed command id, so a rerun, a second node or a request
// completing the same step appends nothing twice.
Result<FollowUpRun> CompleteFollowUps(Services& services, std::int64_t now_us);

// The daily review of postings: open postings whose end date has passed close as expired.
Result<std::size_t> ExpirePostings(Services& services, std::int64_t now_us);

}  // namespace xfl::api
