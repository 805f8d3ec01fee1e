#include <atomic>
#include <catch2/catch.hpp>
#include <map>

#include "support/counting_projection.hpp"
#include "support/raw_log.hpp"
#include "support/temp_dir.hpp"
#include "xfl/domain/households/household.hpp"
#include "xfl/eventstore/embedded_log.hpp"
#include "xfl/eventstore/new_event.hpp"
#include "xfl/projections/core/log_stats.hpp"
#include "xfl/projections/core/runner.hpp"
#include "xfl/projections/households/households.hpp"
#include "xfl/projections/households/labour_stats.hpp"

using namespace xfl;
using namespace xfl::eventstore;
using namespace xfl::projections;
using xfl::testing::AsNumber;
using xfl::testing::CountingProjection;
using xfl::testing::MakeAppend;
using xfl::testing::TempDir;
using xfl::testing::Triangle;

namespace {

struct Fixture {
    TempDir dir;
    std::unique_ptr<EventLog> log;
    std::unique_ptr<ProjectionStore> store;

    Fixture() { Reopen(); }
    void Reopen() {
        store.reset();
        log.reset();
        auto opened = OpenEmbeddedLog(dir.path() / "log");
        REQUIRE(opened.ok());
        log = std::move(opened).value();
        auto st = ProjectionStore::Open(dir.path() / "projections");
        REQUIRE(st.ok());
        store = std::move(st).value();
    }
    std::unique_ptr<ProjectionRunner> Runner(std::unique_ptr<Projection> p) {
        std::vector<std::unique_ptr<Projection>> all;
        all.push_back(std::move(p));
        return std::make_unique<ProjectionRunner>(*log, *store, std::move(all));
    }
    void Append(int events) {
        for (int i = 0; i < events; ++i)
            REQUIRE(log->Append(MakeAppend("s" + std::to_string(i % 7))).ok());
    }
    std::uint64_t Count() { return AsNumber(store->View("counting")->Get("count")); }
    std::uint64_t Sum() { return AsNumber(store->View("counting")->Get("sum")); }
};

}  // namespace

TEST_CASE("catch-up applies every event once and records the checkpoint") {
    Fixture f;
    f.Append(5000);
    auto runner = f.Runner(std::make_unique<CountingProjection>());
    REQUIRE(runner->CatchUp().ok());
    CHECK(f.Count() == 5000);
    CHECK(f.Sum() == Triangle(5000));
    CHECK(runner->Position().value == 5000);

    SECTION("a restart resumes from the checkpoint without reapplying") {
        runner.reset();
        f.Append(10);
        f.Reopen();
        auto again = f.Runner(std::make_unique<CountingProjection>());
        REQUIRE(again->CatchUp().ok());
        CHECK(f.Count() == 5010);
        CHECK(f.Sum() == Triangle(5010));
    }
}

TEST_CASE("the live tail follows new appends and WaitFor reports them applied") {
    Fixture f;
    auto runner = f.Runner(std::make_unique<CountingProjection>());
    REQUIRE(runner->CatchUp().ok());
    runner->Start();
    f.Append(25);
    CHECK(runner->WaitFor(f.log->Head(), std::chrono::seconds(10)));
    CHECK(f.Count() == 25);
    CHECK(f.Sum() == Triangle(25));
    runner->Stop();
}

TEST_CASE("a projection whose code version changed is rebuilt automatically") {
    Fixture f;
    f.Append(100);
    REQUIRE(f.Runner(std::make_unique<CountingProjection>(1))->CatchUp().ok());
    auto upgraded = f.Runner(std::make_unique<CountingProjection>(2));
    REQUIRE(upgraded->CatchUp().ok());
    CHECK(f.Count() == 100);  // rebuilt from zero, not 200
    CHECK(f.store->View("counting")->Get("version") == "2");
    CHECK(upgraded->Statuses()[0].code_version == 2);
}

TEST_CASE("rebuild on demand replays the log into a cleared projection") {
    Fixture f;
    f.Append(300);
    auto runner = f.Runner(std::make_unique<CountingProjection>());
    REQUIRE(runner->CatchUp().ok());
    REQUIRE(runner->Reset().ok());
    CHECK(f.Count() == 0);
    REQUIRE(runner->CatchUp().ok());
    CHECK(f.Count() == 300);
    CHECK(runner->Reset(std::string("no_such")).error().code == Errc::kNotFound);
}

