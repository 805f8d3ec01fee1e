#include <atomic>
#include <catch2/catch.hpp>
#include <set>
#include <thread>

#include "support/log_fixtures.hpp"
#include "support/temp_dir.hpp"
#include "xfl/eventstore/append_pipeline.hpp"
#include "xfl/eventstore/embedded_log.hpp"
#include "xfl/eventstore/hash_chain.hpp"
#include "xfl/eventstore/memory_log.hpp"
#include "xfl/eventstore/signed_head.hpp"
#include "xfl/eventstore/verify.hpp"

using namespace xfl;
using namespace xfl::eventstore;
using xfl::testing::EmbeddedLogFixture;
using xfl::testing::KafkaLogFixture;
using xfl::testing::MakeAppend;
using xfl::testing::MemoryLogFixture;

// One suite of guarantees, run against every log: each test is a TEMPLATE_TEST_CASE over the
// embedded log, the Kafka log on librdkafka's mock cluster (three brokers, in process) and the
// in-memory log; those about a restart or a data directory only over the two durable ones.
#define LOG_TEST(name) \
    TEMPLATE_TEST_CASE(name, "[log]", EmbeddedLogFixture, KafkaLogFixture, MemoryLogFixture)
#define DURABLE_LOG_TEST(name) \
    TEMPLATE_TEST_CASE(name, "[log]", EmbeddedLogFixture, KafkaLogFixture)

namespace {

std::vector<EventEnvelope> ReadWhole(EventLog& log, const std::string& stream) {
    StreamQuery query;
    query.stream_id = stream;
    auto events = log.ReadStream(query);
    REQUIRE(events.ok());
    return std::move(events).value();
}

}  // namespace

LOG_TEST("appends assign stream versions and gapless global positions") {
    TestType fixture;
    auto log = fixture.Open();
    CHECK(log->Writes("household-1"));  // one node that writes every stream
    auto first = log->Append(MakeAppend("household-1", 2));
    REQUIRE(first.ok());
    CHECK(first->first_version.value == 1);
    CHECK(first->last_version.value == 2);
    CHECK(first->first_position.value == 1);
    CHECK(first->last_position.value == 2);
    auto second = log->Append(MakeAppend("household-2", 1));
    REQUIRE(second.ok());
    CHECK(second->first_version.value == 1);
    CHECK(second->first_position.value == 3);
    CHECK(log->Head().value == 3);

    auto all = log->ReadAll(LogPosition{1}, 100);
    REQUIRE(all.ok());
    REQUIRE(all->size() == 3);
    for (std::size_t i = 0; i < all->size(); ++i) CHECK((*all)[i].position.value == i + 1);
    CHECK((*all)[2].stream_id == "household-2");
    auto past_the_head = log->ReadAll(LogPosition{10}, 5);
    REQUIRE(past_the_head.ok());
    CHECK(past_the_head->empty());
    CHECK((*all)[0].payload == "{\"n\":0,\"note\":\"幸福里\"}");
    CHECK((*all)[0].actor.role == "caseworker");
}

LOG_TEST("a stream reads back in order, from a version and as of a time") {
    TestType fixture;
    auto log = fixture.Open();
    REQUIRE(log->Append(MakeAppend("s", 3)).ok());
    REQUIRE(log->Append(MakeAppend("other", 1)).ok());
    REQUIRE(log->Append(MakeAppend("s", 2)).ok());

    auto events = ReadWhole(*log, "s");
    REQUIRE(events.size() == 5);
    for (std::size_t i = 0; i < events.size(); ++i) CHECK(events[i].version.value == i + 1);

    auto tail = log->ReadStream({"s", StreamVersion{3}, 2, std::nullopt});
    REQUIRE(tail.ok());
    REQUIRE(tail->size() == 2);
    CHECK((*tail)[0].version.value == 3);
    CHECK((*tail)[1].version.value == 4);

    auto as_of = log->ReadStream({"s", StreamVersion{1}, SIZE_MAX, events[2].recorded_at_us});
    REQUIRE(as_of.ok());
    CHECK(as_of->size() == 3);
    CHECK(ReadWhole(*log, "missing").empty());
}

