// Times as UTC microseconds since the Unix epoch, and their RFC 3339 text form.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "xfl/domain/kernel/result.hpp"

namespace xfl::domain {

// "2026-11-24T08:30:00.123456Z"
std::string FormatRfc3339(std::int64_t utc_micros);

// Accepts "YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)", or a bare date "YYYY-MM-DD", which
// means the end of that day in China Standard Time (UTC+8), where the system is used.
// Errc::kInvalidArgument naming `field` otherwise.
Result<std::int64_t> ParseRfc3339(std::string_view text, std::string_view field);

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d);

struct CivilDate {
    std::int64_t year;
    unsigned month;
    unsigned day;
};
CivilDate CivilFromDays(std::int64_t days);
// The same date `months` later (earlier when negative); a day the month lacks becomes its last
// (31 March + 1 month: 30 April; 29 February + 12 months: 28 February).
std::int64_t AddMonths(std::int64_t day, int months);

// Business dates ("2026-11-24") as days since 1970-01-01. Errc::kInvalidArgument naming `field`.
Result<std::int64_t> ParseDate(std::string_view text, std::string_view field);
std::string FormatDate(std::int64_t days);
// A date checked when it was recorded (or an optional one): its day, `fallback` when empty.
std::int64_t DayOr(std::string_view date, std::int64_t fallback);
// The calendar day in China Standard Time (UTC+8) of an instant.
std::int64_t ChinaDay(std::int64_t utc_micros);
// Whole years from `birth` to `on` (both days since the epoch).
int AgeInYears(std::int64_t birth, std::int64_t on);

}  // namespace xfl::domain
