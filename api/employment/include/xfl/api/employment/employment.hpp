// The demand side: employers and enterprise visits, the trade catalogue, job postings and
// placements (routes under /api/v1/employers, /trades, /postings, /placements and
// /reports/employment).
#pragma once

#include <cstddef>
#include <cstdint>

#include "xfl/api/core/context.hpp"

namespace xfl::api {

Context EmploymentContext();

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
