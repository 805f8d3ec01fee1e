// The activity index: every event of the log listed by the China day it was recorded on and by
// the account that recorded it, with the facts an inspector's attention flags are computed
// from — the record's region, the business date the payload gives, whether it corrects an
// earlier entry. Knows no context: it reads envelopes and a few payload fields by name.
//
// A record's region is its first event's top-level "region" (a 12-digit code); failing that,
// its "code" (a region's own record) or its "grant"'s region (an account's first grant); the
// region of the household it names by "household_id" (a household's access log); failing all,
// the region of the grant the first event was recorded under.
// The business date is the first of the payload's top-level "date", "filed_on",
// "received_on", "opened_on", "effective_from", "start_date" that reads as a date.
// The reason is the payload's top-level "reason" (a correction's, a closure's, an access's).
// A correction is an event whose payload names what it corrects (a top-level field starting
// "corrects") or whose type says it ("…corrected…").
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "xfl/projections/core/projection.hpp"

namespace xfl::projections {

inline constexpr std::string_view kActivityIndex = "activity_index";

std::unique_ptr<Projection> MakeActivityIndexProjection();

struct ActivityEntry {
    std::uint64_t position = 0;
    std::int64_t recorded_at_us = 0;
    std::string stream_id;
    std::uint64_t version = 0;
    std::string type, user, role, grant_region, region;
    std::string business_date;  // empty when the payload gives none
    bool correction = false;
    std::string reason;  // the payload's top-level "reason", its first 300 bytes; or empty
};

// The entries recorded on China day `day` (YYYY-MM-DD) in log order — all of them, or those
// recorded by `user` when it is not empty — until `visit` returns false.
void ScanActivityOnDay(const StateView& index, const std::string& day, const std::string& user,
                       const std::function<bool(const ActivityEntry&)>& visit);

// The region of the record `stream_id` holds, as placed above; nullopt when the index has not
// seen the stream.
std::optional<std::string> RegionOfStream(const StateView& index, const std::string& stream_id);

}  // namespace xfl::projections
