#include "xfl/domain/calendar/holiday_list.hpp"

#include <algorithm>
#include <set>

#include "xfl/domain/kernel/checks.hpp"
#include "xfl/domain/kernel/time.hpp"

namespace xfl::domain {
namespace {

std::set<std::int64_t> Days(const std::vector<std::string>& dates) {
    std::set<std::int64_t> days;
    for (const auto& d : dates) days.insert(DayOr(d, 0));
    return days;
}

// Monday is 1, Sunday 7 (1970-01-01 was a Thursday).
int Weekday(std::int64_t day) { return static_cast<int>(((day % 7) + 10) % 7) + 1; }

// Off days may fall on any day; a make-up working day is always a weekend day.
enum class DayKind { kOff, kMakeUpWorking };

Status CheckDates(const std::vector<std::string>& dates, std::int64_t year, DayKind kind,
                  const std::string& field, std::set<std::int64_t>& seen) {
    const std::int64_t first = DaysFromCivil(year - 1, 12, 1),
                       last = DaysFromCivil(year + 1, 1, 31);
    for (const auto& date : dates) {
        auto day = ParseDate(date, field);
        if (!day.ok()) return std::move(day).error();
        if (*day < first || *day > last) {
            return InvalidField(
                field, date + " is not in " + std::to_string(year) + " or the days beside it");
        }
        if (!seen.insert(*day).second) {
            return InvalidField(field, date + " is listed twice");
        }
        if (kind == DayKind::kMakeUpWorking && Weekday(*day) < 6) {
            return InvalidField(field, date +
                                           " is a weekday: a make-up working day is a "
                                           "Saturday or Sunday");
        }
    }
    return {};
}

}  // namespace

WorkingDayCalendar HolidayLists::Calendar() const {
    WorkingDayCalendar calendar;
    for (const auto& [year, list] : years) {
        calendar.AddYear(static_cast<int>(year), Days(list.off_days), Days(list.working_days));
    }
    return calendar;
}

HolidayLists Evolve(HolidayLists s, const HolidayYearPublished& e) {
    s.years[e.year] = e;
    return s;
}

Status ApplyHolidayEvent(HolidayLists& state, const StoredEvent& event) {
    return ApplyAny<HolidayLists, HolidayYearPublished>(state, event);
}

Result<std::vector<HolidayEvent>> DecidePublishHolidayYear(const HolidayLists& s,
                                                           HolidayYearPublished e) {
    if (e.year < 2000 || e.year > 2100) return InvalidField("year", "2000 to 2100");
    std::set<std::int64_t> seen;
    if (Status ok = CheckDates(e.off_days, e.year, DayKind::kOff, "off_days", seen); !ok.ok())
        return ok.error();
    if (Status ok =
            CheckDates(e.working_days, e.year, DayKind::kMakeUpWorking, "working_days", seen);
        !ok.ok()) {
        return ok.error();
    }
    if (Status ok = CheckRequiredLine(e.source, "source", 200); !ok.ok()) return ok.error();
    std::sort(e.off_days.begin(), e.off_days.end());
    std::sort(e.working_days.begin(), e.working_days.end());
    if (auto known = s.years.find(e.year); known != s.years.end() &&
                                           known->second.off_days == e.off_days &&
                                           known->second.working_days == e.working_days) {
        return Error::Make(Errc::kAlreadyExists,
                           "year: the list of " + std::to_string(e.year) +
                               " is recorded already, as given (" + known->second.source + ")",
                           "year");
    }
    return std::vector<HolidayEvent>{std::move(e)};
}

Status RegisterCalendarEvents(EventRegistry& registry) {
    if (Status s = registry.AddStreams(kCalendarStreams, "calendar"); !s.ok()) return s;
    return registry.Add<HolidayYearPublished>("calendar");
}

}  // namespace xfl::domain
