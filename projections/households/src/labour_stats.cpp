#include "xfl/projections/households/labour_stats.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "household_of.hpp"
#include "recorded_steps.hpp"
#include "xfl/domain/households/household.hpp"
#include "xfl/domain/kernel/region_code.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/projections/core/decode_event.hpp"
#include "xfl/projections/core/delimited.hpp"
#include "xfl/projections/core/region_counters.hpp"
#include "xfl/projections/core/tally.hpp"

namespace xfl::projections {
namespace {

using eventstore::EventEnvelope;

// What the statistics know of one person; stored delimited, as every event reads one.
struct PersonFacts {
    std::string village, sex, education, status, birth_year, skill_level;
    std::vector<std::string> categories, skills;

    std::string Encode() const {
        return JoinFields({village, sex, education, status, birth_year, skill_level,
                           JoinList(categories), JoinList(skills)});
    }
    static std::optional<PersonFacts> Decode(std::string_view bytes) {
        auto f = SplitFields(bytes, 8);
        if (!f) return std::nullopt;
        return PersonFacts{std::string((*f)[0]), std::string((*f)[1]), std::string((*f)[2]),
                           std::string((*f)[3]), std::string((*f)[4]), std::string((*f)[5]),
                           SplitList((*f)[6]),   SplitList((*f)[7])};
    }
};

std::vector<std::string> Facets(const PersonFacts& p) {
    std::vector<std::string> facets = {
        "sex/" + p.sex, "education/" + (p.education.empty() ? "unknown" : p.education),
        "status/" + (p.status.empty() ? "unsurveyed" : p.status), "birth_year/" + p.birth_year,
        "skill_level/" + (p.skill_level.empty() ? "unknown" : p.skill_level)};
    for (const auto& c : p.categories) facets.push_back("category/" + c);
    for (const auto& s : p.skills) facets.push_back("skill/" + s);
    return facets;
}

// One dated entry of a person's timeline, of a kind: a (added: facts), u (details: facts),
// s (surveyed: status), l (left), e (entered in error: never counted, whenever known).
struct Entry {
    std::int64_t day = 0;       // the business day it is dated
    std::int64_t recorded = 0;  // the day it was recorded
    char kind = 'a';
    std::string data;                  // facts, or a status
    std::optional<PersonFacts> facts;  // decoded from data for a and u
};

// A person's timeline, "t/<household>/<person>" → its entries in the order they were recorded,
// each "<day>␟<recorded day>␟<kind>␟<size of data>␟<data>".
using Timeline = std::vector<Entry>;

std::string EncodeTimeline(const Timeline& timeline) {
    std::string out;
    for (const Entry& e : timeline) {
        out += JoinFields({std::to_string(e.day), std::to_string(e.recorded),
                           std::string_view(&e.kind, 1), std::to_string(e.data.size())});
        out += e.data;
    }
    return out;
}

Timeline DecodeTimeline(std::string_view bytes) {
    Timeline timeline;
    while (!bytes.empty()) {
        auto f = SplitFields(bytes, 4);
        if (!f || (*f)[2].size() != 1) throw std::runtime_error("corrupt statistics timeline");
        Entry e{ParseInt((*f)[0]), ParseInt((*f)[1]), (*f)[2][0], {}, std::nullopt};
        bytes.remove_prefix(static_cast<std::size_t>((*f)[3].end() - bytes.begin()) + 1);
        const auto size = static_cast<std::size_t>(ParseInt((*f)[3]));
        if (size > bytes.size()) throw std::runtime_error("corrupt statistics timeline");
        e.data = std::string(bytes.substr(0, size));
        bytes.remove_prefix(size);
        if (e.kind == 'a' || e.kind == 'u') {
            e.facts = PersonFacts::Decode(e.data);
            if (!e.facts) throw std::runtime_error("corrupt statistics timeline");
        }
        timeline.push_back(std::move(e));
    }
    return timeline;
}

// The facets of a person on business day `valid_on` by the entries recorded by `known_by`
// (`timeline` in order of their dates, then of recording); none unless known to exist by then
// (added, or surveyed, on or before it) and not gone. Details take effect on their day; the
// facts added are the person's whatever the day asked, and the latest survey's status by then.
std::vector<std::string> FacetsOn(const std::vector<const Entry*>& timeline, std::int64_t valid_on,
                                  std::int64_t known_by) {
    const PersonFacts* facts = nullptr;
    std::string_view status;
    std::int64_t start = std::numeric_limits<std::int64_t>::max();
    for (const Entry* e : timeline) {
        if (e->kind == 'e') return {};  // never true, whenever it was known
        if (e->recorded > known_by) continue;
        if (e->kind != 'l') start = std::min(start, e->day);
        if (e->kind == 'a') {
            facts = &*e->facts;
        } else if (e->day > valid_on) {
            continue;
        } else if (e->kind == 'u' && facts) {
            facts = &*e->facts;
        } else if (e->kind == 's') {
            status = e->data;
        } else if (e->kind == 'l') {
            return {};
        }
    }
    if (!facts || start > valid_on) return {};
    PersonFacts on = *facts;
    on.status = std::string(status);
    return Facets(on);
}

// Adds `sign` times the steps of the person's facets as known by `known_by`, evaluated on
// `days` (ascending, every day an entry is dated: the facets change on no other).
void AddDatedSteps(DatedSteps& steps, const std::vector<const Entry*>& timeline,
                   const std::vector<std::int64_t>& days, std::int64_t known_by, int sign) {
    std::vector<std::string> before;
    for (const std::int64_t day : days) {
        std::vector<std::string> now = FacetsOn(timeline, day, known_by);
        if (now == before) continue;
        Tally& step = steps[day];
        for (const auto& facet : now) step[facet] += sign;
        for (const auto& facet : before) step[facet] -= sign;
        before = std::move(now);
    }
}

// The counts as recorded (now, and as of a past day) are steps too, under "n", all counting
// from one day (kAnyDay), so a past day's counts are a few dozen buckets, not a key per day.
constexpr std::int64_t kAnyDay = 0;

// What an event changes in the counts of a village and every region above it, gathered, then
// added as steps recorded on the event's day.
class VillageCounters {
  public:
    VillageCounters(const EventEnvelope& e, std::string village)
        : day_(domain::ChinaDay(e.recorded_at_us)), village_(std::move(village)) {}

