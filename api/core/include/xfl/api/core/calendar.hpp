// The working-day calendar of the official holiday lists compiled into the server.
#pragma once

#include <string_view>

#include "xfl/domain/kernel/deadline.hpp"

namespace xfl::api {

// Every year compiled in (data/holidays-cn). Built once; the lists are checked by the tests.
const domain::WorkingDayCalendar& OfficialCalendar();

// Reads one year's list in the holiday-cn format ({"year", "days": [{"date", "isOffDay"}]})
// into `calendar`. Errc::kInvalidArgument naming what is wrong.
Status AddHolidayList(domain::WorkingDayCalendar& calendar, std::string_view json);

}  // namespace xfl::api