LOG_TEST("a stale expected version is a typed conflict carrying the current version") {
    TestType fixture;
    auto log = fixture.Open();
    auto request = MakeAppend("case-7", 2);
    request.expected = ExpectedVersion::NoStream();
    REQUIRE(log->Append(request).ok());

    auto again = MakeAppend("case-7");
    again.expected = ExpectedVersion::NoStream();
    auto conflict = log->Append(again);
    REQUIRE_FALSE(conflict.ok());
    CHECK(conflict.error().code == Errc::kConflict);
    REQUIRE(conflict.error().current_version.has_value());
    CHECK(*conflict.error().current_version == 2);

    auto stale = MakeAppend("case-7");
    stale.expected = ExpectedVersion::Exactly(StreamVersion{1});
    CHECK(log->Append(stale).error().code == Errc::kConflict);

    auto right = MakeAppend("case-7");
    right.expected = ExpectedVersion::Exactly(StreamVersion{2});
    REQUIRE(log->Append(right).ok());
    CHECK(log->StreamHead("case-7")->value == 3);
    CHECK(log->Head().value == 3);
}

LOG_TEST("concurrent writers with expected versions: each version is won exactly once") {
    TestType fixture;
    auto log = fixture.Open();
    constexpr int kThreads = 8;
    constexpr int kAttempts = 50;
    std::atomic<int> wins{0};
    std::atomic<int> conflicts{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < kAttempts; ++i) {
                auto head = log->StreamHead("contended");
                REQUIRE(head.ok());
                auto request = MakeAppend("contended");
                request.expected = ExpectedVersion::Exactly(*head);
                auto result = log->Append(request);
                if (result.ok()) {
                    ++wins;
                } else {
                    REQUIRE(result.error().code == Errc::kConflict);
                    ++conflicts;
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    CHECK(wins + conflicts == kThreads * kAttempts);
    CHECK(log->StreamHead("contended")->value == static_cast<std::uint64_t>(wins.load()));
    CHECK(ReadWhole(*log, "contended").size() == static_cast<std::size_t>(wins.load()));
    CHECK(log->Head().value == static_cast<std::uint64_t>(wins.load()));
}

LOG_TEST("a repeated command id returns the first result and appends nothing") {
    TestType fixture;
    auto log = fixture.Open();
    auto first = log->Append(MakeAppend("h-1", 2, "cmd-42"));
    REQUIRE(first.ok());
    CHECK_FALSE(first->duplicate);
    auto retry = log->Append(MakeAppend("h-1", 2, "cmd-42"));
    REQUIRE(retry.ok());
    CHECK(retry->duplicate);
    CHECK(retry->first_position == first->first_position);
    CHECK(retry->last_version == first->last_version);
    CHECK(log->Head().value == 2);

    SECTION("also when the retries race each other") {
        std::vector<std::thread> threads;
        std::atomic<int> originals{0};
        for (int t = 0; t < 16; ++t) {
            threads.emplace_back([&] {
                auto r = log->Append(MakeAppend("h-2", 1, "cmd-race"));
                REQUIRE(r.ok());
                if (!r->duplicate) ++originals;
            });
        }
        for (auto& t : threads) t.join();
        CHECK(originals == 1);
        CHECK(log->Head().value == 3);
    }
    if constexpr (TestType::kDurable) {
        SECTION("and after a restart") {
            log.reset();
            log = fixture.Open();
            auto after = log->Append(MakeAppend("h-1", 2, "cmd-42"));
            REQUIRE(after.ok());
            CHECK(after->duplicate);
            CHECK(log->Head().value == 2);
        }
    }
}

LOG_TEST("each stream is hash-chained") {
    TestType fixture;
    auto log = fixture.Open();
    REQUIRE(log->Append(MakeAppend("chain", 2)).ok());
    REQUIRE(log->Append(MakeAppend("chain", 1)).ok());
    auto events = ReadWhole(*log, "chain");
    REQUIRE(events.size() == 3);
    CHECK(events[0].prev_hash == Sha256Digest{});
    for (std::size_t i = 0; i < events.size(); ++i) {
        CHECK(ComputeEventHash(events[i]) == events[i].hash);
        if (i > 0) CHECK(events[i].prev_hash == events[i - 1].hash);
    }
    CHECK(ToHex(events[0].hash).size() == 64);
}

DURABLE_LOG_TEST("restart recovers the head, the stream heads and the chains") {
    TestType fixture;
    {
        auto log = fixture.Open();
        REQUIRE(log->Append(MakeAppend("a", 3)).ok());
        REQUIRE(log->Append(MakeAppend("b", 1)).ok());
    }
    auto log = fixture.Open();
    CHECK(log->Head().value == 4);
    CHECK(log->StreamHead("a")->value == 3);
    auto more = MakeAppend("a");
    more.expected = ExpectedVersion::Exactly(StreamVersion{3});
    auto appended = log->Append(more);
    REQUIRE(appended.ok());
    CHECK(appended->first_position.value == 5);
    auto events = ReadWhole(*log, "a");
    REQUIRE(events.size() == 4);
    CHECK(events[3].prev_hash == events[2].hash);
    CHECK(events[3].recorded_at_us >= events[2].recorded_at_us);
}

DURABLE_LOG_TEST("a digest taken earlier is proved after more appends and a restart") {
    TestType fixture;
    LogDigest digest;
    {
        auto log = fixture.Open();
        REQUIRE(log->Append(MakeAppend("a", 3)).ok());
        REQUIRE(log->Append(MakeAppend("b", 1)).ok());
        auto taken = DigestLogAt(*log, log->Head(), 1'780'000'000'000'000);
        REQUIRE(taken.ok());
        digest = *taken;
        CHECK(digest.position.value == 4);
        CHECK(digest.streams == 2);
        REQUIRE(log->Append(MakeAppend("a", 2)).ok());
        REQUIRE(log->Append(MakeAppend("c", 1)).ok());
    }
    auto log = fixture.Open();
    VerifyOptions options;
    options.digests = {*LogDigest::FromLine(digest.ToLine())};
    auto report = VerifyLog(*log, options);
    CHECK(report.ok);
    CHECK(report.digests_checked == 1);
    CHECK(report.events_checked == 7);

    // Another history at that position (a digest of another log) is named at its position.
    LogDigest other = digest;
    other.digest[0] ^= 1;
    options.digests = {other};
    report = VerifyLog(*log, options);
    REQUIRE_FALSE(report.ok);
    CHECK(report.problems.front().position == 4);
    CHECK_THAT(report.problems.front().what, Catch::Contains("taken from another log"));
}

DURABLE_LOG_TEST("a data directory in use by another opener is refused with a clear error") {
    TestType fixture;
    auto log = fixture.Open();
    auto second = fixture.TryOpen();
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().code == Errc::kBusy);
    CHECK_THAT(second.error().message, Catch::Contains("in use by another process"));
}

DURABLE_LOG_TEST("events of types the code does not know are kept and replayed") {
    TestType fixture;
    {
        auto log = fixture.Open();
        REQUIRE(log->Append(MakeAppend("x", 1, {}, "from.the.future")).ok());
    }
    auto log = fixture.Open();
    auto events = log->ReadAll(LogPosition{1}, 10);
    REQUIRE(events.ok());
    REQUIRE(events->size() == 1);
    CHECK((*events)[0].type == "from.the.future");
}

LOG_TEST("a commit copied from another log keeps its versions, times and hashes") {
    TestType fixture;
    auto log = fixture.Open();
    auto source = MakeMemoryLog();
    REQUIRE(source->Append(MakeAppend("copied", 2, "cmd-1")).ok());
    REQUIRE(source->Append(MakeAppend("copied", 1)).ok());
    const auto commits = ReadWhole(*source, "copied");
    REQUIRE(log->Append(MakeAppend("local", 1)).ok());

    auto first = log->AppendRecorded({commits[0], commits[1]});
    REQUIRE(first.ok());
    CHECK(first->first_position.value == 2);  // this log's positions
    CHECK(first->last_version.value == 2);
    // Copied again, a commit with a command id is a repeat (a copy can be run again).
    auto repeated = log->AppendRecorded({commits[0], commits[1]});
    REQUIRE(repeated.ok());
    CHECK(repeated->duplicate);
    CHECK(repeated->first_position.value == 2);

    EventEnvelope altered = commits[2];
    altered.payload = "{\"n\":99}";
    auto refused = log->AppendRecorded({altered});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == Errc::kDataLoss);
    REQUIRE(log->AppendRecorded({commits[2]}).ok());
    // Without a command id, a commit the stream already holds is a conflict.
    auto again = log->AppendRecorded({commits[2]});
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == Errc::kConflict);
    CHECK(again.error().current_version == 3u);

    const auto copied = ReadWhole(*log, "copied");
    REQUIRE(copied.size() == 3);
    for (std::size_t i = 0; i < copied.size(); ++i) {
        CHECK(copied[i].hash == commits[i].hash);
        CHECK(copied[i].recorded_at_us == commits[i].recorded_at_us);
        CHECK(copied[i].command_id == commits[i].command_id);
    }
    auto command = log->FindCommand("cmd-1");
    REQUIRE(command.ok());
    REQUIRE(command->has_value());
    CHECK((*command)->last_position.value == 3);
    CHECK(log->Head().value == 4);
}

