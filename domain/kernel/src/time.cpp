#include "xfl/domain/kernel/time.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace xfl::domain {
namespace {

constexpr std::int64_t kMicrosPerSecond = 1'000'000;
constexpr std::int64_t kSecondsPerDay = 86'400;

}  // namespace

CivilDate CivilFromDays(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2), m, d};
}

namespace {

bool ReadNumber(std::string_view text, std::size_t at, std::size_t width, unsigned& out) {
    if (at + width > text.size()) return false;
    const char* begin = text.data() + at;
    auto [end, ec] = std::from_chars(begin, begin + width, out);
    return ec == std::errc() && end == begin + width;
}

unsigned DaysInMonth(std::int64_t y, unsigned m) {
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : kDays[m - 1];
}

}  // namespace

std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::string FormatRfc3339(std::int64_t us) {
    std::int64_t seconds = us / kMicrosPerSecond;
    std::int64_t micros = us % kMicrosPerSecond;
    if (micros < 0) {
        micros += kMicrosPerSecond;
        --seconds;
    }
    std::int64_t days = seconds / kSecondsPerDay;
    std::int64_t rest = seconds % kSecondsPerDay;
    if (rest < 0) {
        rest += kSecondsPerDay;
        --days;
    }
    const CivilDate c = CivilFromDays(days);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%06lldZ",
                  static_cast<long long>(c.year), c.month, c.day,
                  static_cast<long long>(rest / 3600), static_cast<long long>(rest / 60 % 60),
                  static_cast<long long>(rest % 60), static_cast<long long>(micros));
    return buf;
}

Result<std::int64_t> ParseRfc3339(std::string_view t, std::string_view field) {
    auto bad = [&] {
        return Error::Make(Errc::kInvalidArgument,
                           "expected an RFC 3339 time such as 2026-11-24T08:30:00+08:00, or a date "
                           "YYYY-MM-DD",
                           std::string(field));
    };
    unsigned year = 0, month = 0, day = 0;
    if (!ReadNumber(t, 0, 4, year) || t.size() < 10 || t[4] != '-' || t[7] != '-' ||
        !ReadNumber(t, 5, 2, month) || !ReadNumber(t, 8, 2, day) || month < 1 || month > 12 ||
        day < 1 || day > DaysInMonth(year, month)) {
        return bad();
    }
    const std::int64_t days = DaysFromCivil(year, month, day);
    if (t.size() == 10) {  // end of that day in UTC+8
        return ((days + 1) * kSecondsPerDay - 8 * 3600) * kMicrosPerSecond - 1;
    }
    unsigned hour = 0, minute = 0, second = 0;
    if ((t[10] != 'T' && t[10] != 't') || !ReadNumber(t, 11, 2, hour) || t.size() < 19 ||
        t[13] != ':' || !ReadNumber(t, 14, 2, minute) || t[16] != ':' ||
        !ReadNumber(t, 17, 2, second) || hour > 23 || minute > 59 || second > 60) {
        return bad();
    }
    std::size_t at = 19;
    std::int64_t micros = 0;
    if (at < t.size() && t[at] == '.') {
        std::int64_t scale = 100000;
        ++at;
        const std::size_t digits_start = at;
        while (at < t.size() && t[at] >= '0' && t[at] <= '9') {
            micros += (t[at] - '0') * scale;
            scale /= 10;
            ++at;
        }
        if (at == digits_start) return bad();
    }
    std::int64_t offset_seconds = 0;
    if (at < t.size() && (t[at] == 'Z' || t[at] == 'z') && at + 1 == t.size()) {
        offset_seconds = 0;
    } else if (at + 6 == t.size() && (t[at] == '+' || t[at] == '-') && t[at + 3] == ':') {
        unsigned oh = 0, om = 0;
        if (!ReadNumber(t, at + 1, 2, oh) || !ReadNumber(t, at + 4, 2, om) || oh > 23 || om > 59) {
            return bad();
        }
        offset_seconds = (t[at] == '+' ? 1 : -1) * static_cast<std::int64_t>(oh * 3600 + om * 60);
    } else {
        return bad();
    }
    const std::int64_t seconds = days * kSecondsPerDay + hour * 3600 + minute * 60 +
                                 std::min<unsigned>(second, 59) - offset_seconds;
    return seconds * kMicrosPerSecond + micros;
}

Result<std::int64_t> ParseDate(std::string_view t, std::string_view field) {
    unsigned year = 0, month = 0, day = 0;
    if (t.size() != 10 || t[4] != '-' || t[7] != '-' || !ReadNumber(t, 0, 4, year) ||
        !ReadNumber(t, 5, 2, month) || !ReadNumber(t, 8, 2, day) || month < 1 || month > 12 ||
        day < 1 || day > DaysInMonth(year, month) || year < 1900) {
        return Error::Make(Errc::kInvalidArgument,
                           std::string(field) + " must be a date YYYY-MM-DD", std::string(field));
    }
    return DaysFromCivil(year, month, day);
}

std::int64_t AddMonths(std::int64_t day, int months) {
    const CivilDate c = CivilFromDays(day);
    const std::int64_t index = c.year * 12 + (c.month - 1) + months;
    const std::int64_t year = index >= 0 ? index / 12 : (index - 11) / 12;
    const auto month = static_cast<unsigned>(index - year * 12 + 1);
    const unsigned next = month == 12 ? 1 : month + 1;
    const std::int64_t month_end = DaysFromCivil(month == 12 ? year + 1 : year, next, 1) - 1;
    return std::min(DaysFromCivil(year, month, 1) + c.day - 1, month_end);
}

std::int64_t DayOr(std::string_view date, std::int64_t fallback) {
    auto day = ParseDate(date, "date");
    return day.ok() ? *day : fallback;
}

std::string FormatDate(std::int64_t days) {
    const CivilDate c = CivilFromDays(days);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.year), c.month,
                  c.day);
    return buf;
}

std::int64_t ChinaDay(std::int64_t utc_micros) {
    const std::int64_t seconds = utc_micros / kMicrosPerSecond + 8 * 3600;
    return (seconds >= 0 ? seconds : seconds - kSecondsPerDay + 1) / kSecondsPerDay;
}

int AgeInYears(std::int64_t birth, std::int64_t on) {
    const CivilDate b = CivilFromDays(birth);
    const CivilDate o = CivilFromDays(on);
    auto age = static_cast<int>(o.year - b.year);
    if (o.month < b.month || (o.month == b.month && o.day < b.day)) --age;
    return age;
}

}  // namespace xfl::domain
