// The state cache (api/core/state_cache.hpp) returns exactly what a full replay returns: as the
// stream grows, after the log is opened again (a crash), on both logs, and for a log whose
// stream holds other events at the kept version.
#include "xfl/api/core/state_cache.hpp"

#include <catch2/catch.hpp>

#include "support/log_fixtures.hpp"

using namespace xfl;
using namespace xfl::testing;

namespace {

// A state that remembers every event folded into it, in order.
struct Trace {
    std::vector<std::string> seen;
};
Status Remember(Trace& t, const domain::StoredEvent& e) {
    t.seen.push_back(std::string(e.type) + ":" + std::string(e.payload));
    return {};
}

void Append(eventstore::EventLog& log, const std::string& stream, const std::string& tag, int n) {
    eventstore::AppendRequest request;
    request.stream_id = stream;
    for (int i = 0; i < n; ++i) {
        request.events.push_back(
            {"test.noted", 1, 0, "{\"n\":\"" + tag + std::to_string(i) + "\"}"});
    }
    REQUIRE(log.Append(std::move(request)).ok());
}

api::StateCache::Read ReaderOf(eventstore::EventLog& log) {
    return [&log](const eventstore::StreamQuery& q) { return log.ReadStream(q); };
}

// The cache's answer equals a replay of the whole stream.
void CheckAgainstReplay(api::StateCache& cache, eventstore::EventLog& log,
                        const std::string& stream) {
    auto cached = cache.Load<Trace>(ReaderOf(log), stream, Remember);
    REQUIRE(cached.ok());
    eventstore::StreamQuery whole;
    whole.stream_id = stream;
    auto events = log.ReadStream(whole);
    REQUIRE(events.ok());
    auto replayed = api::LoadFrom<Trace>(*events, Remember);
    REQUIRE(replayed.ok());
    CHECK(cached->version == replayed->version);
    CHECK(cached->state.seen == replayed->state.seen);
}

}  // namespace

TEMPLATE_TEST_CASE("a kept state is topped up from the log and equals a full replay", "",
                   EmbeddedLogFixture, KafkaLogFixture) {
    TestType fixture;
    api::StateCache cache(8);
    {
        auto log = fixture.Open();
        for (int round = 0; round < 5; ++round) {
            Append(*log, "s-1", "r" + std::to_string(round), round + 1);
            CheckAgainstReplay(cache, *log, "s-1");
        }
        CHECK(cache.misses() == 1);  // only the first load replayed the stream
        CHECK(cache.hits() == 4);
        // Loaded again without a new event: the kept state as it is.
        CheckAgainstReplay(cache, *log, "s-1");
        CHECK(cache.hits() == 5);
    }
    // The log opened again, as after a crash: the kept state still matches its events.
    auto log = fixture.Open();
    Append(*log, "s-1", "after", 2);
    CheckAgainstReplay(cache, *log, "s-1");
    CHECK(cache.misses() == 1);
    // A stream that does not exist is empty and not kept.
    auto none = cache.Load<Trace>(ReaderOf(*log), "s-none", Remember);
    REQUIRE(none.ok());
    CHECK(none->version == 0);
    CHECK(none->state.seen.empty());
}

TEST_CASE("a kept state is never served for a log that holds other events") {
    EmbeddedLogFixture first, second;
    api::StateCache cache(8);
    auto a = first.Open();
    auto b = second.Open();
    Append(*a, "s-1", "a", 3);
    Append(*b, "s-1", "b", 3);  // the same stream and versions, other events
    CheckAgainstReplay(cache, *a, "s-1");
    CheckAgainstReplay(cache, *b, "s-1");
    CHECK(cache.hits() == 0);
    CHECK(cache.misses() == 2);
    // A log where the stream is shorter than the kept version: replayed as well.
    EmbeddedLogFixture third;
    auto c = third.Open();
    Append(*c, "s-1", "b", 2);
    CheckAgainstReplay(cache, *c, "s-1");
    CHECK(cache.hits() == 0);
}

TEST_CASE("the cache keeps at most its capacity, dropping the least recently used") {
    EmbeddedLogFixture fixture;
    auto log = fixture.Open();
    api::StateCache cache(2);
    for (const char* stream : {"s-1", "s-2", "s-3"}) Append(*log, stream, "x", 1);
    CheckAgainstReplay(cache, *log, "s-1");
    CheckAgainstReplay(cache, *log, "s-2");
    CheckAgainstReplay(cache, *log, "s-1");  // s-1 used last: s-2 goes when s-3 comes
    CheckAgainstReplay(cache, *log, "s-3");
    CHECK(cache.hits() == 1);
    CheckAgainstReplay(cache, *log, "s-1");
    CHECK(cache.hits() == 2);
    CheckAgainstReplay(cache, *log, "s-2");
    CHECK(cache.misses() == 4);
}