LOG_TEST("invalid appends are refused and write nothing") {
    TestType fixture;
    auto log = fixture.Open();
    auto empty = MakeAppend("s", 0);
    CHECK(log->Append(empty).error().field == "events");
    CHECK(log->Append(MakeAppend("")).error().field == "stream_id");
    CHECK(log->Append(MakeAppend(std::string("a\0b", 3))).error().code == Errc::kInvalidArgument);
    CHECK(log->Append(MakeAppend(std::string(201, 's'))).error().code == Errc::kInvalidArgument);
    CHECK(log->Append(MakeAppend("s", 1, {}, "")).error().field == "type");
    CHECK(log->Head().value == 0);
}

LOG_TEST("AppendEach answers each request on its own, in order") {
    TestType fixture;
    auto log = fixture.Open();
    REQUIRE(log->Append(MakeAppend("taken", 1)).ok());
    std::vector<AppendRequest> requests;
    requests.push_back(MakeAppend("a", 2));
    requests.push_back(MakeAppend("", 1));  // invalid: refused alone
    auto conflicting = MakeAppend("taken", 1);
    conflicting.expected = ExpectedVersion::NoStream();
    requests.push_back(std::move(conflicting));  // a conflict
    requests.push_back(MakeAppend("b", 1));
    requests.push_back(MakeAppend("a", 1));  // after the first request's two events
    auto results = log->AppendEach(std::move(requests));
    REQUIRE(results.size() == 5);
    CHECK(results[0].ok());
    CHECK(results[1].error().field == "stream_id");
    CHECK(results[2].error().code == Errc::kConflict);
    CHECK(results[3].ok());
    REQUIRE(results[4].ok());
    CHECK(results[4]->first_version.value == 3);
    CHECK(ReadWhole(*log, "a").size() == 3);
    CHECK(ReadWhole(*log, "taken").size() == 1);
    CHECK(log->Head().value == 5);
    CHECK(log->AppendEach({}).empty());
}

