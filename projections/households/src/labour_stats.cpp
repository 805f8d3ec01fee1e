#include "xfl/projections/households/labour_stats.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "household_of.hpp"
#include "xfl/domain/households/household.hpp"
#include "xfl/domain/kernel/region_code.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/projections/core/decode_event.hpp"
#include "xfl/projections/core/delimited.hpp"
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

constexpr std::int64_t kAfterEveryDay = 99999999;

std::string TimelinePrefix(std::string_view village, std::string_view household,
                           std::string_view person) {
    return "tl/" + std::string(village) + "/" + std::string(household) + "/" + std::string(person) +
           "/";
}

// The tallies of a village and every region above it, as an event recorded on a day changes
// them: the present "n/<region>" and that day's change "d/<region>/<day>", each counting every
// facet, with 12-digit region codes. The keys are made once per event, not once per facet.
class VillageCounters {
  public:
    VillageCounters(StateWriter& state, const EventEnvelope& e, std::string_view village)
        : state_(state) {
        char day[16];
        std::snprintf(day, sizeof day, "%08lld",
                      static_cast<long long>(domain::ChinaDay(e.recorded_at_us)));
        for (auto region = domain::RegionCode::Parse(village); region.ok();) {
            keys_.push_back("n/" + region->str());
            keys_.push_back("d/" + region->str() + "/" + day);
            auto parent = region->Parent();
            if (!parent) break;
            region = *parent;
        }
    }

    void Change(std::string_view facet, std::int64_t delta) {
        for (const std::string& key : keys_) state_.AddToTally(key, facet, delta);
    }

  private:
    StateWriter& state_;
    std::vector<std::string> keys_;
};

class LabourStats final : public Projection {
  public:
    std::string_view Name() const override { return kLabourStats; }
    // 5: updates count changed facets only; 6: each person's timeline by business date;
    // 7: entered in error marks the timeline instead of deleting it; 8: a region's counts
    // (and a day's changes) in one tally
    std::uint32_t CodeVersion() const override { return 8; }

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
            VillageCounters counters(state, e, p.village);
            Count(counters, p, +1);
            state.Put(PersonKey(household, added.person_id), p.Encode());
            Record(state, e, p.village, household, added.person_id, RecordedDay(e),
                   "a" + p.Encode());
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
            VillageCounters counters(state, e, p->village);
            CountChanges(counters, *p, after);
            state.Put(key, after.Encode());
            Record(state, e, p->village, household, updated.person_id, RecordedDay(e),
                   "u" + after.Encode());
        } else if (e.type == domain::MemberLeft::kType) {
            const auto& left = DecodeEvent<domain::MemberLeft>(e);
            const std::string key = PersonKey(household, left.person_id);
            if (auto p = Load(state, key)) {
                VillageCounters counters(state, e, p->village);
                Count(counters, *p, -1);
                Record(state, e, p->village, household, left.person_id, BusinessDay(left.date, e),
                       "l");
            }
            state.Delete(key);
        } else if (e.type == domain::MemberEnteredInError::kType) {
            // Never true: out of the present counts, and out of every day's by the mark that
            // ends their timeline.
            const std::string& person = DecodeEvent<domain::MemberEnteredInError>(e).person_id;
            const std::string key = PersonKey(household, person);
            if (auto p = Load(state, key)) {
                VillageCounters counters(state, e, p->village);
                Count(counters, *p, -1);
            }
            state.Delete(key);
            const std::string village = state.Get("h/" + household).value_or("");
            Record(state, e, village, household, person, kAfterEveryDay, "e");
        } else if (e.type == domain::VisitRecorded::kType) {
            const auto& visit = DecodeEvent<domain::VisitRecorded>(e);
            std::optional<VillageCounters> counters;  // the household's village: one for all
            for (const auto& line : visit.members) {
                const std::string key = PersonKey(household, line.person_id);
                auto p = Load(state, key);
                if (!p) continue;
                Record(state, e, p->village, household, line.person_id, BusinessDay(visit.date, e),
                       "s" + line.status);
                if (p->status == line.status) continue;
                if (!counters) counters.emplace(state, e, p->village);
                counters->Change("status/" + (p->status.empty() ? "unsurveyed" : p->status), -1);
                p->status = line.status;
                counters->Change("status/" + p->status, +1);
                state.Put(key, p->Encode());
            }
        }
    }

  private:
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

    // One entry of a person's timeline: "tl/<village>/<household>/<person>/<business day>/
    // <version>" → "<recorded day><kind><data>", kinds a (added: facts), u (details: facts),
    // s (surveyed: status), l (left), e (entered in error: never counted, dated after every day).
    static void Record(StateWriter& state, const EventEnvelope& e, const std::string& village,
                       const std::string& household, const std::string& person,
                       std::int64_t business_day, const std::string& entry) {
        char suffix[48];
        std::snprintf(suffix, sizeof suffix, "%08lld/%020llu", static_cast<long long>(business_day),
                      static_cast<unsigned long long>(e.version.value));
        char recorded[16];
        std::snprintf(recorded, sizeof recorded, "%08lld", static_cast<long long>(RecordedDay(e)));
        state.Put(TimelinePrefix(village, household, person) + suffix, recorded + entry);
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

// A person on a business day, folded from their timeline's entries known by a recorded day.
class PersonOnDay {
  public:
    // `entry`: "<recorded day><kind><data>" of an entry dated `day`, in timeline order.
    void Add(std::int64_t day, std::string_view entry, std::int64_t valid_on,
             std::int64_t known_by) {
        if (entry.size() >= 9 && entry[8] == 'e') {  // whenever it was known: never true
            erased_ = true;
            return;
        }
        if (entry.size() < 9 || ParseInt(entry.substr(0, 8)) > known_by) return;
        const char kind = entry[8];
        const std::string_view data = entry.substr(9);
        if (kind != 'l') start_ = std::min(start_, day);
        if (kind == 'a') {
            facts_ = PersonFacts::Decode(data);
            if (!facts_) throw std::runtime_error("corrupt statistics timeline");
            facts_->status = status_;
        } else if (day > valid_on) {
            return;
        } else if (kind == 'u' && facts_) {
            auto details = PersonFacts::Decode(data);
            if (!details) throw std::runtime_error("corrupt statistics timeline");
            details->status = facts_->status;
            facts_ = std::move(details);
        } else if (kind == 's') {
            status_ = std::string(data);
            if (facts_) facts_->status = status_;
        } else if (kind == 'l') {
            gone_ = true;
        }
    }
    // The person's facts on `valid_on`: known to exist by then (added, or surveyed, on or
    // before it) and not gone.
    const PersonFacts* On(std::int64_t valid_on) const {
        return facts_ && start_ <= valid_on && !gone_ && !erased_ ? &*facts_ : nullptr;
    }

  private:
    std::optional<PersonFacts> facts_;
    std::string status_;  // the latest survey's, kept for the facts that may come after it
    std::int64_t start_ = std::numeric_limits<std::int64_t>::max();
    bool gone_ = false;
    bool erased_ = false;
};

}  // namespace

