// Read models of households: who is registered where (by resident ID) and the zero-employment
// board. Board keys start with the 12-digit village code, so a region at any level is one
// prefix scan; each flag episode keeps the times it was recorded, so "as of" needs no replay.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "xfl/projections/projection.hpp"

namespace xfl::projections {

inline constexpr std::string_view kHouseholdIndex = "household_index";
inline constexpr std::string_view kZeroEmploymentBoard = "zero_employment_board";

std::unique_ptr<Projection> MakeHouseholdIndexProjection();
std::unique_ptr<Projection> MakeZeroEmploymentBoardProjection();

// The household a resident ID is an active member of, if any.
std::optional<std::string> HouseholdOfResident(const StateView& index,
                                               const std::string& resident_id);

struct PersonMatch {
    std::string name, household_id, person_id, village, resident_id;
};
// Active members whose name starts with `name_prefix`, in name order, until `visit` says stop.
void SearchPeopleByName(const StateView& index, const std::string& name_prefix,
                        const std::function<bool(const PersonMatch&)>& visit);

// One zero-employment episode: from the flag to its clearing.
struct ZeroEmploymentEpisode {
    std::string household_id;
    std::string region;
    std::string since;  // business date of the flag
    std::int64_t flagged_at_us = 0;
    std::string plan_opened;  // date of the first plan after the flag, or empty
    std::int64_t plan_recorded_at_us = 0;
    std::string cleared;  // date of clearing, or empty
    std::int64_t cleared_at_us = 0;
    std::string clear_reason;
    std::string clear_cause;
};

// Every episode of households whose village code starts with `region_prefix`.
void ScanZeroEmployment(const StateView& board, std::string_view region_prefix,
                        const std::function<void(const ZeroEmploymentEpisode&)>& visit);

}  // namespace xfl::projections
