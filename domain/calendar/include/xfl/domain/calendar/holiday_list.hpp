// The official holiday lists (节假日安排) the working-day calendar is built from: the State
// Council publishes each year's holidays and the weekend days worked in their place (调休);
// admins record each year's list as an event, with the notice it comes from. A corrected list
// for a year is a new event that replaces the year's earlier one; nothing is edited.
#pragma once

#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "xfl/domain/kernel/deadline.hpp"
#include "xfl/domain/kernel/event_codec.hpp"
#include "xfl/domain/kernel/event_type.hpp"
#include "xfl/domain/kernel/json_payload.hpp"

namespace xfl::domain {

// off_days: days off even on a weekday (the holidays, weekends inside them may be listed too);
// working_days: weekend days worked. Dates as YYYY-MM-DD, of the year or a day beside it (a
// holiday that starts on 31 December). source: the notice (e.g. 国办发明电〔2025〕7号).
struct HolidayYearPublished {
    static constexpr std::string_view kType = "calendar.holiday_year_published";
    std::int64_t year = 0;
    std::vector<std::string> off_days, working_days;
    std::string source;
    XFL_FIELDS(CEREAL_NVP(year), CEREAL_NVP(off_days), CEREAL_NVP(working_days), CEREAL_NVP(source))
};

using HolidayEvent = std::variant<HolidayYearPublished>;

struct HolidayLists {
    std::map<std::int64_t, HolidayYearPublished> years;  // the list in force for each year
    // The working-day calendar of every year listed.
    WorkingDayCalendar Calendar() const;
};

HolidayLists Evolve(HolidayLists s, const HolidayYearPublished& e);
Status ApplyHolidayEvent(HolidayLists& state, const StoredEvent& event);

// A year from 2000 to 2100; every date valid, in the year or beside it, and listed once;
// working days only on Saturdays and Sundays; a source named. The same list again is
// Errc::kAlreadyExists (nothing to record).
Result<std::vector<HolidayEvent>> DecidePublishHolidayYear(const HolidayLists& s,
                                                           HolidayYearPublished e);

// China's one calendar.
inline constexpr StreamKind kCalendarStreams{"calendar-"};
inline constexpr std::string_view kCalendarId = "cn";

Status RegisterCalendarEvents(EventRegistry& registry);

}  // namespace xfl::domain