LOG_TEST("WaitForEvents wakes when an append lands and times out otherwise") {
    TestType fixture;
    auto log = fixture.Open();
    CHECK(log->WaitForEvents(LogPosition{0}, std::chrono::milliseconds(20)).value == 0);
    std::thread writer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        REQUIRE(log->Append(MakeAppend("w")).ok());
    });
    CHECK(log->WaitForEvents(LogPosition{0}, std::chrono::seconds(10)).value == 1);
    writer.join();
}

LOG_TEST("many concurrent appends lose and duplicate nothing") {
    TestType fixture;
    auto log = fixture.Open();
    constexpr int kThreads = 32;
    constexpr int kPerThread = 40;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                REQUIRE(log->Append(MakeAppend("t" + std::to_string(t), 1,
                                               "c" + std::to_string(t) + "-" + std::to_string(i)))
                            .ok());
            }
        });
    }
    for (auto& t : threads) t.join();
    auto all = log->ReadAll(LogPosition{1}, 100000);
    REQUIRE(all.ok());
    REQUIRE(all->size() == kThreads * kPerThread);
    std::set<std::string> commands;
    for (std::size_t i = 0; i < all->size(); ++i) {
        CHECK((*all)[i].position.value == i + 1);
        commands.insert((*all)[i].command_id);
    }
    CHECK(commands.size() == kThreads * kPerThread);
}

