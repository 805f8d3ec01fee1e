#include "xfl/domain/kernel/deadline.hpp"

#include <string>

#include "xfl/domain/kernel/time.hpp"

namespace xfl::domain {
namespace {

int YearOf(std::int64_t day) { return static_cast<int>(CivilFromDays(day).year); }

// 1970-01-01 was a Thursday; 0 = Monday … 6 = Sunday.
bool IsWeekend(std::int64_t day) {
    const std::int64_t weekday = ((day % 7) + 7 + 3) % 7;
    return weekday >= 5;
}

Error NotCovered(std::int64_t day) {
    return Error::Make(Errc::kUnavailable,
                       "the official list of holidays and make-up working days of " +
                           std::to_string(YearOf(day)) + " is not loaded, so working days after " +
                           FormatDate(day) + " cannot be counted; an administrator must add it");
}

}  // namespace

void WorkingDayCalendar::AddYear(int year, const std::set<std::int64_t>& off,
                                 const std::set<std::int64_t>& on) {
    years_.insert(year);
    for (std::int64_t day : off) listed_[day] = false;
    for (std::int64_t day : on) listed_[day] = true;
}

bool WorkingDayCalendar::Covers(std::int64_t day) const { return years_.count(YearOf(day)) > 0; }

Result<bool> WorkingDayCalendar::IsWorkingDay(std::int64_t day) const {
    if (!Covers(day)) return NotCovered(day);
    if (auto listed = listed_.find(day); listed != listed_.end()) return listed->second;
    return !IsWeekend(day);
}

Deadline Deadline::CalendarDays(int days) { return {Counting::kCalendar, days}; }

Deadline Deadline::CalendarDaysEndingOnWorkingDay(int days) {
    return {Counting::kCalendarEndingOnWorkingDay, days};
}

Deadline Deadline::WorkingDays(int days) { return {Counting::kWorking, days}; }

std::int64_t Deadline::DueInCalendarDays(std::int64_t start) const { return start + days_; }

Result<std::int64_t> Deadline::Due(std::int64_t start, const WorkingDayCalendar& calendar) const {
    std::int64_t day = start;
    int counted = 0;
    switch (counting_) {
        case Counting::kCalendar:
            return DueInCalendarDays(start);
        case Counting::kCalendarEndingOnWorkingDay:
            day = DueInCalendarDays(start);
            for (;;) {
                auto worked = calendar.IsWorkingDay(day);
                if (!worked.ok()) return std::move(worked).error();
                if (*worked) return day;
                ++day;
            }
        case Counting::kWorking:
            while (counted < days_) {
                ++day;
                auto worked = calendar.IsWorkingDay(day);
                if (!worked.ok()) return std::move(worked).error();
                counted += *worked ? 1 : 0;
            }
            return day;
    }
    return day;
}

}  // namespace xfl::domain
