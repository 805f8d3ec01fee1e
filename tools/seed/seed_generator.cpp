#include "seed_generator.hpp"

#include <fmt/core.h>

#include <stdexcept>

#include "xfl/api/core/csv.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/eventstore/new_event.hpp"

namespace xfl::tools {
namespace {

using domain::HouseholdEvent;

const char* const kSurnames[] = {"杨", "李", "张", "赵", "王", "段",
                                 "董", "杜", "尹", "刘", "蒋", "罗"};
const char* const kGiven[] = {"建华", "秀英", "国荣", "丽娟", "志强",
                              "春梅", "永福", "玉兰", "文斌", "海燕"};
const char* const kEducation[] = {
    "primary", "junior_secondary", "junior_secondary", "senior_secondary", "vocational", "college",
    "none"};
const char* const kSkills[] = {"电工:初级", "焊工:中级",   "厨师:初级",
                               "家政:初级", "驾驶员:中级", "种植:初级"};

std::int64_t Micros(std::int64_t day) { return (day * 86400 - 8 * 3600) * 1'000'000; }

std::vector<HouseholdEvent> Must(Result<std::vector<HouseholdEvent>> r) {
    if (!r.ok()) throw std::runtime_error("seed data broke a rule: " + r.error().message);
    return std::move(r).value();
}
domain::HouseholdState Apply(domain::HouseholdState s, const std::vector<HouseholdEvent>& es) {
    for (const auto& e : es) s = domain::Evolve(std::move(s), e);
    return s;
}

}  // namespace

Generator::Generator(std::uint64_t seed, std::vector<domain::RegionCode> villages,
                     std::int64_t today)
    : seed_(seed), villages_(std::move(villages)), today_(today) {}

SeedHousehold Generator::Make(std::uint64_t index) {
    std::mt19937_64 rng(seed_ * 0x9E3779B97F4A7C15ULL + index);
    const auto& village = villages_[rng() % villages_.size()];
    char id[16];
    std::snprintf(id, sizeof id, "s%07llu", static_cast<unsigned long long>(index));
    domain::HouseholdState state;
    std::vector<HouseholdEvent> first = Must(domain::DecideRegisterHousehold(
        state, id, village, fmt::format("{}组{}号", 1 + rng() % 12, 1 + rng() % 80)));
    state = Apply(std::move(state), first);
    const int members = 1 + static_cast<int>(rng() % 6);
    for (int k = 0; k < members; ++k) {
        auto added = Must(
            domain::DecideAddMember(state, Person(rng, village, id, k), false, today_, policy_));
        state = Apply(std::move(state), added);
        first.insert(first.end(), added.begin(), added.end());
    }
    SeedHousehold out{domain::HouseholdStreamId(id), {}};
    out.commits.push_back(eventstore::MakeEvents(first, Micros(today_ - 365)));
    // A year of visits; in about one household of twenty every seeker is out of work.
    const bool jobless = rng() % 20 == 0;
    for (int v = 0, visits = 1 + static_cast<int>(rng() % 3); v < visits; ++v) {
        const std::int64_t day = today_ - 360 + (v + 1) * 360 / (visits + 1);
        auto recorded = Must(
            domain::DecideRecordVisit(state, Visit(rng, state, day, jobless, v), today_, policy_));
        state = Apply(std::move(state), recorded);
        out.commits.push_back(eventstore::MakeEvents(recorded, Micros(day)));
    }
    return out;
}

domain::MemberAdded Generator::Person(std::mt19937_64& rng, const domain::RegionCode& village,
                                      const std::string& household, int k) {
    const bool male = rng() % 2 == 0;
    const int age = k == 0 ? 25 + static_cast<int>(rng() % 45) : static_cast<int>(rng() % 80);
    std::int64_t birth = today_ - age * 365 - static_cast<std::int64_t>(rng() % 365);
    std::string id;
    for (int tries = 0;; ++tries, --birth) {  // an earlier day of birth when an ID is taken
        const std::string date = domain::FormatDate(birth);
        std::string first17 = village.str().substr(0, 6) + date.substr(0, 4) + date.substr(5, 2) +
                              date.substr(8, 2) + fmt::format("{:02}", rng() % 100) +
                              (male ? "1" : "2");
        id = first17 + domain::ResidentIdCheckCharacter(first17);
        if (issued_.insert(id).second) break;
    }
    ++people_;
    domain::MemberAdded m;
    m.person_id = fmt::format("{}-{}", household, k + 1);
    m.name =
        std::string(kSurnames[rng() % std::size(kSurnames)]) + kGiven[rng() % std::size(kGiven)];
    m.resident_id = id;
    m.sex = male ? "male" : "female";
    m.birth_date = domain::FormatDate(birth);
    m.education = kEducation[rng() % std::size(kEducation)];
    const int years = domain::AgeInYears(birth, today_);
    const bool working_age = years >= 16 && years <= 60;
    m.labour_capacity = working_age && rng() % 10 != 0;
    m.wants_work = m.labour_capacity && rng() % 5 != 0;
    if (working_age) m.categories.push_back(rng() % 10 < 7 ? "rural_labour" : "urban_labour");
    if (rng() % 7 == 0) m.categories.push_back("poverty_alleviated");
    if (working_age && rng() % 30 == 0) m.categories.push_back("hard_to_employ");
    if (rng() % 3 == 0) {
        m.skills.push_back(kSkills[rng() % std::size(kSkills)]);
        // Most skills are uncertified; certificates are mostly at the lower levels.
        static constexpr const char* kLevels[] = {"none",   "none",         "none",   "junior",
                                                  "junior", "intermediate", "senior", "technician"};
        m.skill_level = kLevels[rng() % std::size(kLevels)];
    }
    return m;
}

domain::VisitRecorded Generator::Visit(std::mt19937_64& rng, const domain::HouseholdState& s,
                                       std::int64_t day, bool jobless, int v) {
    domain::VisitRecorded visit;
    visit.visit_id = fmt::format("{}-v{}", s.id, v + 1);
    visit.date = domain::FormatDate(day);
    visit.visitor = "seed";
    for (const auto& m : s.members) {
        if (m.birth_day > day) continue;  // born since: not in this visit
        domain::VisitLine line;
        line.person_id = m.record.person_id;
        const int age = domain::AgeInYears(m.birth_day, day);
        static const char* const kWork[] = {"employed_away", "employed_away", "employed_local",
                                            "flexible", "unemployed"};
        if (age < 16) {
            line.status = "student";
        } else if (!m.record.labour_capacity || age > 60) {
            line.status = "not_in_labour_force";
        } else {
            line.status = jobless && m.record.wants_work ? "unemployed" : kWork[rng() % 5];
        }
        line.wants_job = line.status == "unemployed";
        line.monthly_income_fen = domain::IsEmployedStatus(line.status)
                                      ? 150000 + static_cast<std::int64_t>(rng() % 500000)
                                      : 0;
        visit.members.push_back(line);
    }
    return visit;
}

namespace {

std::string JoinedList(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ";") + item;
    return out;
}

}  // namespace

