// Labour-force statistics by business date and as recorded: counts summed from the statistics'
// steps against each person's history read event by event, for random histories with surveys dated
// before their recording, departures dated either side of it, changed details and members entered
// in error, on any day and as known on any earlier one.
#include <algorithm>
#include <catch2/catch.hpp>

#include "support/household_history.hpp"
#include "xfl/domain/households/household.hpp"
#include "xfl/domain/kernel/json_payload.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/projections/households/labour_stats.hpp"

using namespace xfl;
using namespace xfl::projections;
using namespace xfl::testing;

namespace {

struct Details {
    std::string education, skill_level;
    std::vector<std::string> categories, skills;
};

// What happened to one person, in the order it was recorded.
struct Happening {
    enum Kind { kAdded, kUpdated, kSurveyed, kLeft, kErased } kind;
    std::int64_t recorded_day, day;  // day: the date of a survey or a departure
    Details details;                 // added, updated
    std::string status;              // surveyed
};

struct Person {
    std::string village, sex;
    std::vector<Happening> history;
};

void AddPerson(LabourCounts& counts, const Person& person, const Details& details,
               const std::string& status) {
    ++counts["sex"][person.sex];
    ++counts["education"][details.education.empty() ? "unknown" : details.education];
    ++counts["status"][status.empty() ? "unsurveyed" : status];
    ++counts["skill_level"][details.skill_level.empty() ? "unknown" : details.skill_level];
    for (const auto& c : details.categories) ++counts["category"][c];
    for (const auto& s : details.skills) ++counts["skill"][s];
}

// A person on `valid_on` as known by the end of `known_by`, read from their history: there from
// the first day they were added or surveyed, gone from a departure's date, never there if
// entered in error; the details of the latest change by then, the status of the latest survey.
void CountPerson(LabourCounts& counts, const Person& person, std::int64_t valid_on,
                 std::int64_t known_by) {
    const Details* details = nullptr;
    const Happening* survey = nullptr;
    std::int64_t first = std::numeric_limits<std::int64_t>::max();
    for (const Happening& h : person.history) {
        if (h.kind == Happening::kErased) return;
    }
    for (const Happening& h : person.history) {
        if (h.recorded_day > known_by) break;
        switch (h.kind) {
            case Happening::kAdded:
                details = &h.details;
                first = std::min(first, h.recorded_day);
                break;
            case Happening::kUpdated:
                first = std::min(first, h.recorded_day);
                if (h.recorded_day <= valid_on) details = &h.details;
                break;
            case Happening::kSurveyed:
                first = std::min(first, h.day);
                if (h.day <= valid_on && (!survey || h.day >= survey->day)) survey = &h;
                break;
            case Happening::kLeft:
                if (h.day <= valid_on) return;
                break;
            case Happening::kErased:
                break;
        }
    }
    if (!details || first > valid_on) return;
    AddPerson(counts, person, *details, survey ? survey->status : "");
}

// A person as the records stood at the end of `known_by`, in the order things were recorded:
// from being added until leaving or being entered in error, whatever the dates reported; the
// latest details, the status of the survey recorded last.
void CountPersonAsRecorded(LabourCounts& counts, const Person& person, std::int64_t known_by) {
    const Details* details = nullptr;
    std::string status;
    for (const Happening& h : person.history) {
        if (h.recorded_day > known_by) break;
        if (h.kind == Happening::kAdded || h.kind == Happening::kUpdated) details = &h.details;
        if (h.kind == Happening::kSurveyed) status = h.status;
        if (h.kind == Happening::kLeft || h.kind == Happening::kErased) return;
    }
    if (details) AddPerson(counts, person, *details, status);
}

}  // namespace

