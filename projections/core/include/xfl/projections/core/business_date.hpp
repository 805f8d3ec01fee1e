// The business date of an event: the day it says something happened (a survey's date, a flag's
// since, a placement's start), as opposed to the time it was recorded. Generic over every event
// type, read from the payload's own date fields, so a new record type needs nothing here.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace xfl::projections {

// The day of the first of the payload's date fields (date, since, filed_on, received_on,
// opened_on, effective_from, start_date) that holds a valid YYYY-MM-DD; nullopt when none does.
std::optional<std::int64_t> BusinessDay(std::string_view payload_json);

}  // namespace xfl::projections
