#include "xfl/api/calendar/calendar.hpp"

#include <rapidjson/document.h>

#include <stdexcept>

#include "xfl/domain/kernel/time.hpp"

namespace xfl::api {

extern const char kHolidaysCn2023[];
extern const char kHolidaysCn2024[];
extern const char kHolidaysCn2025[];
extern const char kHolidaysCn2026[];

namespace {

const RoleSet kAdmins = {domain::Role::kAdmin};

const std::string& CalendarStream() {
    static const std::string stream = domain::kCalendarStreams.Of(domain::kCalendarId);
    return stream;
}

Result<Loaded<domain::HolidayLists>> LoadLists(Services& services) {
    XFL_TRY(events, services.Stream(CalendarStream()));
    return LoadFrom<domain::HolidayLists>(events, domain::ApplyHolidayEvent);
}

// One year in the holiday-cn format: {"year", "papers": [notice URL], "days": [{"date",
// "isOffDay"}]}.
domain::HolidayYearPublished ParseBuiltInYear(const char* json) {
    rapidjson::Document doc;
    doc.Parse(json);
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("year") || !doc["year"].IsInt() ||
        !doc.HasMember("days") || !doc["days"].IsArray()) {
        throw std::logic_error("a built-in holiday list is not in the holiday-cn format");
    }
    domain::HolidayYearPublished year;
    year.year = doc["year"].GetInt();
    year.source = "国务院办公厅通知";
    if (doc.HasMember("papers") && doc["papers"].IsArray() && !doc["papers"].Empty() &&
        doc["papers"][0].IsString()) {
        year.source += std::string(" ") + doc["papers"][0].GetString();
    }
    for (const auto& day : doc["days"].GetArray()) {
        if (!day.IsObject() || !day.HasMember("date") || !day["date"].IsString() ||
            !day.HasMember("isOffDay") || !day["isOffDay"].IsBool()) {
            throw std::logic_error("a built-in holiday list has a day without date or isOffDay");
        }
        (day["isOffDay"].GetBool() ? year.off_days : year.working_days)
            .push_back(day["date"].GetString());
    }
    return year;
}

std::string YearJson(const domain::HolidayYearPublished& y) {
    return JsonOut()
        .Open()
        .Field("year", y.year)
        .FieldRaw("off_days", StringArrayJson(y.off_days))
        .FieldRaw("working_days", StringArrayJson(y.working_days))
        .Field("source", y.source)
        .Close()
        .Take();
}

void AddCalendarRoutes(RouteBuilder& routes, Services& services) {
    routes.Query("GET", "/api/v1/calendar/years", kAllRoles,
                 [&services](RequestContext&) -> Result<HttpResponse> {
                     XFL_TRY(lists, LoadLists(services));
                     JsonOut out;
                     out.Open().OpenArray("years");
                     for (const auto& [year, list] : lists.state.years) out.Item(YearJson(list));
                     return JsonResponse(200, out.CloseArray().Close().Take());
                 });
    routes.Command(
        "POST", "/api/v1/calendar/years", kAdmins,
        [&services](RequestContext& ctx) -> Result<CommandSpec> {
            XFL_TRY(body, ReadJson(ctx));
            XFL_TRY(year, body.OptionalInt("year"));
            XFL_TRY(off_days, body.StringArray("off_days", 80));
            XFL_TRY(working_days, body.StringArray("working_days", 20));
            XFL_TRY(source, body.String("source", 200));
            XFL_CHECK(body.Finish());
            XFL_TRY(lists, LoadLists(services));
            XFL_TRY(events, domain::DecidePublishHolidayYear(
                                lists.state, {year.value_or(0), std::move(off_days),
                                              std::move(working_days), std::move(source)}));
            return CommandSpec{CalendarStream(),
                               lists.Expected(),
                               eventstore::MakeEvents(events, ctx.now_us),
                               std::nullopt,
                               {}};
        },
        [](const Commit& c) -> Result<HttpResponse> {
            return CommitResponse(201, domain::kCalendarId, c);
        });
}

}  // namespace

Context CalendarContext() {
    return {"calendar",
            [] { return std::vector<std::unique_ptr<projections::Projection>>{}; },
            AddCalendarRoutes,
            {},
            domain::RegisterCalendarEvents};
}

const domain::HolidayLists& BuiltInHolidayLists() {
    static const domain::HolidayLists lists = [] {
        domain::HolidayLists built;
        for (const char* json :
             {kHolidaysCn2023, kHolidaysCn2024, kHolidaysCn2025, kHolidaysCn2026}) {
            auto decided = domain::DecidePublishHolidayYear(built, ParseBuiltInYear(json));
            if (!decided.ok()) throw std::logic_error("built-in " + decided.error().message);
            for (const auto& e : *decided) built = domain::Evolve(std::move(built), std::get<0>(e));
        }
        return built;
    }();
    return lists;
}

Result<std::shared_ptr<const domain::WorkingDayCalendar>> LoadWorkingDays(Services& services) {
    return services.memo.Get<domain::WorkingDayCalendar>(
        services.log, CalendarStream(), [&]() -> Result<domain::WorkingDayCalendar> {
            XFL_TRY(lists, LoadLists(services));
            return lists.state.Calendar();
        });
}

Result<std::size_t> SeedHolidayLists(Services& services, std::int64_t now_us) {
    std::size_t recorded = 0;
    for (const auto& [year, list] : BuiltInHolidayLists().years) {
        auto commit = services.commands.Execute(Authority::As(kSystemActor),
                                                [&]() -> Result<CommandSpec> {
                                                    XFL_TRY(lists, LoadLists(services));
                                                    if (lists.state.years.contains(year)) {
                                                        return Error::Make(Errc::kAlreadyExists,
                                                                           "recorded already");
                                                    }
                                                    return CommandSpec{CalendarStream(),
                                                                       lists.Expected(),
                                                                       {MakeEvent(list, now_us)},
                                                                       std::nullopt,
                                                                       {}};
                                                },
                                                {"seed:calendar:" + std::to_string(year)});
        if (commit.ok()) {
            if (!commit->result.duplicate) ++recorded;
        } else if (commit.error().code != Errc::kAlreadyExists) {
            return std::move(commit).error();
        }
    }
    return recorded;
}

}  // namespace xfl::api
