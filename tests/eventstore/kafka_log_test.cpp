// What only the Kafka log has to prove (the shared guarantees are in eventstore_test.cpp):
// several nodes on one topic, fencing, gaps, duplicates and other producers' messages, broker
// faults, and other Kafka clients reading the events. All on librdkafka's mock cluster.
#include <librdkafka/rdkafka.h>

#include <array>
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdio>
#include <functional>
#include <random>
#include <thread>

#include "kafka_message.hpp"  // eventstore/src: to forge what a zombie writer would send
#include "support/log_fixtures.hpp"
#include "support/raw_log.hpp"
#include "support/run_command.hpp"
#include "xfl/eventstore/copy_log.hpp"
#include "xfl/eventstore/embedded_log.hpp"
#include "xfl/eventstore/hash_chain.hpp"
#include "xfl/eventstore/verify.hpp"

using namespace xfl;
using namespace xfl::eventstore;
using xfl::testing::KafkaLogFixture;
using xfl::testing::MakeAppend;
using xfl::testing::RunCommand;

namespace {

// A plain librdkafka producer: another program writing to the topic.
class RawProducer {
  public:
    explicit RawProducer(const std::string& brokers) {
        rd_kafka_conf_t* conf = rd_kafka_conf_new();
        char error[256];
        REQUIRE(rd_kafka_conf_set(conf, "bootstrap.servers", brokers.c_str(), error,
                                  sizeof error) == RD_KAFKA_CONF_OK);
        rk_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
        REQUIRE(rk_ != nullptr);
    }
    ~RawProducer() { rd_kafka_destroy(rk_); }

