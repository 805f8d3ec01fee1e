#include "xfl/api/core/calendar.hpp"

#include <rapidjson/document.h>

#include <stdexcept>

#include "xfl/domain/kernel/time.hpp"

namespace xfl::api {

extern const char kHolidaysCn2023[];
extern const char kHolidaysCn2024[];
extern const char kHolidaysCn2025[];
extern const char kHolidaysCn2026[];

Status AddHolidayList(domain::WorkingDayCalendar& calendar, std::string_view json) {
    auto invalid = [](const std::string& what) {
        return Error::Make(Errc::kInvalidArgument, "holiday list: " + what, "days");
    };
    rapidjson::Document doc;
    doc.Parse(json.data(), json.size());
    if (doc.HasParseError() || !doc.IsObject()) return invalid("not a JSON object");
    if (!doc.HasMember("year") || !doc["year"].IsInt()) return invalid("no integer \"year\"");
    if (!doc.HasMember("days") || !doc["days"].IsArray()) return invalid("no \"days\" array");
    std::set<std::int64_t> off, on;
    for (const auto& entry : doc["days"].GetArray()) {
        if (!entry.IsObject() || !entry.HasMember("date") || !entry["date"].IsString() ||
            !entry.HasMember("isOffDay") || !entry["isOffDay"].IsBool()) {
            return invalid("every day needs \"date\" and \"isOffDay\"");
        }
        auto day = domain::ParseDate(entry["date"].GetString(), "date");
        if (!day.ok()) return invalid(std::string("bad date ") + entry["date"].GetString());
        (entry["isOffDay"].GetBool() ? off : on).insert(*day);
    }
    calendar.AddYear(doc["year"].GetInt(), off, on);
    return {};
}

const domain::WorkingDayCalendar& OfficialCalendar() {
    static const domain::WorkingDayCalendar calendar = [] {
        domain::WorkingDayCalendar built;
        for (const char* year :
             {kHolidaysCn2023, kHolidaysCn2024, kHolidaysCn2025, kHolidaysCn2026}) {
            if (Status s = AddHolidayList(built, year); !s.ok()) {
                throw std::logic_error("built-in " + s.error().message);
            }
        }
        return built;
    }();
    return calendar;
}

}  // namespace xfl::api
