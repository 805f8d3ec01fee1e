// Read models of the demand side: employers and their visits, postings, placements, and the
// follow-ups a crash may leave between two connected appends. Keys start with the 12-digit
// region code of the record (employer's, posting's work location, the placed person's village),
// so a region at any level is one prefix scan; entries keep the times they were recorded, so
// "as of" needs no replay.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xfl/projections/core/projection.hpp"

namespace xfl::projections {

inline constexpr std::string_view kEmployerIndex = "employer_index";
inline constexpr std::string_view kPostingIndex = "posting_index";
inline constexpr std::string_view kPlacementIndex = "placement_index";
inline constexpr std::string_view kEmploymentFollowUps = "employment_follow_ups";

std::unique_ptr<Projection> MakeEmployerIndexProjection();
std::unique_ptr<Projection> MakePostingIndexProjection();
std::unique_ptr<Projection> MakePlacementIndexProjection();
std::unique_ptr<Projection> MakeEmploymentFollowUpsProjection();

// ---- employers ----
struct EmployerListing {
    std::string employer_id, region, name, kind, industry, closed_on;
    std::int64_t registered_at_us = 0;
    std::string position;  // resume after it
};
// Employers whose region starts with `region_prefix`, by region then id, after `after`.
void ScanEmployers(const StateView& index, std::string_view region_prefix, const std::string& after,
                   const std::function<bool(const EmployerListing&)>& visit);
std::optional<std::string> RegionOfEmployer(const StateView& index, std::string_view employer_id);
std::optional<EmployerListing> FindEmployer(const StateView& index, std::string_view employer_id);

struct EmployerVisitListing {
    std::string employer_id, visit_id, region, date;
    std::vector<std::string> services;
    std::int64_t vacancies = 0, postings_opened = 0;  // headcount found, postings opened
    std::int64_t recorded_at_us = 0;
};
void ScanEmployerVisits(const StateView& index, std::string_view region_prefix,
                        const std::function<bool(const EmployerVisitListing&)>& visit);

// ---- postings ----
// A seat: when it was recorded filled and released (recorded times; released 0: still held),
// and the day the placement in it started (its business date).
struct SeatTimes {
    std::int64_t filled_at_us = 0, released_at_us = 0;
    std::string filled_on;
};
struct PostingListing {
    std::string posting_id, employer_id, employer_name, region, title, trade, term, wage_unit,
        start_date, end_date, closed_reason, closed_on;
    std::int64_t wage_fen = 0, headcount = 0, opened_at_us = 0, closed_at_us = 0;
    std::vector<SeatTimes> seats;
    std::string position;

    // As it stood at `at_us` (recorded time) and, when `valid_on` ("YYYY-MM-DD") is given, by
    // the dates reported up to that day, as one posting's record folds (a seat counts from its
    // placement's start, a closure from its date; a released seat never counts, whatever the
    // day): whether it existed (its work had started), seats held, and its status then.
    bool ExistedAt(std::int64_t at_us, const std::string& valid_on = {}) const;
    std::int64_t FilledAt(std::int64_t at_us, const std::string& valid_on = {}) const;
    std::string StatusAt(std::int64_t at_us, const std::string& valid_on = {}) const;
};
void ScanPostings(const StateView& index, std::string_view region_prefix, const std::string& after,
                  const std::function<bool(const PostingListing&)>& visit);
std::optional<std::string> RegionOfPosting(const StateView& index, std::string_view posting_id);

// ---- placements ----
struct PlacementListing {
    std::string placement_id, household_id, person_id, village, kind, schedule, posting_id,
        employer_id, trade, start_date, ended_on, end_reason, post_type;
    std::vector<std::string> categories;  // the person's, when placed
    std::int64_t started_at_us = 0, ended_at_us = 0;
    bool cleared_household = false;  // the placement cleared a zero-employment flag
    std::string position;
};
void ScanPlacements(const StateView& index, std::string_view region_prefix,
                    const std::string& after,
                    const std::function<bool(const PlacementListing&)>& visit);
// The household a placement was recorded in, if it has been.
std::optional<std::string> HouseholdOfPlacement(const StateView& index,
                                                std::string_view placement_id);

// ---- follow-ups: the second append of a connected pair, not yet seen in the log ----
struct FollowUp {
    enum class Kind { kSeatToHousehold, kVisitToPosting } kind;
    std::string subject;  // the placement id, or the posting id
    std::string source;   // the posting holding the seat, or the employer whose visit it was
};
void ScanFollowUps(const StateView& follow_ups, const std::function<bool(const FollowUp&)>& visit);

}  // namespace xfl::projections