    void Change(const std::string& facet, std::int64_t delta) { changes_[facet] += delta; }

    void Write(GatheredSteps& steps, StateWriter& state) const {
        steps.Add(state, village_, day_, kAnyDay, changes_);
    }

  private:
    std::int64_t day_;
    std::string village_;
    Tally changes_;
};

class LabourStats final : public Projection {
  public:
    std::string_view Name() const override { return kLabourStats; }
    // 5: updates count changed facets only; 6: each person's timeline by business date;
    // 7: entered in error marks the timeline instead of deleting it; 8: a region's counts
    // (and a day's changes) in one tally; 9: counts by business date as steps; 10: counts as
    // recorded as steps too
    std::uint32_t CodeVersion() const override { return 10; }

    // The steps of many events are written together.
    void WriteHeld(StateWriter& state) override {
        recorded_steps_.Write(state);
        dated_steps_.Write(state);
    }

    void Apply(const EventEnvelope& e, StateWriter& state) override {
        const auto of = HouseholdOf(e);
        if (!of) return;
        const std::string& household = *of;
        if (e.type == domain::HouseholdRegistered::kType) {
            state.Put("h/" + household, DecodeEvent<domain::HouseholdRegistered>(e).region);
        } else if (e.type == domain::MemberAdded::kType) {
            const auto& added = DecodeEvent<domain::MemberAdded>(e);
            auto village = state.Get("h/" + household);
            if (!village) throw std::runtime_error("member of unknown household " + household);
            PersonFacts p{*village,
                          added.sex,
                          added.education,
                          "",
                          added.birth_date.substr(0, 4),
                          added.skill_level,
                          added.categories,
                          added.skills};
            VillageCounters counters(e, p.village);
            Count(counters, p, +1);
            counters.Write(recorded_steps_, state);
            state.Put(PersonKey(household, added.person_id), p.Encode());
            Record(state, p.village, household, added.person_id,
                   {RecordedDay(e), RecordedDay(e), 'a', p.Encode(), p});
        } else if (e.type == domain::MemberUpdated::kType) {
            const auto& updated = DecodeEvent<domain::MemberUpdated>(e);
            const std::string key = PersonKey(household, updated.person_id);
            auto p = Load(state, key);
            if (!p) return;
            PersonFacts after = *p;
            after.education = updated.education;
            after.skill_level = updated.skill_level;
            after.skills = updated.skills;
            after.categories = updated.categories;
            VillageCounters counters(e, p->village);
            CountChanges(counters, *p, after);
            counters.Write(recorded_steps_, state);
            state.Put(key, after.Encode());
            Record(state, p->village, household, updated.person_id,
                   {RecordedDay(e), RecordedDay(e), 'u', after.Encode(), after});
        } else if (e.type == domain::MemberLeft::kType) {
            const auto& left = DecodeEvent<domain::MemberLeft>(e);
            const std::string key = PersonKey(household, left.person_id);
            if (auto p = Load(state, key)) {
                VillageCounters counters(e, p->village);
                Count(counters, *p, -1);
                counters.Write(recorded_steps_, state);
                Record(state, p->village, household, left.person_id,
                       {BusinessDay(left.date, e), RecordedDay(e), 'l', "", std::nullopt});
            }
            state.Delete(key);
        } else if (e.type == domain::MemberEnteredInError::kType) {
            // Never true: out of the present counts, and out of every day's by the mark that
            // ends their timeline.
            const std::string& person = DecodeEvent<domain::MemberEnteredInError>(e).person_id;
            const std::string key = PersonKey(household, person);
            if (auto p = Load(state, key)) {
                VillageCounters counters(e, p->village);
                Count(counters, *p, -1);
                counters.Write(recorded_steps_, state);
            }
            state.Delete(key);
            const std::string village = state.Get("h/" + household).value_or("");
            Record(state, village, household, person,
                   {RecordedDay(e), RecordedDay(e), 'e', "", std::nullopt});
        } else if (e.type == domain::VisitRecorded::kType) {
            const auto& visit = DecodeEvent<domain::VisitRecorded>(e);
            std::optional<VillageCounters> counters;  // the household's village: one for all
            for (const auto& line : visit.members) {
                const std::string key = PersonKey(household, line.person_id);
                auto p = Load(state, key);
                if (!p) continue;
                Record(
                    state, p->village, household, line.person_id,
                    {BusinessDay(visit.date, e), RecordedDay(e), 's', line.status, std::nullopt});
                if (p->status == line.status) continue;
                if (!counters) counters.emplace(e, p->village);
                counters->Change("status/" + (p->status.empty() ? "unsurveyed" : p->status), -1);
                p->status = line.status;
                counters->Change("status/" + p->status, +1);
                state.Put(key, p->Encode());
            }
            if (counters) counters->Write(recorded_steps_, state);
        }
    }

