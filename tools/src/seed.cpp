// `xingfuli seed`: deterministic synthetic households over the real Baoshan villages, made by the
// same domain decisions as the API (so flags and clearings arise as they would in real use).
#include <fmt/core.h>

#include <atomic>
#include <fstream>
#include <memory>
#include <random>
#include <unordered_set>

#include "commands.hpp"
#include "demand_generator.hpp"
#include "dispute_generator.hpp"
#include "node.hpp"
#include "progress.hpp"
#include "seed_generator.hpp"
#include "xfl/api/api.hpp"
#include "xfl/api/calendar/calendar.hpp"
#include "xfl/api/employment/employment.hpp"
#include "xfl/api/geography/geography.hpp"
#include "xfl/domain/households/household.hpp"
#include "xfl/domain/households/placement.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/eventstore/append_pipeline.hpp"
#include "xfl/eventstore/new_event.hpp"

namespace xfl::tools {
namespace {

std::int64_t Today() {
    return domain::ChinaDay(std::chrono::duration_cast<std::chrono::microseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count());
}

// The households as a caseworker's ledger would list them: one row per member as the last
// survey found them (the columns of README "Bulk import").
int WriteLedger(const SeedOptions& options) {
    std::ofstream out(*options.ledger, std::ios::trunc);
    if (!out) {
        fmt::print(stderr, "xingfuli seed: cannot write {}\n", options.ledger->string());
        return 1;
    }
    out << LedgerHeader();
    Generator generator(options.seed, api::BuiltInVillages(), Today());
    Progress progress("writing ledger rows", options.households);
    for (std::uint64_t i = 0; i < options.households; ++i) {
        auto rows = LedgerRows(generator.Make(i));
        if (!rows.ok()) {
            fmt::print(stderr, "xingfuli seed: {}\n", rows.error().message);
            return 1;
        }
        out << *rows;
        progress.Update(i);
    }
    fmt::print("wrote {} households, {} people to {}\n", options.households, generator.people(),
               options.ledger->string());
    return out.good() ? 0 : 1;
}

// Appends each stream's commits in order, streams side by side; returns how many commits.
Result<std::uint64_t> AppendStreams(eventstore::EventLog& log, int threads, std::uint64_t count,
                                    const char* what,
                                    const std::function<SeedStream(std::uint64_t)>& make) {
    eventstore::AppendPipeline appends(static_cast<std::size_t>(threads), 4096);
    std::atomic<std::uint64_t> commits{0}, done{0};
    Progress progress(what, count);
    for (std::uint64_t i = 0; i < count; ++i) {
        auto s = std::make_shared<SeedStream>(make(i));
        Status submitted = appends.Submit(s->stream, [&, s]() -> Status {
            for (std::size_t c = 0; c < s->commits.size(); ++c) {
                auto r = log.Append({s->stream,
                                     eventstore::ExpectedVersion::Any(),
                                     std::move(s->commits[c]),
                                     fmt::format("seed:{}:{}", s->stream, c),
                                     {"seed", "admin", "530500000000"}});
                if (!r.ok()) return std::move(r).error();
                ++commits;
            }
            ++done;
            return {};
        });
        if (!submitted.ok()) break;  // Finish reports it
        progress.Update(done);
    }
    if (Status s = appends.Finish(); !s.ok()) return std::move(s).error();
    return commits.load();
}

Status CatchUp(Node& node) {
    Progress progress("read models catching up", node.log->Head().value);
    while (!node.runner->WaitFor(node.log->Head(), std::chrono::milliseconds(200))) {
        if (node.runner->Failure()) return *node.runner->Failure();
        progress.Update(node.runner->Position().value);
    }
    return {};
}

// Seats for seeded people: a household of the seed with an unemployed member of working age,
// a posting open on a day both allow. Each seat carries the placement, as a request's does;
// the follow-up step records it in the household, through the command path.
Result<std::uint64_t> SeedPlacements(api::Services& services, const SeedOptions& options,
                                     std::int64_t today) {
    std::mt19937_64 rng(options.seed * 7919 + 3);
    const domain::ZeroEmploymentPolicy policy;
    std::uint64_t seats = 0;
    Progress progress("taking seats", options.placements);
    for (std::uint64_t attempt = 0; seats < options.placements && attempt < options.placements * 20;
         ++attempt) {
        const std::string household = fmt::format("s{:07d}", rng() % options.households);
        const std::string posting = fmt::format("sp{:07d}", rng() % options.postings);
        auto h_events = services.Stream(domain::HouseholdStreamId(household));
        auto p_events = services.Stream(domain::PostingStreamId(posting));
        if (!h_events.ok() || !p_events.ok()) continue;
        auto h = api::LoadFrom<domain::HouseholdState>(*h_events, domain::ApplyHouseholdEvent);
        auto p = api::LoadFrom<domain::PostingState>(*p_events, domain::ApplyPostingEvent);
        if (!h.ok() || !p.ok() || !p->state.exists) continue;
        const auto start = domain::ParseDate(p->state.record.start_date, "start");
        if (!start.ok() || *start > today) continue;
        for (const domain::Member& m : h->state.members) {
            if (!m.active || m.status != "unemployed") continue;
            domain::PlacementStarted placement;
            placement.placement_id = fmt::format("spl{:07d}", seats);
            placement.person_id = m.record.person_id;
            placement.kind = "posting";
            placement.posting_id = posting;
            placement.employer_id = p->state.record.employer_id;
            placement.employer_name = p->state.record.employer_name;
            placement.trade = p->state.record.trade;
            placement.schedule = domain::ScheduleOfTerm(p->state.record.term);
            placement.wage_fen = p->state.record.wage_fen;
            placement.wage_unit = p->state.record.wage_unit;
            placement.planned_end_date = p->state.record.end_date;
            placement.contract_signed = rng() % 4 != 0;
            placement.work_injury_insurance = rng() % 3 != 0;
            placement.start_date =
                domain::FormatDate(std::max(*start, today - static_cast<std::int64_t>(rng() % 60)));
            if (!domain::DecideStartPlacement(h->state, placement, today, policy).ok()) continue;
            auto seat =
                domain::DecideFillSeat(p->state,
                                       {placement.placement_id, household, m.record.person_id,
                                        placement.start_date, domain::ToJsonPayload(placement)},
                                       today);
            if (!seat.ok()) break;
            auto appended = services.log.Append({domain::PostingStreamId(posting),
                                                 p->Expected(),
                                                 eventstore::MakeEvents(*seat, api::NowMicros()),
                                                 "seed:" + placement.placement_id,
                                                 {"seed", "admin", "530500000000"}});
            if (!appended.ok()) return std::move(appended).error();
            ++seats;
            progress.Update(seats);
            break;
        }
    }
    return seats;
}

// Disputes: each of a seeded household's first member against a seeded employer.
Result<std::uint64_t> SeedDisputes(Node& node, api::Services& services, const SeedOptions& options,
                                   std::int64_t today) {
    XFL_TRY(calendar, api::LoadWorkingDays(services));
    DemandGenerator demand(options.seed, api::BuiltInVillages(), today);
    std::mt19937_64 rng(options.seed * 104729 + 11);
    return AppendStreams(
        *node.log, options.threads, options.disputes, "seeding disputes",
        [&](std::uint64_t i) -> SeedStream {
            const std::string household = fmt::format("s{:07d}", rng() % options.households);
            auto events = services.Stream(domain::HouseholdStreamId(household));
            SeedClaimant claimant;
            if (events.ok()) {
                auto h =
                    api::LoadFrom<domain::HouseholdState>(*events, domain::ApplyHouseholdEvent);
                if (h.ok() && !h->state.members.empty()) {
                    const auto& m = h->state.members.front().record;
                    claimant = {m.name, m.resident_id, m.person_id, household, h->state.region};
                }
            }
            // Households are seeded before disputes in the same run.
            if (claimant.village.empty())
                throw std::logic_error("no seeded household " + household);
            return MakeDispute(options.seed, i, claimant,
                               demand.Registration(rng() % options.employers), *calendar, today);
        });
}

// The demand side: employers and their visits, postings, seats taken; then the follow-up step
// opens the postings the visits opened and records the placements in the households.
int SeedDemand(const SeedOptions& options, Node& node, api::Api& api, std::int64_t today) {
    DemandGenerator demand(options.seed, api::BuiltInVillages(), today);
    const auto start = std::chrono::steady_clock::now();
    auto employers =
        AppendStreams(*node.log, options.threads, options.employers, "seeding employers",
                      [&](std::uint64_t i) { return demand.Employer(i); });
    auto postings =
        employers.ok() && options.employers > 0
            ? AppendStreams(*node.log, options.threads, options.postings, "seeding postings",
                            [&](std::uint64_t i) { return demand.Posting(i, options.employers); })
            : Result<std::uint64_t>(0);
    if (!employers.ok() || !postings.ok()) {
        fmt::print(stderr, "xingfuli seed: {}\n",
                   (!employers.ok() ? employers.error() : postings.error()).message);
        return 1;
    }
    auto& services = api.services();
    Result<std::uint64_t> seats = std::uint64_t{0};
    Status caught_up = CatchUp(node);
    if (caught_up.ok() && options.placements > 0 && options.postings > 0) {
        seats = SeedPlacements(services, options, today);
    }
    Result<api::FollowUpRun> followed = api::FollowUpRun{};
    if (caught_up.ok() && seats.ok()) {
        caught_up = CatchUp(node);
        if (caught_up.ok()) followed = api::CompleteFollowUps(services, api::NowMicros());
    }
    Result<std::uint64_t> disputes = std::uint64_t{0};
    if (caught_up.ok() && followed.ok() && options.disputes > 0) {
        disputes = SeedDisputes(node, services, options, today);
    }
    const Status failed = !caught_up.ok()  ? caught_up
                          : !seats.ok()    ? Status(seats.error())
                          : !followed.ok() ? Status(followed.error())
                          : !disputes.ok() ? Status(disputes.error())
                                           : Status{};
    if (!failed.ok()) {
        fmt::print(stderr, "xingfuli seed: {}\n", failed.error().message);
        return 1;
    }
    fmt::print(
        "seeded {} employers ({} commits with their visits), {} postings, {} placements "
        "({} seats given back: the household had taken another job meanwhile; {} postings "
        "opened by visits), {} disputes in {:.1f} s\n",
        options.employers, *employers, options.postings, followed->placements_recorded,
        followed->seats_released, followed->postings_opened, options.disputes,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return CatchUp(node).ok() ? 0 : 1;
}

}  // namespace

int RunSeed(const SeedOptions& options) {
    if (options.ledger) return WriteLedger(options);
    auto node = OpenLiveNode(options.node);
    if (!node.ok()) {
        fmt::print(stderr, "xingfuli seed: {}\n", node.error().message);
        return 1;
    }
    api::Api api(*node->log, *node->store, *node->runner, {});
    if (options.disputes > 0 && options.employers == 0) {
        fmt::print(stderr, "xingfuli seed: --disputes needs --employers (the respondents)\n");
        return 1;
    }
    if (auto seeded = api::SeedRegions(api.services()); !seeded.ok()) {
        fmt::print(stderr, "xingfuli seed: {}\n", seeded.error().message);
        return 1;
    }
    if (auto holidays = api::SeedHolidayLists(api.services(), api::NowMicros()); !holidays.ok()) {
        fmt::print(stderr, "xingfuli seed: {}\n", holidays.error().message);
        return 1;
    }
    Generator generator(options.seed, api::BuiltInVillages(), Today());
    // Households overlap; each household's commits are appended in order by one task.
    eventstore::AppendPipeline appends(static_cast<std::size_t>(options.threads), 4096);
    std::atomic<std::uint64_t> appended{0}, commits{0};
    const auto start = std::chrono::steady_clock::now();
    {
        Progress progress("seeding households", options.households);
        for (std::uint64_t i = 0; i < options.households; ++i) {
            auto h = std::make_shared<SeedHousehold>(generator.Make(i));
            Status submitted = appends.Submit(h->stream, [&, h]() -> Status {
                for (std::size_t c = 0; c < h->commits.size(); ++c) {
                    auto r = node->log->Append({h->stream,
                                                eventstore::ExpectedVersion::Any(),
                                                std::move(h->commits[c]),
                                                fmt::format("seed:{}:{}", h->stream, c),
                                                {"seed", "admin", "530500000000"}});
                    if (!r.ok()) return std::move(r).error();
                    ++commits;
                }
                ++appended;
                return {};
            });
            if (!submitted.ok()) break;  // Finish reports it
            progress.Update(appended);
        }
        if (Status s = appends.Finish(); !s.ok()) {
            fmt::print(stderr, "xingfuli seed: {}\n", s.error().message);
            return 1;
        }
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    fmt::print("seeded {} households, {} people in {} commits ({} events in the log) in {:.1f} s\n",
               appended.load(), generator.people(), commits.load(), node->log->Head().value,
               seconds);
    {
        Progress progress("read models catching up", node->log->Head().value);
        while (!node->runner->WaitFor(node->log->Head(), std::chrono::milliseconds(200))) {
            if (node->runner->Failure()) {
                fmt::print(stderr, "xingfuli seed: {}\n", node->runner->Failure()->message);
                return 1;
            }
            progress.Update(node->runner->Position().value);
        }
    }
    const double total =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    fmt::print("read models caught up after {:.1f} s ({:.0f} events/s end to end)\n", total,
               static_cast<double>(node->log->Head().value) / total);
    if (options.employers == 0 && options.postings == 0) return 0;
    return SeedDemand(options, *node, api, Today());
}

}  // namespace xfl::tools