std::unique_ptr<Projection> MakeLabourStatsProjection() { return std::make_unique<LabourStats>(); }

LabourCounts CountLabourForce(const StateView& stats, std::string_view region,
                              std::optional<std::int64_t> as_of_day, std::int64_t today) {
    LabourCounts counts;
    const std::int64_t year = domain::CivilFromDays(as_of_day.value_or(today)).year;
    auto add = [&](const std::string& key, std::string_view tally) {
        const bool ok = ForEachInTally(tally, [&](std::string_view facet, std::int64_t n) {
            AddFacet(counts, facet, n, year);
        });
        if (!ok) throw std::runtime_error("corrupt statistics tally " + key);
    };
    if (!as_of_day) {
        const std::string key = "n/" + std::string(region);
        if (auto tally = stats.Get(key)) add(key, *tally);
    } else {
        char last[16];
        std::snprintf(last, sizeof last, "%08lld", static_cast<long long>(*as_of_day));
        stats.Scan("d/" + std::string(region) + "/",
                   [&](std::string_view key, std::string_view value) {
                       if (key.substr(2 + 12 + 1) > std::string_view(last)) return false;
                       add(std::string(key), value);
                       return true;
                   });
    }
    for (auto& [dimension, values] : counts)
        std::erase_if(values, [](const auto& v) { return v.second == 0; });
    std::erase_if(counts, [](const auto& d) { return d.second.empty(); });
    return counts;
}

LabourCounts CountLabourForceValidOn(const StateView& stats, std::string_view region_prefix,
                                     std::int64_t valid_on, std::optional<std::int64_t> as_of_day,
                                     std::int64_t today) {
    LabourCounts counts;
    const std::int64_t year = domain::CivilFromDays(valid_on).year;
    const std::int64_t known_by = as_of_day.value_or(today);
    std::string person;  // "<village>/<household>/<person>/" of the entries being folded
    PersonOnDay folded;
    auto count = [&] {
        if (const PersonFacts* p = folded.On(valid_on)) {
            for (const auto& facet : Facets(*p)) AddFacet(counts, facet, 1, year);
        }
    };
    stats.Scan("tl/" + std::string(region_prefix),
               [&](std::string_view key, std::string_view value) {
                   // key: tl/<village>/<household>/<person>/<day>/<version>
                   const std::size_t version_at = key.rfind('/');
                   const std::size_t day_at = key.rfind('/', version_at - 1);
                   const std::string_view owner = key.substr(3, day_at + 1 - 3);
                   if (owner != person) {
                       count();
                       person = owner;
                       folded = PersonOnDay();
                   }
                   folded.Add(ParseInt(key.substr(day_at + 1, 8)), value, valid_on, known_by);
                   return true;
               });
    count();
    for (auto& [dimension, values] : counts)
        std::erase_if(values, [](const auto& v) { return v.second == 0; });
    return counts;
}

}  // namespace xfl::projections
