// Views of protected data recorded behind the read (api/core/access_recorder.hpp): every record
// reaches the log, batched per stream and actor; stopping writes what is queued; a full queue
// refuses the read instead of showing it unrecorded.
#include "xfl/api/core/access_recorder.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <thread>

#include "support/log_fixtures.hpp"
#include "xfl/domain/geography/region.hpp"
#include "xfl/eventstore/new_event.hpp"

using namespace xfl;
using namespace std::chrono_literals;

namespace {

const auto kWangguan = *domain::RegionCode::Parse("530502001002");

eventstore::Actor Caseworker(const std::string& name) {
    return {name, "caseworker", "530502000000"};
}

eventstore::NewEvent Viewed(int n) {
    return eventstore::MakeEvent(domain::RegionRenamed{"view " + std::to_string(n)}, 1);
}

std::vector<eventstore::EventEnvelope> All(eventstore::EventLog& log) {
    return *log.ReadAll(eventstore::LogPosition{1}, 100'000);
}

}  // namespace

TEST_CASE("access records: each one reaches the log, a stream's and an actor's in few commits") {
    testing::EmbeddedLogFixture fixture;
    auto log = fixture.Open();
    api::CommandService commands(*log, nullptr, nullptr, {});
    api::AccessRecorder recorder(*log, commands, {.delay = 50ms});
    std::vector<std::thread> readers;
    for (int t = 0; t < 4; ++t) {
        readers.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i) {
                const std::string stream = "access-household-h" + std::to_string(i % 3);
                REQUIRE(recorder
                            .Record(Caseworker("cw" + std::to_string(t % 2)), stream, kWangguan,
                                    Viewed(t * 100 + i))
                            .ok());
            }
        });
    }
    for (auto& r : readers) r.join();
    recorder.Flush();
    const auto events = All(*log);
    REQUIRE(events.size() == 200);
    std::set<std::string> views;
    for (const auto& e : events) {
        views.insert(e.payload);
        CHECK(e.actor.role == "caseworker");
        CHECK(e.actor.region == "530502000000");
    }
    CHECK(views.size() == 200);  // none doubled, none lost
    // Each stream's chain is whole: versions 1, 2, … in log order.
    std::map<std::string, std::uint64_t> versions;
    for (const auto& e : events) CHECK(e.version.value == ++versions[e.stream_id]);
    CHECK(versions.size() == 3);
    // Batched: far fewer writes than records (a group commit gives its events one time).
    std::set<std::int64_t> appended_at;
    for (const auto& e : events) appended_at.insert(e.recorded_at_us);
    CHECK(appended_at.size() < 200);
}

TEST_CASE("access records: stopping writes what is queued") {
    testing::EmbeddedLogFixture fixture;
    auto log = fixture.Open();
    api::CommandService commands(*log, nullptr, nullptr, {});
    {
        api::AccessRecorder recorder(*log, commands, {.delay = 60s});
        for (int i = 0; i < 5; ++i) {
            REQUIRE(recorder.Record(Caseworker("cw"), "access-household-h1", kWangguan, Viewed(i))
                        .ok());
        }
        CHECK(log->Head().value == 0);  // still waiting for the delay
    }
    CHECK(All(*log).size() == 5);
}

TEST_CASE("access records: a full queue refuses the read rather than showing it unrecorded") {
    testing::EmbeddedLogFixture fixture;
    auto log = fixture.Open();
    api::CommandService commands(*log, nullptr, nullptr, {});
    api::AccessRecorder recorder(*log, commands,
                                 {.delay = 60s, .max_queued = 2, .wait_for_room = 20ms});
    CHECK(recorder.Record(Caseworker("cw"), "access-household-h1", kWangguan, Viewed(1)).ok());
    CHECK(recorder.Record(Caseworker("cw"), "access-household-h2", kWangguan, Viewed(2)).ok());
    auto refused = recorder.Record(Caseworker("cw"), "access-household-h3", kWangguan, Viewed(3));
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == Errc::kUnavailable);
    recorder.Flush();
    CHECK(All(*log).size() == 2);
}
