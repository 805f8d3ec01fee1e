// The one command path (api/core/commands.hpp): authorisation by the grant covering the record,
// conflicts decided again, empty decisions, repeated command ids.
#include <catch2/catch.hpp>

#include "xfl/api/core/commands.hpp"
#include "xfl/domain/geography/region.hpp"
#include "xfl/eventstore/memory_log.hpp"
#include "xfl/eventstore/new_event.hpp"

using namespace xfl;
using api::Authority;
using api::CommandSpec;

namespace {

const auto kLongjiang = *domain::RegionCode::Parse("530502001002");
const auto kTengchong = *domain::RegionCode::Parse("530581001001");

eventstore::NewEvent Renamed(const std::string& name) {
    return eventstore::MakeEvent(domain::RegionRenamed{name}, 1);
}

std::uint64_t Version(eventstore::EventLog& log, const std::string& stream) {
    return log.StreamHead(stream)->value;
}

// Decides one rename of `stream` at the version it reads, as a route does.
struct Renamer {
    eventstore::EventLog& log;
    std::string stream;
    int decisions = 0;
    Result<CommandSpec> operator()() {
        ++decisions;
        const std::uint64_t version = Version(log, stream);
        return CommandSpec{stream,
                           eventstore::ExpectedVersion::Exactly({version}),
                           {Renamed("v" + std::to_string(version))},
                           kLongjiang,
                           {}};
    }
};

}  // namespace

TEST_CASE("a command is allowed and recorded under the grant covering the record's region") {
    auto log = eventstore::MakeMemoryLog();
    api::CommandService commands(*log, nullptr, nullptr, {});
    const api::Principal caseworker{
        "cw", {{"inspector", "530500000000"}, {"caseworker", "530502000000"}}, ""};
    const auto who = Authority::Caller(caseworker, {domain::Role::kCaseworker});
    auto decide = [](const domain::RegionCode& region) {
        return [region]() -> Result<CommandSpec> {
            return CommandSpec{"region-" + region.str(),
                               eventstore::ExpectedVersion::Any(),
                               {Renamed("x")},
                               region,
                               {}};
        };
    };

    auto inside = commands.Execute(who, decide(kLongjiang));
    REQUIRE(inside.ok());
    eventstore::StreamQuery query;
    query.stream_id = "region-" + kLongjiang.str();
    auto events = log->ReadStream(query);
    REQUIRE(events->size() == 1);
    CHECK(events->front().actor.role == "caseworker");  // not the first grant
    CHECK(events->front().actor.region == "530502000000");

    auto outside = commands.Execute(who, decide(kTengchong));
    REQUIRE_FALSE(outside.ok());
    CHECK(outside.error().code == Errc::kPermissionDenied);
    CHECK(Version(*log, "region-" + kTengchong.str()) == 0);

    auto system = commands.Execute(Authority::As(api::kSystemActor), decide(kTengchong));
    REQUIRE(system.ok());
    CHECK(Version(*log, "region-" + kTengchong.str()) == 1);
}

TEST_CASE("a command that lost a race decides again, unless the caller named the version") {
    auto log = eventstore::MakeMemoryLog();
    api::CommandService commands(*log, nullptr, nullptr, {});
    const auto who = Authority::As(api::kSystemActor);
    Renamer renamer{*log, "region-" + kLongjiang.str()};
    REQUIRE(commands.Execute(who, std::ref(renamer)).ok());

    // Another writer appends between the decision and the append, on the first try only.
    bool raced = false;
    auto racing = [&]() -> Result<CommandSpec> {
        auto spec = renamer();
        if (!raced) {
            raced = true;
            REQUIRE(log->Append({renamer.stream,
                                 eventstore::ExpectedVersion::Any(),
                                 {Renamed("other")},
                                 "",
                                 api::kSystemActor})
                        .ok());
        }
        return spec;
    };
    renamer.decisions = 0;
    auto retried = commands.Execute(who, racing, {"", 3});
    REQUIRE(retried.ok());
    CHECK(renamer.decisions == 2);
    CHECK(retried->result.last_version.value == 3);  // ours, the other writer's, ours again

    raced = false;
    renamer.decisions = 0;
    auto answered = commands.Execute(who, racing, {"", 1});
    REQUIRE_FALSE(answered.ok());
    CHECK(answered.error().code == Errc::kConflict);
    CHECK(renamer.decisions == 1);
    CHECK(Version(*log, renamer.stream) == 4);  // only the other writer's event was added
}

TEST_CASE("an empty decision appends nothing; a repeated command id returns the first commit") {
    auto log = eventstore::MakeMemoryLog();
    api::CommandService commands(*log, nullptr, nullptr, {});
    const auto who = Authority::As(api::kSystemActor);
    const std::string stream = "region-" + kLongjiang.str();

    auto nothing = commands.Execute(who, [&]() -> Result<CommandSpec> {
        return CommandSpec{stream, eventstore::ExpectedVersion::NoStream(), {}, kLongjiang, {}};
    });
    REQUIRE(nothing.ok());
    CHECK(nothing->unchanged);
    CHECK(nothing->result.stream_id == stream);
    CHECK(Version(*log, stream) == 0);

    Renamer renamer{*log, stream};
    auto first = commands.Execute(who, std::ref(renamer), {"job/once", 1});
    auto again = commands.Execute(who, std::ref(renamer), {"job/once", 1});
    REQUIRE(first.ok());
    REQUIRE(again.ok());
    CHECK(again->result.duplicate);
    CHECK(again->result.last_position.value == first->result.last_position.value);
    CHECK(Version(*log, stream) == 1);
}