    void Send(std::int32_t partition, const std::string& key, const std::string& value,
              const internal::KafkaHeaders& headers = {}) {
        rd_kafka_headers_t* hdrs = rd_kafka_headers_new(headers.size());
        for (const auto& [name, v] : headers) {
            rd_kafka_header_add(hdrs, name.data(), static_cast<ssize_t>(name.size()), v.data(),
                                static_cast<ssize_t>(v.size()));
        }
        REQUIRE(rd_kafka_producev(rk_, RD_KAFKA_V_TOPIC("events"), RD_KAFKA_V_PARTITION(partition),
                                  RD_KAFKA_V_KEY(key.data(), key.size()),
                                  RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                                  RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                  RD_KAFKA_V_HEADERS(hdrs),
                                  RD_KAFKA_V_END) == RD_KAFKA_RESP_ERR_NO_ERROR);
        REQUIRE(rd_kafka_flush(rk_, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR);
    }

  private:
    rd_kafka_t* rk_ = nullptr;
};

bool AnyContains(const std::vector<std::string>& texts, const std::string& part) {
    for (const auto& t : texts) {
        if (t.find(part) != std::string::npos) return true;
    }
    return false;
}

// Waits until the log's problems mention `part` (the mirror reads asynchronously).
bool EventuallyReported(const KafkaEventLog& log, const std::string& part) {
    for (int i = 0; i < 200; ++i) {
        if (AnyContains(log.Problems(), part)) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return false;
}

std::vector<EventEnvelope> ReadWhole(EventLog& log, const std::string& stream) {
    auto events = log.ReadStream({stream, StreamVersion{1}, SIZE_MAX, std::nullopt});
    REQUIRE(events.ok());
    return std::move(events).value();
}

// The commit a writer of `epoch` would send next for `stream` (one event after its head).
internal::KafkaMessage ForgeCommit(EventLog& log, const std::string& stream, std::uint64_t epoch,
                                   std::uint64_t seq) {
    auto events = ReadWhole(log, stream);
    EventEnvelope e = events.back();
    e.version = StreamVersion{e.version.value + 1};
    e.prev_hash = events.back().hash;
    e.payload = "{\"zombie\":true}";
    e.hash = ComputeEventHash(e);
    return internal::EncodeCommit({{epoch, seq}, {e}});
}

// What an API client does after a 503: the same command (same key) again, a while later.
Result<AppendResult> RetryAppend(EventLog& log, const AppendRequest& request) {
    Result<AppendResult> result = log.Append(request);
    for (int attempt = 0; attempt < 120 && !result.ok(); ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
        result = log.Append(request);
    }
    return result;
}

}  // namespace

TEST_CASE(
    "a fresh node joining the topic reads it whole, appends nothing twice and fences the "
    "old writer") {
    KafkaLogFixture fixture;
    auto a = fixture.OpenNode(fixture.Options("node-a"));
    REQUIRE(a->Append(MakeAppend("household-1", 2, "seed:region:530502")).ok());
    REQUIRE(a->Append(MakeAppend("household-2", 1)).ok());

    auto b = fixture.OpenNode(fixture.Options("node-b"));  // empty mirror, claims every partition
    CHECK(b->Head().value == 3);
    CHECK(ReadWhole(*b, "household-1").back().hash == ReadWhole(*a, "household-1").back().hash);
    // The same bootstrap command on the new node is recognised, not appended again.
    auto again = b->Append(MakeAppend("household-1", 2, "seed:region:530502"));
    REQUIRE(again.ok());
    CHECK(again->duplicate);
    CHECK(b->Head().value == 3);

    auto next = MakeAppend("household-1");
    next.expected = ExpectedVersion::Exactly(StreamVersion{2});
    REQUIRE(b->Append(next).ok());
    // Node a was fenced by b's claim: it refuses, names the new owner, and reads b's commit.
    auto fenced = a->Append(MakeAppend("household-1"));
    REQUIRE_FALSE(fenced.ok());
    CHECK(fenced.error().code == Errc::kMisdirected);
    CHECK_THAT(fenced.error().message, Catch::Contains("http://node-b.example:8080"));
    CHECK_FALSE(a->Writes("household-1"));  // so a draws no new id there
    CHECK(a->WaitForEvents(LogPosition{3}, std::chrono::seconds(10)).value == 4);
    CHECK(VerifyLog(*a).ok);
    CHECK(VerifyLog(*b).ok);
}

TEST_CASE("a zombie writer's commit of an older epoch is rejected by every reader") {
    KafkaLogFixture fixture;
    auto options = fixture.Options("node-a");
    options.owned_partitions = {0, 1, 2, 3};
    std::unique_ptr<KafkaEventLog> a = fixture.OpenNode(options);
    REQUIRE(a->Append(MakeAppend("case-9", 1)).ok());
    const std::int32_t partition = a->PartitionOf("case-9");
    a.reset();
    auto b = fixture.OpenNode(fixture.Options("node-b"));  // claims epoch 2 everywhere
    // The old writer (epoch 1) wakes up and sends its next commit, numbered as it would be.
    RawProducer zombie(fixture.cluster().bootstraps());
    auto forged = ForgeCommit(*b, "case-9", 1, 2);
    zombie.Send(partition, forged.key, forged.value, forged.headers);
    CHECK(EventuallyReported(*b, "fenced writer"));
    auto c = fixture.OpenNode(fixture.Options("node-c"));
    CHECK(AnyContains(c->Problems(), "fenced writer"));
    CHECK(ReadWhole(*c, "case-9").size() == 1);
    CHECK(ReadWhole(*b, "case-9").size() == 1);
    // The partition goes on: the next real commit is accepted by all.
    REQUIRE(c->Append(MakeAppend("case-9")).ok());
    CHECK(b->WaitForEvents(LogPosition{1}, std::chrono::seconds(10)).value == 2);
}

TEST_CASE("duplicated, foreign and malformed messages are reported and never applied") {
    KafkaLogFixture fixture;
    auto log = fixture.OpenNode(fixture.Options());
    REQUIRE(log->Append(MakeAppend("h-1", 2)).ok());
    const std::int32_t partition = log->PartitionOf("h-1");
    RawProducer other(fixture.cluster().bootstraps());

    SECTION("a duplicated commit") {
        auto events = ReadWhole(*log, "h-1");
        auto copy = internal::EncodeCommit({{1, 1}, events});
        other.Send(partition, copy.key, copy.value, copy.headers);
        CHECK(EventuallyReported(*log, "duplicated message"));
    }
    SECTION("a message of another program") {
        other.Send(partition, "x", "hello from another producer");
        CHECK(EventuallyReported(*log, "without the xfl.kind header"));
    }
    SECTION("a commit whose headers disagree with its value") {
        auto forged = ForgeCommit(*log, "h-1", 1, 2);
        for (auto& [name, value] : forged.headers) {
            if (name == "xfl.stream") value = "someone-else";
        }
        other.Send(partition, forged.key, forged.value, forged.headers);
        CHECK(EventuallyReported(*log, "header xfl.stream says"));
    }
    SECTION("an event of a type no code knows is kept") {
        auto unknown = ReadWhole(*log, "h-1");
        EventEnvelope e = unknown.back();
        e.version = StreamVersion{3};
        e.type = "from.another.system";
        e.prev_hash = unknown.back().hash;
        e.hash = ComputeEventHash(e);
        auto m = internal::EncodeCommit({{1, 2}, {e}});
        other.Send(partition, m.key, m.value, m.headers);
        CHECK(log->WaitForEvents(LogPosition{2}, std::chrono::seconds(10)).value == 3);
        CHECK(ReadWhole(*log, "h-1").back().type == "from.another.system");
        CHECK(log->Problems().empty());
        return;
    }
    // Nothing was applied, and the log still takes appends.
    CHECK(log->Head().value == 2);
    auto next = MakeAppend("h-1");
    next.expected = ExpectedVersion::Exactly(StreamVersion{2});
    REQUIRE(log->Append(next).ok());
    CHECK(VerifyLog(*log).ok);
}

TEST_CASE("a gap in a partition (data the mock dropped past 5 MiB) is reported, never skipped") {
    KafkaLogFixture fixture;
    REQUIRE(fixture.cluster().CreateTopic("small", 1, 3).ok());
    auto writer_options = fixture.Options("node-a");
    writer_options.topic = "small";
    auto a = fixture.OpenNode(writer_options);
    // About 7 MiB in one partition, incompressible: the mock keeps only the newest ~5 MiB.
    std::mt19937_64 random(7);
    for (int i = 0; i < 70; ++i) {
        std::string filler;
        while (filler.size() < 100'000) filler += std::to_string(random());
        auto request = MakeAppend("bulk-" + std::to_string(i % 5));
        request.events[0].payload = "{\"filler\":\"" + filler + "\"}";
        REQUIRE(a->Append(request).ok());
    }
    auto reader_options = fixture.Options("node-b");
    reader_options.topic = "small";
    auto b = OpenKafkaLog(reader_options);
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().code == Errc::kDataLoss);
    CHECK_THAT(b.error().message, Catch::Contains("are missing"));
    CHECK_THAT(b.error().message, Catch::Contains("partition 0"));
}

TEST_CASE("brokers down at start: retried with backoff, then a clear error") {
    KafkaLogFixture fixture;
    auto options = fixture.Options();
    options.brokers = "127.0.0.1:1";
    options.connect_timeout = std::chrono::milliseconds(4000);
    const auto started = std::chrono::steady_clock::now();
    auto log = OpenKafkaLog(options);
    REQUIRE_FALSE(log.ok());
    CHECK(log.error().code == Errc::kUnavailable);
    CHECK_THAT(log.error().message, Catch::Contains("cannot use Kafka at 127.0.0.1:1"));
    CHECK(AnyContains(fixture.Warnings(), "retrying in"));
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(30));
}

TEST_CASE("Kafka lost during appends: a bounded 503, never a false success, one append on retry") {
    KafkaLogFixture fixture;
    auto options = fixture.Options();
    options.append_timeout = std::chrono::milliseconds(1500);
    auto log = fixture.OpenNode(options);
    REQUIRE(log->Append(MakeAppend("a", 1, "before")).ok());
    std::function<void(bool)> outage;
    SECTION("every broker down") {
        outage = [&](bool down) {
            for (std::int32_t broker = 1; broker <= 3; ++broker) {
                REQUIRE(fixture.cluster().SetBrokerDown(broker, down).ok());
            }
        };
    }
    SECTION("the partition's leader gone and none elected past the append timeout") {
        outage = [&](bool down) {
            const std::int32_t p = log->PartitionOf("a");
            REQUIRE(fixture.cluster().SetPartitionLeader("events", p, down ? -1 : 2).ok());
        };
    }
    outage(true);
    const auto started = std::chrono::steady_clock::now();
    auto lost = log->Append(MakeAppend("a", 1, "during"));
    REQUIRE_FALSE(lost.ok());
    CHECK(lost.error().code == Errc::kUnavailable);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
    outage(false);
    // The writer reconnects under a new epoch; the caller retries with the same key.
    REQUIRE(RetryAppend(*log, MakeAppend("a", 1, "during")).ok());
    auto events = ReadWhole(*log, "a");
    REQUIRE(events.size() == 2);  // "before" kept, "during" exactly once
    CHECK(events[0].command_id == "before");
    CHECK(events[1].command_id == "during");
    CHECK(VerifyLog(*log).ok);
}

TEST_CASE("leaders move while appending: nothing acknowledged is lost, nothing is doubled") {
    KafkaLogFixture fixture;
    auto options = fixture.Options("node-a");
    options.append_timeout = std::chrono::milliseconds(3000);
    auto log = fixture.OpenNode(options);
    constexpr std::size_t kWriters = 4;
    std::atomic<bool> moving{true};
    std::atomic<int> retried{0};
    std::atomic<std::size_t> completed{0};
    // Each writer appends to its own stream in order, each command with its own id, until the
    // leaders have stopped moving; a failed append is retried with the same id, as an API client
    // would after a 503.
    std::array<std::size_t, kWriters> appended{};
    std::array<std::vector<std::string>, kWriters> failures;
    std::vector<std::thread> writers;
    for (std::size_t w = 0; w < kWriters; ++w) {
        writers.emplace_back([&, w] {
            for (std::size_t i = 0; moving || i < 10; ++i) {
                const std::string command = "w" + std::to_string(w) + "-" + std::to_string(i);
                auto request = MakeAppend("leader-" + std::to_string(w), 1, command);
                request.expected = ExpectedVersion::Exactly(StreamVersion{i});
                auto result = log->Append(request);
                if (!result.ok()) {
                    ++retried;
                    result = RetryAppend(*log, request);
                }
                if (!result.ok()) {
                    failures[w].push_back(command + ": " + result.error().message);
                    return;
                }
                appended[w] = i + 1;
                ++completed;
            }
        });
    }
    // Leadership moves round the three brokers, and once every partition is leaderless for a
    // second (an election in progress). After each move appends must go on.
    auto appends_go_on = [&] {
        const std::size_t before = completed;
        for (int i = 0; i < 400 && completed <= before; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
        return completed > before;
    };
    for (int round = 0; round < 6; ++round) {
        const bool election = round == 3;
        for (std::int32_t p = 0; p < 4; ++p) {
            const std::int32_t leader = election ? -1 : 1 + (round + p) % 3;
            REQUIRE(fixture.cluster().SetPartitionLeader("events", p, leader).ok());
        }
        if (election) {
            std::this_thread::sleep_for(std::chrono::seconds(1));
        } else {
            CHECK(appends_go_on());
        }
    }
    moving = false;
    for (auto& t : writers) t.join();
    INFO("appends retried after an error: " << retried.load());
    std::size_t total = 0;
    for (std::size_t w = 0; w < kWriters; ++w) {
        CHECK(failures[w].empty());
        auto events = ReadWhole(*log, "leader-" + std::to_string(w));
        REQUIRE(events.size() == appended[w]);
        for (std::size_t i = 0; i < events.size(); ++i) {
            CHECK(events[i].command_id == "w" + std::to_string(w) + "-" + std::to_string(i));
        }
        total += events.size();
    }
    CHECK(VerifyLog(*log).ok);
    CHECK(log->Problems().empty());
    // A node reading the topic afresh finds the same commits, each once.
    auto reader_options = fixture.Options("node-b");
    reader_options.writer = false;
    auto reader = fixture.OpenNode(reader_options);
    CHECK_FALSE(reader->Writes("leader-0"));
    CHECK(reader->Head().value == total);
    CHECK(reader->Problems().empty());
    for (std::size_t w = 0; w < kWriters; ++w) {
        const std::string stream = "leader-" + std::to_string(w);
        CHECK(ReadWhole(*reader, stream).back().hash == ReadWhole(*log, stream).back().hash);
    }
    CHECK(VerifyLog(*reader).ok);
}

TEST_CASE("another Kafka client (kcat) reads the events as JSON with their headers") {
    KafkaLogFixture fixture;
    auto log = fixture.OpenNode(fixture.Options());
    REQUIRE(log->Append(MakeAppend("household-77", 2, "cmd-kcat")).ok());
    const std::string command = "kcat -C -b " + fixture.cluster().bootstraps() +
                                " -t events -o beginning -e -q -f '%k|%h|%s\\n' 2>&1";
    const auto [exit_code, output] = RunCommand(command);
    INFO(output);
    REQUIRE(exit_code == 0);
    CHECK_THAT(output, Catch::Contains("household-77|"));
    CHECK_THAT(output, Catch::Contains("xfl.kind=commit"));
    CHECK_THAT(output, Catch::Contains("xfl.command_id=cmd-kcat"));
    CHECK_THAT(output, Catch::Contains("\"format\":\"xingfuli.commit.v1\""));
    CHECK_THAT(output, Catch::Contains("xingfuli.epoch.v1"));
}

TEST_CASE("a node refuses commands for partitions another node writes, and names that node") {
    KafkaLogFixture fixture;
    auto options_a = fixture.Options("node-a");
    options_a.owned_partitions = {0, 1};
    auto a = fixture.OpenNode(options_a);
    auto options_b = fixture.Options("node-b");
    options_b.owned_partitions = {2, 3};
    auto b = fixture.OpenNode(options_b);
    int on_a = 0;
    for (int i = 0; i < 20; ++i) {
        const std::string stream = "s-" + std::to_string(i);
        EventLog& owner = a->PartitionOf(stream) < 2 ? static_cast<EventLog&>(*a) : *b;
        EventLog& other = a->PartitionOf(stream) < 2 ? static_cast<EventLog&>(*b) : *a;
        on_a += a->PartitionOf(stream) < 2;
        CHECK(owner.Writes(stream));
        CHECK_FALSE(other.Writes(stream));
        REQUIRE(owner.Append(MakeAppend(stream)).ok());
        auto refused = other.Append(MakeAppend(stream));
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == Errc::kMisdirected);
    }
    CHECK(on_a > 0);
    CHECK(on_a < 20);
    // Both nodes read everything.
    CHECK(a->WaitForEvents(LogPosition{19}, std::chrono::seconds(10)).value == 20);
    CHECK(b->WaitForEvents(LogPosition{19}, std::chrono::seconds(10)).value == 20);
}

TEST_CASE("with a transactional id each append is a Kafka transaction") {
    KafkaLogFixture fixture;
    auto options = fixture.Options();
    options.transactional_id = "xingfuli-test-node";
    auto log = fixture.OpenNode(options);
    REQUIRE(log->Append(MakeAppend("t", 2)).ok());
    REQUIRE(log->Append(MakeAppend("t", 1)).ok());
    CHECK(ReadWhole(*log, "t").size() == 3);
}

TEST_CASE("a mirror made from a topic refuses that topic with another partition count") {
    KafkaLogFixture fixture;
    { auto log = fixture.OpenNode(fixture.Options()); }
    REQUIRE(fixture.cluster().CreateTopic("events-2", 2, 3).ok());
    auto options = fixture.Options();
    options.topic = "events-2";
    auto refused = OpenKafkaLog(options);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == Errc::kRuleViolated);
}