  private:
    GatheredSteps recorded_steps_{"n"};  // the counts by recording day
    GatheredSteps dated_steps_{"v"};     // the counts by business date

    static std::string PersonKey(const std::string& household, const std::string& person) {
        return "p/" + household + "/" + person;
    }

    static std::int64_t RecordedDay(const EventEnvelope& e) {
        return domain::ChinaDay(e.recorded_at_us);
    }
    // The day an entry is dated; its recorded day when the date does not parse.
    static std::int64_t BusinessDay(const std::string& date, const EventEnvelope& e) {
        auto day = domain::ParseDate(date, "date");
        return day.ok() ? *day : RecordedDay(e);
    }

    // Appends `entry` to the person's timeline and adds what it changes to the counts by
    // business date, as steps recorded on its day; an entry in error takes back, from the
    // buckets of their own days, the steps of every entry before it.
    void Record(StateWriter& state, const std::string& village, const std::string& household,
                const std::string& person, Entry entry) {
        const std::string key = "t/" + household + "/" + person;
        Timeline timeline = DecodeTimeline(state.Get(key).value_or(""));
        const char kind = entry.kind;
        const std::int64_t recorded = entry.recorded;
        timeline.push_back(std::move(entry));
        const auto before = InDateOrder(timeline, timeline.size() - 1);
        const auto days = DaysOf(timeline);
        constexpr std::int64_t kEveryDay = std::numeric_limits<std::int64_t>::max();
        if (kind != 'e') {
            DatedSteps steps;
            AddDatedSteps(steps, InDateOrder(timeline, timeline.size()), days, kEveryDay, +1);
            AddDatedSteps(steps, before, days, kEveryDay, -1);
            dated_steps_.Add(state, village, recorded, steps);
        } else {
            std::set<std::int64_t> recorded_days;
            for (const Entry* e : before) recorded_days.insert(e->recorded);
            std::optional<std::int64_t> previous;
            for (const std::int64_t day : recorded_days) {
                DatedSteps steps;
                AddDatedSteps(steps, before, days, day, -1);
                if (previous) AddDatedSteps(steps, before, days, *previous, +1);
                dated_steps_.Add(state, village, day, steps);
                previous = day;
            }
        }
        state.Put(key, EncodeTimeline(timeline));
    }

