// `xingfuli seed`: deterministic synthetic households over the real Baoshan villages, made by the
// same domain decisions as the API (so flags and clearings arise as they would in real use).
#include <fmt/core.h>

#include <atomic>
#include <fstream>
#include <memory>
#include <random>
#include <unordered_set>

#include "commands.hpp"
#include "node.hpp"
#include "progress.hpp"
#include "seed_generator.hpp"
#include "xfl/api/api.hpp"
#include "xfl/api/geography/geography.hpp"
#include "xfl/domain/households/household.hpp"
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

}  // namespace

int RunSeed(const SeedOptions& options) {
    if (options.ledger) return WriteLedger(options);
    auto node = OpenLiveNode(options.node);
    if (!node.ok()) {
        fmt::print(stderr, "xingfuli seed: {}\n", node.error().message);
        return 1;
    }
    api::Api api(*node->log, *node->store, *node->runner, {});
    if (auto seeded = api::SeedRegions(api.services()); !seeded.ok()) {
        fmt::print(stderr, "xingfuli seed: {}\n", seeded.error().message);
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
    return 0;
}

}  // namespace xfl::tools