TEST_CASE("an embedded log copied to Kafka and back keeps every hash") {
    KafkaLogFixture fixture;
    auto embedded = OpenEmbeddedLog(fixture.dir().path() / "embedded");
    REQUIRE(embedded.ok());
    for (int i = 0; i < 30; ++i) {
        REQUIRE((*embedded)
                    ->Append(MakeAppend("h-" + std::to_string(i % 7), 1 + i % 3,
                                        "cmd-" + std::to_string(i)))
                    .ok());
    }
    auto kafka = fixture.OpenNode(fixture.Options());
    auto there = CopyLog(**embedded, *kafka);
    REQUIRE(there.ok());
    CHECK(there->events_copied == (*embedded)->Head().value);
    CHECK(there->streams == 7);
    // Run again (an interrupted copy resumed): nothing is appended twice.
    auto again = CopyLog(**embedded, *kafka);
    REQUIRE(again.ok());
    CHECK(again->events_copied == 0);
    CHECK(again->events_already_there == (*embedded)->Head().value);

    auto back = OpenEmbeddedLog(fixture.dir().path() / "back");
    REQUIRE(back.ok());
    REQUIRE(CopyLog(*kafka, **back).ok());
    for (int s = 0; s < 7; ++s) {
        const std::string stream = "h-" + std::to_string(s);
        auto original = ReadWhole(**embedded, stream);
        auto returned = ReadWhole(**back, stream);
        REQUIRE(original.size() == returned.size());
        CHECK(original.back().hash == returned.back().hash);
        CHECK(original.back().recorded_at_us == returned.back().recorded_at_us);
    }
    auto found = (*back)->FindCommand("cmd-3");
    REQUIRE(found.ok());
    CHECK(found->has_value());
}