TEST_CASE("a crash in the middle of a batch leaves no event applied twice and none skipped") {
    Fixture f;
    f.Append(3000);
    // Batches of 100, written after each or held in memory (these few keys never outgrow it).
    const std::size_t held = GENERATE(std::size_t{0}, ProjectionRunner::kHeldBytes);
    {
        auto crashing = f.Runner(std::make_unique<CountingProjection>(1, 2500));
        crashing->ReadInBatchesOf(100);
        crashing->HoldWritesUpTo(held);
        Status s = crashing->CatchUp();
        REQUIRE_FALSE(s.ok());
        CHECK_THAT(s.error().message, Catch::Contains("log position 2500"));
    }
    // Whatever was committed before the failing batch is whole, with its checkpoint.
    const std::uint64_t committed = f.Count();
    CHECK(committed == (held == 0 ? 2400 : 0));
    CHECK(f.Sum() == Triangle(committed));

    f.Reopen();
    auto recovered = f.Runner(std::make_unique<CountingProjection>());
    REQUIRE(recovered->CatchUp().ok());
    CHECK(f.Count() == 3000);
    CHECK(f.Sum() == Triangle(3000));
}

TEST_CASE("a failing projection stops the tail and readiness reports it") {
    Fixture f;
    auto runner = f.Runner(std::make_unique<CountingProjection>(1, 3));
    REQUIRE(runner->CatchUp().ok());
    runner->Start();
    f.Append(5);
    CHECK_FALSE(runner->WaitFor(LogPosition{5}, std::chrono::seconds(10)));
    REQUIRE(runner->Failure().has_value());
    CHECK(runner->Failure()->code == Errc::kInternal);
}

TEST_CASE("log_stats counts events by type, unknown types included") {
    Fixture f;
    REQUIRE(f.log->Append(MakeAppend("a", 3, {}, "household.created")).ok());
    REQUIRE(f.log->Append(MakeAppend("b", 2, {}, "from.the.future")).ok());
    auto runner = f.Runner(MakeLogStatsProjection());
    REQUIRE(runner->CatchUp().ok());
    auto counts = ReadEventCounts(*f.store->View("log_stats"));
    CHECK(counts["household.created"] == 3);
    CHECK(counts["from.the.future"] == 2);
}

TEST_CASE("read models built from another log are rebuilt from this one, not continued") {
    Fixture f;
    REQUIRE(f.log->Append(MakeAppend("a", 30, {}, "household.created")).ok());
    REQUIRE(f.Runner(MakeLogStatsProjection())->CatchUp().ok());
    auto other = OpenEmbeddedLog(f.dir.path() / "other");
    REQUIRE(other.ok());
    std::vector<std::string> warnings;
    auto warn = [&](const std::string& text) { warnings.push_back(text); };
    auto open_runner = [&] {
        std::vector<std::unique_ptr<Projection>> all;
        all.push_back(MakeLogStatsProjection());
        return std::make_unique<ProjectionRunner>(**other, *f.store, std::move(all), warn);
    };

    SECTION("a log as long, with other events (a Kafka mirror read again in another order)") {
        REQUIRE((*other)->Append(MakeAppend("b", 30, {}, "training.enrolled")).ok());
        REQUIRE(open_runner()->CatchUp().ok());
        auto counts = ReadEventCounts(*f.store->View("log_stats"));
        CHECK(counts["household.created"] == 0);
        CHECK(counts["training.enrolled"] == 30);
        REQUIRE(warnings.size() == 1);
        CHECK_THAT(warnings[0], Catch::Contains("built from another log"));
    }
    SECTION("a shorter log (an older backup restored)") {
        REQUIRE((*other)->Append(MakeAppend("a", 12, {}, "household.created")).ok());
        REQUIRE(open_runner()->CatchUp().ok());
        CHECK(ReadEventCounts(*f.store->View("log_stats"))["household.created"] == 12);
        REQUIRE(warnings.size() == 1);
        CHECK_THAT(warnings[0], Catch::Contains("the log ends at 12"));
    }
    SECTION("the same log, longer now: continued without a rebuild") {
        REQUIRE(f.log->Append(MakeAppend("a", 5, {}, "household.created")).ok());
        std::vector<std::unique_ptr<Projection>> all;
        all.push_back(MakeLogStatsProjection());
        ProjectionRunner same(*f.log, *f.store, std::move(all), warn);
        REQUIRE(same.CatchUp().ok());
        CHECK(ReadEventCounts(*f.store->View("log_stats"))["household.created"] == 35);
        CHECK(warnings.empty());
    }
}

