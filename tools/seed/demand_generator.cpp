#include "demand_generator.hpp"

#include <fmt/core.h>

#include <random>
#include <stdexcept>
#include <tuple>

#include "seed_support.hpp"
#include "xfl/domain/employment/credit_code.hpp"
#include "xfl/domain/employment/trade.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/eventstore/new_event.hpp"

namespace xfl::tools {
namespace {

// A trade, its work season (months, 1-12; a season over the new year ends in the next) and
// term: Baoshan's crops and labour brands.
struct TradeSeason {
    const char* trade;
    unsigned from_month, to_month;
    const char* term;
    const char* title;
    std::int64_t wage_fen;
    const char* unit;
};
const TradeSeason kSeasons[] = {
    {"coffee", 10, 1, "seasonal", "咖啡采摘工", 12000, "day"},
    {"tobacco", 7, 9, "seasonal", "烤烟采收工", 13000, "day"},
    {"tea", 3, 5, "seasonal", "采茶工", 11000, "day"},
    {"fruit", 6, 9, "seasonal", "水果采摘工", 11000, "day"},
    {"vegetables", 1, 12, "seasonal", "蔬菜种植工", 10000, "day"},
    {"sugarcane", 11, 3, "seasonal", "甘蔗砍收工", 14000, "day"},
    {"dendrobium", 4, 6, "seasonal", "石斛加工工", 12000, "day"},
    {"construction", 1, 12, "long_term", "建筑工", 550000, "month"},
    {"elderly_care", 1, 12, "long_term", "养老护理员", 380000, "month"},
    {"jade_carving", 1, 12, "long_term", "玉雕学徒", 320000, "month"},
    {"ecommerce", 1, 12, "long_term", "电商客服", 350000, "month"},
    {"logistics", 1, 12, "gig", "快递分拣员", 2000, "hour"},
    {"catering", 1, 12, "gig", "餐饮服务员", 1800, "hour"},
};
const char* const kKinds[] = {
    "company", "company", "cooperative", "farm", "individual_business", "labour_platform"};
const char* const kNames[] = {"咖啡专业合作社",   "农业开发有限公司", "建筑工程有限公司",
                              "劳务服务有限公司", "茶叶种植基地",     "养老服务中心",
                              "电子商务有限公司"};
const char* const kServices[] = {"policy_startup_loans", "policy_training_subsidy",
                                 "policy_social_insurance_subsidy", "vacancy_collection",
                                 "recruitment_fair_invitation"};
constexpr std::string_view kCodeCharacters = "0123456789ABCDEFGHJKLMNPQRTUWXY";

// The work period of a posting of `s` opened on `start`: the season under way or last begun
// (from `start` at the earliest); a gig posting for a month; a long-term one without an end.
std::pair<std::int64_t, std::int64_t> SeasonAround(const TradeSeason& s, std::int64_t start) {
    if (std::string_view(s.term) == "long_term") return {start, 0};
    if (std::string_view(s.term) == "gig") return {start, start + 30};
    const auto civil = domain::CivilFromDays(start);
    auto season = [&](std::int64_t year) {
        const std::int64_t from = domain::DaysFromCivil(year, s.from_month, 1);
        const std::int64_t to_year = s.to_month >= s.from_month ? year : year + 1;
        // The last day of to_month: the day before the first of the next month.
        const std::int64_t to = s.to_month == 12
                                    ? domain::DaysFromCivil(to_year, 12, 31)
                                    : domain::DaysFromCivil(to_year, s.to_month + 1, 1) - 1;
        return std::make_pair(from, to);
    };
    auto [from, to] = season(civil.year - 1);
    if (to < start) std::tie(from, to) = season(civil.year);
    if (to < start) std::tie(from, to) = season(civil.year + 1);
    return {std::max(from, start), to};
}

}  // namespace

DemandGenerator::DemandGenerator(std::uint64_t seed, std::vector<domain::RegionCode> villages,
                                 std::int64_t today)
    : seed_(seed),
      villages_(std::move(villages)),
      today_(today),
      trades_(domain::BuiltInTrades()) {}

std::string DemandGenerator::EmployerId(std::uint64_t index) const {
    auto rng = Rng(seed_, 1, index);
    const auto& village = villages_[rng() % villages_.size()];
    std::string first17 = "91" + village.str().substr(0, 6);
    for (int i = 0; i < 9; ++i) first17 += kCodeCharacters[rng() % kCodeCharacters.size()];
    return first17 + domain::CreditCode::CheckCharacter(first17);
}

domain::EmployerRegistered DemandGenerator::Registration(std::uint64_t index) const {
    auto rng = Rng(seed_, 1, index);
    const auto& village = villages_[rng() % villages_.size()];
    const std::string id = EmployerId(index);
    (void)rng();  // the draws EmployerId made for the code
    const std::string township = village.Parent()->str();
    const char* kind = kKinds[rng() % std::size(kKinds)];
    return {id,       fmt::format("保山{}{}", index, kNames[rng() % std::size(kNames)]),
            kind,     std::string_view(kind) == "labour_platform" ? "L72" : "A01",
            township, fmt::format("{}号", 1 + rng() % 300),
            "联系人", fmt::format("138{:08d}", rng() % 100000000)};
}

SeedStream DemandGenerator::Employer(std::uint64_t index) {
    // The draws Registration makes, then the visits'.
    auto rng = Rng(seed_, 1, index);
    for (int draws = 0; draws < 6; ++draws) (void)rng();
    const domain::EmployerRegistered e = Registration(index);
    const std::string& id = e.employer_id;
    domain::EmployerState state;
    auto registered = Must(domain::DecideRegisterEmployer(state, e));
    for (const auto& ev : registered) state = domain::Evolve(std::move(state), ev);
    SeedStream out{domain::EmployerStreamId(id),
                   {eventstore::MakeEvents(registered, Micros(today_ - 365))}};
    const int visits = 1 + static_cast<int>(rng() % 3);
    for (int v = 0; v < visits; ++v) {
        const std::int64_t day = today_ - 300 + v * 90 + static_cast<std::int64_t>(rng() % 60);
        domain::EmployerVisited visit;
        visit.visit_id = fmt::format("sev{}-{}", index, v);
        visit.date = domain::FormatDate(day);
        visit.visitor = "seed";
        visit.services = {kServices[rng() % std::size(kServices)], "vacancy_collection"};
        if (visit.services[0] == visit.services[1]) visit.services.pop_back();
        const TradeSeason& s = kSeasons[rng() % std::size(kSeasons)];
        domain::Vacancy vacancy{s.trade, "", 1 + static_cast<std::int64_t>(rng() % 20), {}};
        if (rng() % 3 == 0) {  // the visit opens a posting from the vacancy
            const auto [from, to] = SeasonAround(s, day);
            vacancy.posting = {fmt::format("svp{}-{}", index, v),
                               id,
                               e.name,
                               s.title,
                               s.trade,
                               "none",
                               e.region,
                               s.unit,
                               domain::FormatDate(from),
                               to ? domain::FormatDate(to) : "",
                               s.term,
                               "employer_visit",
                               visit.visit_id,
                               vacancy.headcount,
                               s.wage_fen,
                               {"meals"}};
        }
        visit.vacancies.push_back(std::move(vacancy));
        auto recorded = Must(domain::DecideRecordEmployerVisit(
            state, visit, day, [&](std::string_view t) { return trades_.Knows(t); }));
        for (const auto& ev : recorded) state = domain::Evolve(std::move(state), ev);
        out.commits.push_back(eventstore::MakeEvents(recorded, Micros(day)));
    }
    return out;
}

SeedStream DemandGenerator::Posting(std::uint64_t index, std::uint64_t employers) {
    auto rng = Rng(seed_, 2, index);
    const std::uint64_t employer = rng() % employers;
    auto employer_rng = Rng(seed_, 1, employer);
    const auto& village = villages_[employer_rng() % villages_.size()];
    const TradeSeason& s = kSeasons[rng() % std::size(kSeasons)];
    // Opened on a day of the past year (or the coming month), for the season about then.
    const std::int64_t opened = today_ - 330 + static_cast<std::int64_t>(rng() % 360);
    const auto [from, to] = SeasonAround(s, opened);
    domain::PostingOpened p{fmt::format("sp{:07d}", index),
                            EmployerId(employer),
                            fmt::format("保山{}", employer),
                            s.title,
                            s.trade,
                            rng() % 4 == 0 ? "junior" : "none",
                            rng() % 2 == 0 ? village.str() : village.Parent()->str(),
                            s.unit,
                            domain::FormatDate(from),
                            to ? domain::FormatDate(to) : "",
                            s.term,
                            rng() % 5 == 0 ? "labour_platform" : "employer_request",
                            "",
                            1 + static_cast<std::int64_t>(rng() % 30),
                            s.wage_fen + static_cast<std::int64_t>(rng() % 5) * 500,
                            {"meals", "lodging"}};
    auto decided = Must(domain::DecideOpenPosting(
        {}, p, std::min(opened, today_), [&](std::string_view t) { return trades_.Knows(t); }));
    return {domain::PostingStreamId(p.posting_id),
            {eventstore::MakeEvents(decided, Micros(std::min(opened, today_)))}};
}

}  // namespace xfl::tools
