// Read models of households: who is registered where (by resident ID, by region) and the
// zero-employment board. Episode keys start with the 12-digit village code, so a region at any
// level is one prefix scan; each episode keeps the times it was recorded, so "as of" needs no
// replay; the figures of a region, present or past, come from counters kept at every level.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "xfl/domain/households/household.hpp"
#include "xfl/domain/kernel/region_code.hpp"
#include "xfl/projections/core/projection.hpp"

namespace xfl::projections {

inline constexpr std::string_view kHouseholdIndex = "household_index";
inline constexpr std::string_view kZeroEmploymentBoard = "zero_employment_board";

std::unique_ptr<Projection> MakeHouseholdIndexProjection();
std::unique_ptr<Projection> MakeZeroEmploymentBoardProjection();

// The household a resident ID is an active member of, if any.
std::optional<std::string> HouseholdOfResident(const StateView& index,
                                               const std::string& resident_id);

// An active member as listed for their region.
struct PersonListing {
    std::string village, household_id, person_id, name, resident_id, phone;
    std::uint64_t added_at_version = 0;  // the household's version that added them
    std::string position;                // "<village>/<household>/<person>": resume after it
};
// The active members whose village code starts with `region_prefix` (or, given a village and
// "/<household>/", one household's), by village, household and person id, those after `after`
// (a position from an earlier visit), until `visit` returns false.
void ScanPeople(const StateView& index, std::string_view region_prefix, const std::string& after,
                const std::function<bool(const PersonListing&)>& visit);
// The head of a household (户主): its earliest added member still on the register, as ledgers
// list the head first.
std::optional<PersonListing> HeadOfHousehold(const StateView& index, std::string_view village,
                                             std::string_view household);
// The household a village's survey ledger numbers `ledger_number` (户编号), if an import
// recorded it.
std::optional<std::string> HouseholdOfLedgerNumber(const StateView& index, std::string_view village,
                                                   std::string_view ledger_number);
// The address a household was registered with; empty for an unknown one.
std::string HouseholdAddress(const StateView& index, std::string_view village,
                             std::string_view household);

// A household as listed for its region: where it is, for finding it by village.
struct HouseholdListing {
    std::string household_id, village, address;
    std::string position;  // "<village>/<household>": resume after it
};
// The households whose village code starts with `region_prefix`, by village then household id,
// those after `after` (a position from an earlier visit), until `visit` returns false.
void ScanHouseholds(const StateView& index, std::string_view region_prefix,
                    const std::string& after,
                    const std::function<bool(const HouseholdListing&)>& visit);

// One zero-employment episode: from the flag to its clearing.
struct ZeroEmploymentEpisode {
    std::string household_id;
    std::string region;
    std::string since;               // business date of the flag
    std::int64_t flagged_at_us = 0;  // when the flag was recorded
    std::string plan_opened;         // date of the first plan after the flag, or empty
    std::int64_t plan_recorded_at_us = 0;
    std::string cleared;  // date of clearing, or empty
    std::int64_t cleared_at_us = 0;
    std::string clear_reason;
    std::string clear_cause;
};

// Episodes are listed as open until their clearing is applied, then as cleared.
enum class EpisodeList { kOpen, kCleared };

// The episodes of one list whose village code starts with `region_prefix`, in order of their
// position (village, household, flag), those after `after` (a position from an earlier visit;
// empty: from the first), until `visit` returns false.
void ScanZeroEmployment(
    const StateView& board, EpisodeList list, std::string_view region_prefix,
    const std::string& after,
    const std::function<bool(const std::string& position, const ZeroEmploymentEpisode&)>& visit);

// The present figures of a region (12-digit code, any level), from counters.
struct BoardSummary {
    std::int64_t open = 0, plan_overdue = 0, clear_overdue = 0, overdue = 0;
    // Open episodes whose flag was recorded on a later day than it is dated (back-dated).
    std::int64_t backdated_open = 0;
    std::int64_t cleared = 0, days_to_clear = 0;  // all clearings so far, and their total days
};
BoardSummary SummariseZeroEmployment(const StateView& board, const std::string& region,
                                     std::int64_t today,
                                     const domain::ZeroEmploymentPolicy& policy);
// The figures of a region at a moment: what had been recorded by the instant `as_of_us`
// (nullopt: everything recorded) about the business day `day`, under the policy the board was
// built with; a few hundred keys read however many episodes the region has, plus the changes
// recorded in it on the day of as_of.
BoardSummary SummariseZeroEmploymentAt(const StateView& board, const domain::RegionCode& region,
                                       std::optional<std::int64_t> as_of_us, std::int64_t day);

}  // namespace xfl::projections