namespace {

// Sets or deletes one of 13 keys per event and checks, through Scan, that Apply sees exactly
// the keys its own model says exist: pending writes merged in order over committed ones.
class ScanCheckingProjection final : public Projection {
  public:
    std::string_view Name() const override { return "scan_checking"; }
    std::uint32_t CodeVersion() const override { return 1; }
    void Apply(const EventEnvelope& e, StateWriter& state) override {
        const std::uint64_t n = e.position.value;
        const std::string key = "s/" + std::to_string(100 + n % 13);
        if (n % 3 == 0) {
            state.Delete(key);
            model_.erase(key);
        } else {
            state.Put(key, std::to_string(n));
            model_[key] = std::to_string(n);
        }
        state.Put("t/other", "outside the scanned prefix");
        std::map<std::string, std::string> seen;
        state.Scan("s/", [&](std::string_view k, std::string_view v) {
            seen.emplace(k, v);
            return true;
        });
        if (seen != model_) throw std::runtime_error("scan disagrees at " + std::to_string(n));
        int visited = 0;
        state.Scan("s/", [&](std::string_view, std::string_view) { return ++visited < 2; });
        if (visited > 2) throw std::runtime_error("scan went on after the visitor said stop");
    }

  private:
    std::map<std::string, std::string> model_;
};

}  // namespace

TEST_CASE("Apply's scans merge the batch's writes and deletes over committed state in order") {
    Fixture f;
    f.Append(25000);  // more than one batch, so committed and pending keys mix
    auto runner = f.Runner(std::make_unique<ScanCheckingProjection>());
    auto caught_up = runner->CatchUp();
    INFO((caught_up.ok() ? "" : caught_up.error().message));
    REQUIRE(caught_up.ok());
    std::size_t keys = 0;
    f.store->View("scan_checking")->Scan("s/", [&](std::string_view, std::string_view) {
        ++keys;
        return true;
    });
    CHECK(keys > 0);
    CHECK(keys < 13);
}

TEST_CASE("a resident who moved is found in the new household whichever stream is read first") {
    Fixture f;
    auto append = [&](const std::string& household, NewEvent event) {
        AppendRequest request = MakeAppend("household-" + household, 0);
        request.events.push_back(std::move(event));
        REQUIRE(f.log->Append(request).ok());
    };
    domain::MemberAdded resident;
    resident.person_id = "p-1";
    resident.name = "李明";
    resident.resident_id = "53050219800101001X";
    for (const std::string household : {"a", "b"}) {
        append(household,
               MakeEvent(domain::HouseholdRegistered{household, "530502001002", "", ""}, 1));
    }
    append("a", MakeEvent(resident, 2));
    const NewEvent left_a = MakeEvent(domain::MemberLeft{"p-1", "joined_other_household", ""}, 3);
    SECTION("in the order they happened") {
        append("a", left_a);
        append("b", MakeEvent(resident, 4));
    }
    SECTION("the new household's stream first") {
        append("b", MakeEvent(resident, 4));
        append("a", left_a);
    }
    std::vector<std::unique_ptr<Projection>> all;
    all.push_back(MakeHouseholdIndexProjection());
    ProjectionRunner runner(*f.log, *f.store, std::move(all));
    REQUIRE(runner.CatchUp().ok());
    CHECK(HouseholdOfResident(*f.store->View(kHouseholdIndex), resident.resident_id) == "b");
}

TEST_CASE("the household read models skip events of streams that are not households") {
    Fixture f;
    AppendRequest stray = MakeAppend("s1");  // a short stream id of no household
    stray.events[0].type = "household.visit_recorded";
    REQUIRE(f.log->Append(stray).ok());
    std::vector<std::unique_ptr<Projection>> all;
    all.push_back(MakeHouseholdIndexProjection());
    all.push_back(MakeZeroEmploymentBoardProjection());
    all.push_back(MakeLabourStatsProjection());
    ProjectionRunner runner(*f.log, *f.store, std::move(all));
    auto caught_up = runner.CatchUp();
    INFO((caught_up.ok() ? "" : caught_up.error().message));
    CHECK(caught_up.ok());
    CHECK(runner.Position().value == 1);
}

TEST_CASE("read models never skip an event deleted from the log, at the tail or inside") {
    Fixture f;
    f.Append(20);
    const std::uint64_t deleted = GENERATE(20u, 10u);
    bool applied_before = false;
    SECTION("deleted after the read models applied it") {
        REQUIRE(f.Runner(std::make_unique<CountingProjection>())->CatchUp().ok());
        applied_before = true;
    }
    SECTION("deleted before the read models were built") {}
    f.log.reset();
    xfl::testing::RawLog(f.dir.path() / "log").Delete(deleted);
    f.Reopen();
    CHECK(f.log->Head().value == 20);
    auto caught_up = f.Runner(std::make_unique<CountingProjection>())->CatchUp();
    if (applied_before && deleted < 20) {
        CHECK(caught_up.ok());  // nothing left to apply; `xingfuli verify` names the gap
    } else {
        REQUIRE_FALSE(caught_up.ok());
        CHECK(caught_up.error().code == Errc::kDataLoss);
        CHECK_THAT(caught_up.error().message, Catch::Contains(std::to_string(deleted)));
    }
}