std::string LedgerHeader() {
    return "household,region,address,name,resident_id,sex,birth_date,phone,education,skills,"
           "skill_level,labour_capacity,wants_work,categories,status,monthly_income_yuan,"
           "survey_date\r\n";
}

Result<std::string> LedgerRows(const SeedHousehold& household) {
    domain::HouseholdState state;
    std::string surveyed;
    for (const auto& commit : household.commits) {
        for (const auto& e : commit) {
            if (e.type == domain::VisitRecorded::kType) {
                auto visit = domain::FromJsonPayload<domain::VisitRecorded>(e.payload);
                if (!visit.ok()) return std::move(visit).error();
                surveyed = visit->date;
            }
            if (Status s =
                    domain::ApplyHouseholdEvent(state, {e.type, e.payload, e.schema_version});
                !s.ok()) {
                return std::move(s).error();
            }
        }
    }
    std::string rows;
    for (const auto& m : state.members) {
        if (!m.active) continue;
        const auto& r = m.record;
        rows += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}.{:02},{}\r\n",
                            state.id, state.region, api::CsvText(state.address),
                            api::CsvText(r.name), r.resident_id, r.sex, r.birth_date, r.phone,
                            r.education, api::CsvText(JoinedList(r.skills)), r.skill_level,
                            r.labour_capacity ? "yes" : "no", r.wants_work ? "yes" : "no",
                            JoinedList(r.categories), m.status, m.monthly_income_fen / 100,
                            m.monthly_income_fen % 100, m.status.empty() ? "" : surveyed);
    }
    return rows;
}

}  // namespace xfl::tools