LOG_TEST("a pipeline overlaps appends of different streams and keeps each stream's order") {
    TestType fixture;
    auto log = fixture.Open();
    constexpr int kStreams = 12;
    constexpr int kCommitsEach = 15;
    AppendPipeline pipeline(4, 32);  // commits of one stream queue behind each other
    for (int i = 0; i < kCommitsEach; ++i) {
        for (int s = 0; s < kStreams; ++s) {
            auto request = MakeAppend("p-" + std::to_string(s), 1 + i % 2,
                                      "c-" + std::to_string(s) + "-" + std::to_string(i));
            // Each commit expects the one before it: out of order, it would conflict.
            request.expected = ExpectedVersion::Exactly(
                StreamVersion{static_cast<std::uint64_t>(i / 2 * 3 + (i % 2) * 1)});
            REQUIRE(pipeline
                        .Submit(request.stream_id,
                                [&log, request]() -> Status {
                                    auto appended = log->Append(request);
                                    if (!appended.ok()) return std::move(appended).error();
                                    return {};
                                })
                        .ok());
        }
    }
    REQUIRE(pipeline.Finish().ok());
    for (int s = 0; s < kStreams; ++s) {
        auto events = ReadWhole(*log, "p-" + std::to_string(s));
        REQUIRE(events.size() == kCommitsEach / 2 * 3 + 1);
        CHECK(events.back().command_id == "c-" + std::to_string(s) + "-14");
    }
}

TEST_CASE("after a failed task a pipeline starts nothing more and reports the error") {
    AppendPipeline pipeline(4);
    std::atomic<int> ran{0};
    REQUIRE(pipeline
                .Submit("a",
                        [&]() -> Status {
                            ++ran;
                            return Error::Make(Errc::kConflict, "stream a moved on");
                        })
                .ok());
    Status later = Status{};
    for (int i = 0; i < 100 && later.ok(); ++i) {
        later = pipeline.Submit("a", [&]() -> Status {
            ++ran;
            return {};
        });
    }
    Status finished = pipeline.Finish();
    REQUIRE_FALSE(finished.ok());
    CHECK(finished.error().code == Errc::kConflict);
    CHECK(ran == 1);  // the tasks behind the failed one in stream a never ran
}

TEST_CASE("on a slow disk, writers gathered into groups lose, repeat and reorder nothing") {
    testing::TempDir dir;
    EmbeddedLogOptions slow;
    slow.sync_delay = std::chrono::milliseconds(2);
    auto opened = OpenEmbeddedLog(dir.path() / "log", slow);
    REQUIRE(opened.ok());
    auto& log = **opened;
    // A lone append first: on a slow disk it goes through the writer too.
    REQUIRE(log.Append(MakeAppend("alone")).ok());
    constexpr int kThreads = 24;
    constexpr int kPerThread = 12;
    std::atomic<int> conflicts{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                // Half the appends name the version they saw of a shared stream.
                auto request = MakeAppend(i % 2 ? "shared" : "t" + std::to_string(t), 1,
                                          "c" + std::to_string(t) + "-" + std::to_string(i));
                if (i % 2) request.expected = ExpectedVersion::Exactly(*log.StreamHead("shared"));
                auto result = log.Append(request);
                if (!result.ok()) {
                    REQUIRE(result.error().code == Errc::kConflict);
                    ++conflicts;
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    auto all = log.ReadAll(LogPosition{1}, 100000);
    REQUIRE(all.ok());
    REQUIRE(all->size() == 1 + kThreads * kPerThread - static_cast<std::size_t>(conflicts.load()));
    std::set<std::string> commands;
    for (std::size_t i = 0; i < all->size(); ++i) {
        CHECK((*all)[i].position.value == i + 1);
        commands.insert((*all)[i].command_id);
    }
    CHECK(commands.size() == all->size());
    const auto shared = ReadWhole(log, "shared");
    for (std::size_t i = 0; i < shared.size(); ++i) CHECK(shared[i].version.value == i + 1);
    CHECK(ReadWhole(log, "t3").size() == kPerThread / 2);
    CHECK(VerifyLog(log).ok);
}