TEST_CASE(
    "labour-force statistics, by business date and as recorded, sum their steps to what each "
    "history says") {
    const unsigned seed = GENERATE(1u, 2u, 3u);
    INFO("seed " << seed);
    Draw uniform(seed);
    const auto pick = [&](const std::vector<std::string>& from) {
        return from[static_cast<std::size_t>(
            uniform(0, static_cast<std::int64_t>(from.size()) - 1))];
    };
    const auto some_of = [&](const std::vector<std::string>& from) {
        std::vector<std::string> chosen;
        for (const auto& item : from) {
            if (uniform(0, 2) == 0) chosen.push_back(item);
        }
        return chosen;
    };
    const auto details = [&] {
        return Details{pick({"", "primary", "junior", "senior"}), pick({"", "junior", "senior"}),
                       some_of({"rural_labour", "poverty_alleviated"}), some_of({"电工", "焊工"})};
    };
    const std::vector<std::string> villages = {"530502001001", "530502001002", "530502002001",
                                               "530523100201"};
    const std::int64_t first_day = domain::DaysFromCivil(2024, 11, 20);

    std::vector<HouseholdEvent> events;
    std::map<std::string, Person> people;  // "<household>/<person>"
    for (int h = 0; h < 40; ++h) {
        const std::string household = "h" + std::to_string(h);
        const std::string& village = villages[static_cast<std::size_t>(h) % villages.size()];
        std::int64_t t = StartOfChinaDay(first_day) + uniform(0, 30 * kDayUs);
        events.push_back(
            {household, t, std::string(domain::HouseholdRegistered::kType),
             domain::ToJsonPayload(domain::HouseholdRegistered{household, village, "", ""})});
        std::vector<std::string> members;
        for (int step = 0; step < 12; ++step) {
            t += uniform(kDayUs / 3, 50 * kDayUs);
            const std::int64_t today = domain::ChinaDay(t);
            const std::int64_t what = members.empty() ? 0 : uniform(0, 9);
            if (what <= 2) {
                const std::string id = "m" + std::to_string(step);
                Person& person = people[household + "/" + id];
                person.village = village;
                person.sex = uniform(0, 1) ? "male" : "female";
                Happening added{Happening::kAdded, today, today, details(), ""};
                domain::MemberAdded e;
                e.person_id = id;
                e.sex = person.sex;
                e.birth_date = std::to_string(uniform(1960, 2005)) + "-03-04";
                e.education = added.details.education;
                e.skill_level = added.details.skill_level;
                e.categories = added.details.categories;
                e.skills = added.details.skills;
                person.history.push_back(added);
                members.push_back(id);
                events.push_back({household, t, std::string(e.kType), domain::ToJsonPayload(e)});
                continue;
            }
            const std::string id = pick(members);
            Person& person = people[household + "/" + id];
            if (what <= 4) {
                Happening updated{Happening::kUpdated, today, today, details(), ""};
                domain::MemberUpdated e;
                e.person_id = id;
                e.education = updated.details.education;
                e.skill_level = updated.details.skill_level;
                e.categories = updated.details.categories;
                e.skills = updated.details.skills;
                person.history.push_back(updated);
                events.push_back({household, t, std::string(e.kType), domain::ToJsonPayload(e)});
            } else if (what <= 7) {
                domain::VisitRecorded e;
                e.visit_id = "v" + std::to_string(step);
                e.date = domain::FormatDate(today - uniform(0, 60));
                for (const auto& member : members) {
                    if (uniform(0, 3) == 0) continue;
                    const std::string status =
                        pick({"employed_local", "employed_away", "unemployed"});
                    people[household + "/" + member].history.push_back(
                        {Happening::kSurveyed,
                         today,
                         *domain::ParseDate(e.date, "date"),
                         {},
                         status});
                    e.members.push_back(domain::VisitLine{member, status, "", "", 0});
                }
                events.push_back({household, t, std::string(e.kType), domain::ToJsonPayload(e)});
            } else {
                const bool in_error = what == 9 && uniform(0, 1) == 0;
                if (in_error) {
                    person.history.push_back({Happening::kErased, today, today, {}, ""});
                    events.push_back(
                        {household, t, std::string(domain::MemberEnteredInError::kType),
                         domain::ToJsonPayload(domain::MemberEnteredInError{id, "x"})});
                } else {
                    const std::int64_t date = today + uniform(-40, 20);
                    person.history.push_back({Happening::kLeft, today, date, {}, ""});
                    events.push_back({household, t, std::string(domain::MemberLeft::kType),
                                      domain::ToJsonPayload(domain::MemberLeft{
                                          id, "moved_out", domain::FormatDate(date)})});
                }
                std::erase(members, id);
            }
        }
    }
    MemoryState state;
    auto stats = MakeLabourStatsProjection();
    ApplyInLogOrder(events, *stats, state);
    std::int64_t last_day = first_day;
    for (const auto& event : events) last_day = std::max(last_day, domain::ChinaDay(event.at_us));
    std::vector<std::string> regions;
    for (const auto& village : {villages[0], villages[3]}) {
        for (const auto& region : VillageAndAbove(village)) regions.push_back(region.str());
    }
    // Asked on a day well after the last change: days as of which the last day's steps are not
    // yet in the buckets of its month and year.
    const std::int64_t today = last_day + 60;
    for (int moment = 0; moment < 300; ++moment) {
        std::optional<std::int64_t> as_of;
        if (moment % 3 != 0) as_of = uniform(first_day - 2, today);
        const std::int64_t valid_on = moment % 2 == 0 && as_of
                                          ? *as_of - uniform(0, 3)
                                          : uniform(first_day - 60, last_day + 30);
        for (const auto& region : regions) {
            INFO("region " << region << " as_of " << (as_of ? domain::FormatDate(*as_of) : "-")
                           << " valid_on " << domain::FormatDate(valid_on));
            LabourCounts want, want_recorded;
            for (const auto& [id, person] : people) {
                if (person.village.starts_with(
                        domain::RegionCode::Parse(region)->SignificantPrefix())) {
                    CountPerson(want, person, valid_on, as_of.value_or(today));
                    CountPersonAsRecorded(want_recorded, person, as_of.value_or(today));
                }
            }
            // Age bands follow from birth years (checked over HTTP); here their total.
            const auto require_equal = [](LabourCounts got, const LabourCounts& wanted) {
                std::int64_t aged = 0, counted = 0;
                for (const auto& [band, n] : got["age_band"]) aged += n;
                for (const auto& [sex, n] : got["sex"]) counted += n;
                CHECK(aged == counted);
                got.erase("age_band");
                std::erase_if(got, [](const auto& d) { return d.second.empty(); });
                CHECK(got == wanted);
            };
            require_equal(CountLabourForceValidOn(state, region, valid_on, as_of, today), want);
            require_equal(CountLabourForce(state, region, as_of, today), want_recorded);
        }
    }
}
