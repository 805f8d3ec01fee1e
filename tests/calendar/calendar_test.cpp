// Working days on the official calendar, and time limits counted on it.
#include "xfl/api/calendar/calendar.hpp"

#include <catch2/catch.hpp>

#include "xfl/domain/calendar/holiday_list.hpp"
#include "xfl/domain/households/household.hpp"
#include "xfl/domain/kernel/deadline.hpp"
#include "xfl/domain/kernel/time.hpp"

using namespace xfl;
using domain::Deadline;

namespace {

std::int64_t Day(const char* text) { return *domain::ParseDate(text, "date"); }

const domain::WorkingDayCalendar& Official() {
    static const domain::WorkingDayCalendar calendar = api::BuiltInHolidayLists().Calendar();
    return calendar;
}

bool Worked(const char* text) { return *Official().IsWorkingDay(Day(text)); }

std::string Due(Deadline limit, const char* start) {
    auto due = limit.Due(Day(start), Official());
    REQUIRE(due.ok());
    return domain::FormatDate(*due);
}

}  // namespace

TEST_CASE("the official calendar: holidays on weekdays, make-up working days on weekends") {
    CHECK(Worked("2026-11-27"));        // a Friday
    CHECK_FALSE(Worked("2026-11-28"));  // a Saturday
    CHECK_FALSE(Worked("2026-10-01"));  // National Day, a Thursday
    CHECK(Worked("2026-10-10"));        // a Saturday worked for the National Day week
    CHECK(Worked("2026-09-20"));        // a Sunday worked likewise
    CHECK_FALSE(Worked("2025-01-28"));  // Spring Festival eve 2025, a Tuesday
    CHECK(Worked("2025-01-26"));        // a Sunday worked for it
    CHECK_FALSE(Worked("2023-01-02"));  // New Year 2023, a Monday
    CHECK(Official().Covers(Day("2023-06-01")));
    CHECK_FALSE(Official().Covers(Day("2027-01-04")));
}

TEST_CASE("time limits in working days and in calendar days") {
    // From Wednesday 30 September 2026: 8 October (Thu) is day 1, the Saturday 10 October
    // is worked, so five working days end on Tuesday 13 October.
    CHECK(Due(Deadline::WorkingDays(5), "2026-09-30") == "2026-10-13");
    CHECK(Due(Deadline::WorkingDays(1), "2026-11-27") == "2026-11-30");
    CHECK(Due(Deadline::CalendarDays(1), "2026-09-30") == "2026-10-01");
    // A period ending on a holiday ends on the next working day.
    CHECK(Due(Deadline::CalendarDaysEndingOnWorkingDay(1), "2026-09-30") == "2026-10-08");
    CHECK(Due(Deadline::CalendarDaysEndingOnWorkingDay(15), "2026-11-12") == "2026-11-27");
    CHECK(Deadline::CalendarDays(45).DueInCalendarDays(Day("2026-11-27")) == Day("2027-01-11"));

    // Past the last official list nothing is guessed.
    auto beyond = Deadline::WorkingDays(30).Due(Day("2026-12-20"), Official());
    REQUIRE_FALSE(beyond.ok());
    CHECK(beyond.error().code == Errc::kUnavailable);
    CHECK_THAT(beyond.error().message, Catch::Contains("2027"));

    CHECK(domain::Overdue(Day("2026-11-27"), Day("2026-11-28")));
    CHECK_FALSE(domain::Overdue(Day("2026-11-27"), Day("2026-11-27")));
}

TEST_CASE("a year's holiday list is checked before it is recorded, and replaces the year's last") {
    using domain::DecidePublishHolidayYear;
    auto field_of = [](const auto& decided) { return decided.ok() ? "" : decided.error().field; };
    const domain::HolidayLists none;
    CHECK(field_of(DecidePublishHolidayYear(none, {1999, {}, {}, "通知"})) == "year");
    CHECK(field_of(DecidePublishHolidayYear(none, {2027, {"2027-13-01"}, {}, "通知"})) ==
          "off_days");
    CHECK(field_of(DecidePublishHolidayYear(none, {2027, {"2025-10-01"}, {}, "通知"})) ==
          "off_days");
    // 4 January 2027 is a Monday: a make-up working day is a weekend day.
    CHECK(field_of(DecidePublishHolidayYear(none, {2027, {}, {"2027-01-04"}, "通知"})) ==
          "working_days");
    CHECK(field_of(DecidePublishHolidayYear(
              none, {2027, {"2027-01-01"}, {"2027-01-01"}, "通知"})) == "working_days");
    CHECK(field_of(DecidePublishHolidayYear(none, {2027, {"2027-01-01"}, {}, ""})) == "source");

    auto first = DecidePublishHolidayYear(none, {2027, {"2027-01-01"}, {"2027-01-09"}, "通知"});
    REQUIRE(first.ok());
    const domain::HolidayLists listed = domain::Evolve(none, std::get<0>((*first)[0]));
    const auto calendar = listed.Calendar();
    CHECK_FALSE(*calendar.IsWorkingDay(Day("2027-01-01")));  // a Friday, listed off
    CHECK(*calendar.IsWorkingDay(Day("2027-01-09")));        // a Saturday, listed worked
    CHECK(*calendar.IsWorkingDay(Day("2027-01-04")));
    CHECK(DecidePublishHolidayYear(listed, {2027, {"2027-01-01"}, {"2027-01-09"}, "再次"})
              .error()
              .code == Errc::kAlreadyExists);
    auto corrected = DecidePublishHolidayYear(listed, {2027, {"2027-01-01"}, {}, "更正"});
    REQUIRE(corrected.ok());
    const auto now = domain::Evolve(listed, std::get<0>((*corrected)[0])).Calendar();
    CHECK_FALSE(*now.IsWorkingDay(Day("2027-01-09")));
}

TEST_CASE("zero-employment limits: a plan within 7 days, clearing within 30") {
    const domain::ZeroEmploymentPolicy policy;
    const std::int64_t since = Day("2026-11-01");
    const auto due = domain::ZeroEmploymentDue(since, policy);
    CHECK(domain::FormatDate(due.plan_due) == "2026-11-08");
    CHECK(domain::FormatDate(due.clear_due) == "2026-12-01");
    CHECK_FALSE(domain::ZeroEmploymentLate(since, false, Day("2026-11-08"), policy).any());
    CHECK(domain::ZeroEmploymentLate(since, false, Day("2026-11-09"), policy).plan);
    CHECK_FALSE(domain::ZeroEmploymentLate(since, true, Day("2026-11-09"), policy).any());
    const auto late = domain::ZeroEmploymentLate(since, true, Day("2026-12-02"), policy);
    CHECK(late.clear);
    CHECK_FALSE(late.plan);
}
