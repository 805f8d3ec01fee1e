// Working days and time limits. Days are business dates: days since 1970-01-01 in China
// Standard Time (time.hpp). China's State Council moves rest days each year (holidays, and
// make-up working days on weekends, 调休), so whether a day is worked is known only for the
// years whose official list is loaded; counting past them is an error, never a guess.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "xfl/domain/kernel/result.hpp"

namespace xfl::domain {

class WorkingDayCalendar {
  public:
    // Loads a year's official list: `off` days are holidays even on a weekday, `on` days are
    // make-up working days even on a weekend. A list may carry days of the next or previous
    // year (a holiday that starts on 31 December); they count as listed.
    void AddYear(int year, const std::set<std::int64_t>& off, const std::set<std::int64_t>& on);

    // Whether the official list of the year holding `day` is loaded.
    bool Covers(std::int64_t day) const;
    // Monday to Friday unless listed off; Saturday and Sunday only when listed on.
    // Errc::kUnavailable when the year's list is not loaded.
    Result<bool> IsWorkingDay(std::int64_t day) const;

  private:
    std::set<int> years_;
    std::map<std::int64_t, bool> listed_;  // day → worked
};

// A time limit counted from the day of the act that starts it (which is not counted).
class Deadline {
  public:
    // `days` calendar days: the last day in time is start + days.
    static Deadline CalendarDays(int days);
    // As CalendarDays, but a last day that is not a working day moves to the next working day
    // (how Chinese procedure counts a period that ends on a holiday).
    static Deadline CalendarDaysEndingOnWorkingDay(int days);
    // `days` working days after the start (三日、五日 in labour-arbitration procedure).
    static Deadline WorkingDays(int days);

    // The last day on which the act is still in time. Errc::kUnavailable when the count needs a
    // year the calendar does not cover.
    Result<std::int64_t> Due(std::int64_t start, const WorkingDayCalendar& calendar) const;
    // For limits in calendar days, which need no calendar.
    std::int64_t DueInCalendarDays(std::int64_t start) const;
    // The same limit, `days` days longer (an extension, days during which time stood still).
    Deadline Longer(int days) const { return Deadline(counting_, days_ + days); }

  private:
    enum class Counting { kCalendar, kCalendarEndingOnWorkingDay, kWorking };
    Deadline(Counting counting, int days) : counting_(counting), days_(days) {}
    Counting counting_;
    int days_;
};

// A limit is missed on the first day after its last day.
inline std::int64_t FirstOverdueDay(std::int64_t due) { return due + 1; }
inline bool Overdue(std::int64_t due, std::int64_t today) { return today >= FirstOverdueDay(due); }

// A limit a record has not met yet: what it is, for people, and its last day in time.
struct PendingLimit {
    std::string name;
    std::int64_t due = 0;
    bool operator==(const PendingLimit&) const = default;
};

}  // namespace xfl::domain