TEST_CASE("the Kafka mirror keeps a deleted tail's positions and reads check every event") {
    KafkaLogFixture fixture;
    {
        auto node = fixture.OpenNode(fixture.Options("mirror"));
        REQUIRE(node->Append(MakeAppend("household-1", 2)).ok());
        REQUIRE(node->Append(MakeAppend("household-2", 1)).ok());
    }
    std::string damaged, intact;
    {
        xfl::testing::RawLog raw(fixture.dir().path() / "mirror");
        SECTION("the last event deleted") {
            raw.Delete(3);
            damaged = "household-2", intact = "household-1";
        }
        SECTION("an event altered") {
            std::string record = raw.Get(2);
            const auto at = record.find("\"n\":1");
            REQUIRE(at != std::string::npos);
            record[at + 4] = '7';
            raw.Put(2, record);
            damaged = "household-1", intact = "household-2";
        }
    }
    auto node = fixture.OpenNode(fixture.Options("mirror"));
    CHECK(node->Head().value == 3);
    StreamQuery query;
    query.stream_id = damaged;
    auto broken = node->ReadStream(query);
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().code == Errc::kDataLoss);
    CHECK_THAT(broken.error().message, Catch::Contains("stream " + damaged));
    query.stream_id = intact;
    CHECK(node->ReadStream(query).ok());
    auto appended = node->Append(MakeAppend("household-3"));
    REQUIRE(appended.ok());
    CHECK(appended->first_position.value == 4);
    CHECK_FALSE(VerifyLog(*node).ok);
}
