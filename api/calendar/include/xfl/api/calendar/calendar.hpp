// The official calendar: each year's holiday list as admins record it (routes under
// /api/v1/calendar), seeded at first start from the lists built in (data/holidays-cn), and the
// working-day calendar deadlines count on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "xfl/api/core/context.hpp"
#include "xfl/domain/calendar/holiday_list.hpp"

namespace xfl::api {

Context CalendarContext();

// The working-day calendar of the lists recorded in the log now (derived again only when an
// admin has recorded a list since).
Result<std::shared_ptr<const domain::WorkingDayCalendar>> LoadWorkingDays(Services& services);

// The lists built into this server (2023–2026, from the State Council's notices).
const domain::HolidayLists& BuiltInHolidayLists();

// Records each built-in year the log has no list for (an admin's list, or a correction of it,
// is kept), as the system at `now_us`; safe to repeat and to run on several nodes. Returns how
// many years it recorded.
Result<std::size_t> SeedHolidayLists(Services& services, std::int64_t now_us);

}  // namespace xfl::api
