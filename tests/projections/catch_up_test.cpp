// Catch-up applies large batches on two threads, holds writes in memory between flushes, keeps
// counters as numbers and hands big flushes to RocksDB as sorted table files. None of that may
// change a single key: every read model of the server built that way equals the one built an
// event at a time with a write after each, as the live tail does for single commands.
#include <catch2/catch.hpp>
#include <map>

#include "seed_generator.hpp"
#include "support/temp_dir.hpp"
#include "xfl/api/api.hpp"
#include "xfl/api/geography/geography.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/eventstore/embedded_log.hpp"
#include "xfl/projections/core/log_stats.hpp"
#include "xfl/projections/core/runner.hpp"

using namespace xfl;
using xfl::testing::TempDir;

namespace {

using Keys = std::map<std::string, std::map<std::string, std::string>>;  // name -> key -> value

std::vector<std::unique_ptr<projections::Projection>> ServerProjections() {
    auto all = api::ApiProjections();
    all.push_back(projections::MakeLogStatsProjection());
    return all;
}

// Every key of every read model of the server in `store`.
Keys Dump(const projections::ProjectionStore& store) {
    Keys keys;
    for (const auto& p : ServerProjections()) {
        auto& of = keys[std::string(p->Name())];
        store.View(p->Name())->Scan("", [&](std::string_view key, std::string_view value) {
            of.emplace(key, value);
            return true;
        });
    }
    return keys;
}

// Builds the read models from `log` into a store of their own in `dir`.
Keys Build(eventstore::EventLog& log, const std::filesystem::path& dir, std::size_t batch,
           std::size_t held_bytes) {
    auto store = projections::ProjectionStore::Open(dir);
    REQUIRE(store.ok());
    projections::ProjectionRunner runner(log, **store, ServerProjections());
    runner.ReadInBatchesOf(batch);
    runner.HoldWritesUpTo(held_bytes);
    Status caught_up = runner.CatchUp();
    INFO((caught_up.ok() ? "" : caught_up.error().message));
    REQUIRE(caught_up.ok());
    return Dump(**store);
}

}  // namespace

TEST_CASE("catch-up builds exactly the read models that applying one event at a time builds") {
    TempDir dir;
    auto log = eventstore::OpenEmbeddedLog(dir.path() / "log");
    REQUIRE(log.ok());
    const std::int64_t today = *domain::ParseDate("2026-11-24", "today");
    tools::Generator generator(11, api::BuiltInVillages(), today);
    for (std::uint64_t i = 0; i < 1500; ++i) {
        auto household = generator.Make(i);
        for (std::size_t c = 0; c < household.commits.size(); ++c) {
            REQUIRE((*log)
                        ->Append({household.stream,
                                  eventstore::ExpectedVersion::Any(),
                                  std::move(household.commits[c]),
                                  "seed:" + household.stream + ":" + std::to_string(c),
                                  {"seed", "admin", "530500000000"}})
                        .ok());
        }
    }
    REQUIRE((*log)->Head().value > 10000);  // more than one batch of the catch-up

    const Keys one_by_one = Build(**log, dir.path() / "one-by-one", 1, 0);
    // Small enough to write several times, large enough to write sorted table files, so
    // counters are read back from what was written before.
    const Keys held = Build(**log, dir.path() / "held",
                            projections::ProjectionRunner::kEventsPerBatch, std::size_t{2} << 20);
    const Keys defaults =
        Build(**log, dir.path() / "defaults", projections::ProjectionRunner::kEventsPerBatch,
              projections::ProjectionRunner::kHeldBytes);
    for (const auto& [name, keys] : one_by_one) {
        INFO(name);
        CHECK(held.at(name) == keys);
        CHECK(defaults.at(name) == keys);
    }
    CHECK(one_by_one.at("labour_stats").size() > 10000);
    CHECK(one_by_one.at("household_index").size() > 1500);
    CHECK(one_by_one.at("activity_index").size() > 10000);
}
