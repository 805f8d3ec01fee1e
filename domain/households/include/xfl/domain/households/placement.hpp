// Placements on the household: a member starts work and ends it. The member's employment
// status follows, and with it the zero-employment flag: a placement clears the household
// (member_employed, citing the placement), its end flags the household again when nobody of
// working age who seeks work is then in work.
#pragma once

#include <cstdint>
#include <vector>

#include "xfl/domain/households/household.hpp"

namespace xfl::domain {

// Checks the placement against the register and the rules: the person is an active member of
// working age on the start date; no overlap with another full-time or seasonal placement of
// theirs (gig work may overlap); a public-welfare post for someone outside the priority groups
// (hard-to-employ, zero-employment household) gives a priority_reason; the kind's own fields.
// Adds the review flags (no_work_injury_insurance on a platform placement without it). A
// placement the household already holds (the same id) appends nothing.
Result<std::vector<HouseholdEvent>> DecideStartPlacement(const HouseholdState& s,
                                                         PlacementStarted placement,
                                                         std::int64_t today,
                                                         const ZeroEmploymentPolicy& policy);
Result<std::vector<HouseholdEvent>> DecideEndPlacement(const HouseholdState& s,
                                                       PlacementEnded ended, std::int64_t today,
                                                       const ZeroEmploymentPolicy& policy);

}  // namespace xfl::domain