    // The first `count` entries of `timeline` in order of their dates, then of recording.
    static std::vector<const Entry*> InDateOrder(const Timeline& timeline, std::size_t count) {
        std::vector<const Entry*> ordered;
        for (std::size_t i = 0; i < count; ++i) ordered.push_back(&timeline[i]);
        std::stable_sort(ordered.begin(), ordered.end(),
                         [](const Entry* a, const Entry* b) { return a->day < b->day; });
        return ordered;
    }

    // Every day an entry of `timeline` is dated, ascending.
    static std::vector<std::int64_t> DaysOf(const Timeline& timeline) {
        std::set<std::int64_t> days;
        for (const Entry& e : timeline) days.insert(e.day);
        return {days.begin(), days.end()};
    }

    static std::optional<PersonFacts> Load(StateWriter& state, const std::string& key) {
        auto raw = state.Get(key);
        if (!raw) return std::nullopt;
        auto p = PersonFacts::Decode(*raw);
        if (!p) throw std::runtime_error("corrupt statistics entry " + key);
        return p;
    }

    static void Count(VillageCounters& counters, const PersonFacts& p, int sign) {
        for (const auto& facet : Facets(p)) counters.Change(facet, sign);
    }

    // Only the facets that differ: a new phone number touches no counter.
    static void CountChanges(VillageCounters& counters, const PersonFacts& before,
                             const PersonFacts& after) {
        const auto old_facets = Facets(before), new_facets = Facets(after);
        auto has = [](const std::vector<std::string>& in, const std::string& facet) {
            return std::find(in.begin(), in.end(), facet) != in.end();
        };
        for (const auto& f : old_facets) {
            if (!has(new_facets, f)) counters.Change(f, -1);
        }
        for (const auto& f : new_facets) {
            if (!has(old_facets, f)) counters.Change(f, +1);
        }
    }
};

std::string AgeBand(std::int64_t age) {
    if (age < 16) return "under_16";
    if (age < 25) return "16-24";
    if (age < 35) return "25-34";
    if (age < 45) return "35-44";
    if (age < 55) return "45-54";
    if (age < 60) return "55-59";
    return "60_and_over";
}

void AddFacet(LabourCounts& counts, std::string_view facet, std::int64_t n, std::int64_t year) {
    const std::size_t slash = facet.find('/');
    std::string dimension(facet.substr(0, slash));
    std::string value(facet.substr(slash + 1));
    if (dimension == "birth_year") {
        dimension = "age_band";
        value = AgeBand(year - ParseInt(value));
    }
    counts[dimension][value] += n;
}

// Adds a tally of facets to `counts`, birth years as age bands in `year`.
void AddTally(LabourCounts& counts, std::string_view tally, std::int64_t year) {
    const bool ok = ForEachInTally(
        tally, [&](std::string_view facet, std::int64_t n) { AddFacet(counts, facet, n, year); });
    if (!ok) throw std::runtime_error("corrupt statistics tally");
}

// What was recorded by the end of `as_of_day`: before the day after it; everything when absent
// or not before today.
std::optional<std::int64_t> RecordedBefore(std::optional<std::int64_t> as_of_day,
                                           std::int64_t today) {
    if (!as_of_day || *as_of_day >= today) return std::nullopt;
    return *as_of_day + 1;
}

LabourCounts WithoutZeros(LabourCounts counts) {
    for (auto& [dimension, values] : counts)
        std::erase_if(values, [](const auto& v) { return v.second == 0; });
    std::erase_if(counts, [](const auto& d) { return d.second.empty(); });
    return counts;
}

}  // namespace

std::unique_ptr<Projection> MakeLabourStatsProjection() { return std::make_unique<LabourStats>(); }

LabourCounts CountLabourForce(const StateView& stats, std::string_view region,
                              std::optional<std::int64_t> as_of_day, std::int64_t today) {
    LabourCounts counts;
    const std::int64_t year = domain::CivilFromDays(as_of_day.value_or(today)).year;
    ScanRecordedSteps(stats, "n", std::string(region), kAnyDay, RecordedBefore(as_of_day, today),
                      [&](std::string_view tally) { AddTally(counts, tally, year); });
    return WithoutZeros(std::move(counts));
}

LabourCounts CountLabourForceValidOn(const StateView& stats, std::string_view region,
                                     std::int64_t valid_on, std::optional<std::int64_t> as_of_day,
                                     std::int64_t today) {
    LabourCounts counts;
    const std::int64_t year = domain::CivilFromDays(valid_on).year;
    ScanRecordedSteps(stats, "v", std::string(region), valid_on, RecordedBefore(as_of_day, today),
                      [&](std::string_view tally) { AddTally(counts, tally, year); });
    return WithoutZeros(std::move(counts));
}

}  // namespace xfl::projections
