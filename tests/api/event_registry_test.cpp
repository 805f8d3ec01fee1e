// Event contracts: every type and stream kind declared once, and old payloads upgraded on read.
#include <catch2/catch.hpp>

#include "support/api_server.hpp"
#include "support/json_field.hpp"
#include "xfl/domain/kernel/event_codec.hpp"
#include "xfl/domain/kernel/event_type.hpp"

using namespace xfl;
using domain::EventRegistry;
using domain::StreamKind;

namespace {

// A visit whose payload named the field "when" before schema version 2 called it "date".
struct VisitV2 {
    static constexpr std::string_view kType = "test.visit";
    static constexpr std::uint32_t kSchemaVersion = 2;
    std::string date;
    template <class A>
    void serialize(A& ar) {
        ar(CEREAL_NVP(date));
    }
    static Result<std::string> Upgrade(std::uint32_t from, std::string payload) {
        if (from != 1) return Error::Make(Errc::kInternal, "no such version");
        const auto at = payload.find("\"when\"");
        if (at == std::string::npos) return Error::Make(Errc::kInternal, "not a version 1 visit");
        return payload.replace(at, 6, "\"date\"");
    }
};

struct Visits {
    std::vector<std::string> dates;
};
Visits Evolve(Visits state, const VisitV2& v) {
    state.dates.push_back(v.date);
    return state;
}

}  // namespace

TEST_CASE("every context's event types and stream kinds are declared once") {
    auto registry = api::ApiEventRegistry();
    REQUIRE(registry.ok());
    CHECK(registry->Types().size() == 66);
    REQUIRE(registry->Find("household.visit_recorded") != nullptr);
    CHECK(registry->Find("household.visit_recorded")->context == "households");
    CHECK(registry->Find("integrity.head_signed")->context == "integrity");
    CHECK(registry->Find("dispute.filed")->context == "disputes");
    CHECK(registry->Find("calendar.holiday_year_published")->context == "calendar");
    CHECK(registry->Find("finding.accepted")->context == "supervision");
    CHECK(registry->KindOf("inspection-i1") == "inspection-");
    CHECK(registry->KindOf("household-h1") == "household-");
    CHECK(registry->KindOf("access-household-h1") == "access-household-");
    CHECK(registry->KindOf("access-export-household-h1") == "access-export-");
    CHECK(registry->Find("access.record_exported")->context == "supervision");
    CHECK_FALSE(registry->KindOf("nothing-1").has_value());

    // What a new context must not do.
    auto again = registry->AddType("household.visit_recorded", 1, "disputes");
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == Errc::kAlreadyExists);
    CHECK_THAT(again.error().message, Catch::Contains("households") && Catch::Contains("disputes"));
    CHECK(registry->AddStreams(StreamKind("household-dispute-"), "disputes").error().code ==
          Errc::kAlreadyExists);
    CHECK(registry->AddStreams(StreamKind("house"), "disputes").error().code ==
          Errc::kAlreadyExists);
    CHECK(registry->AddStreams(StreamKind("employer-visit-"), "disputes").error().code ==
          Errc::kAlreadyExists);
    CHECK(registry->AddStreams(StreamKind("dispute-"), "disputes").error().code ==
          Errc::kAlreadyExists);
    CHECK(registry->AddStreams(StreamKind("gig-market-"), "employment").ok());
}

TEST_CASE("every event the server writes is of a declared type and stream kind") {
    testing::ApiServer server;
    const std::string cw = server.UserWithRole("cw.reg", "caseworker", testing::kLancheng);
    auto created = server.Call(
        "POST", "/api/v1/households",
        std::string("{\"region\":\"") + testing::kWangguan + "\",\"address\":\"1号\"}", cw);
    REQUIRE(created.status == 201);
    REQUIRE(server.Call("DELETE", "/api/v1/sessions/current", "", cw).status == 204);

    auto registry = api::ApiEventRegistry();
    REQUIRE(registry.ok());
    std::vector<eventstore::EventEnvelope> events;
    REQUIRE(server.log().ReadAllInto({1}, 1'000'000, events).ok());
    REQUIRE(events.size() > 1000);
    std::set<std::string> types;
    for (const auto& e : events) {
        INFO(e.type << " in " << e.stream_id);
        REQUIRE(registry->Find(e.type) != nullptr);
        CHECK(registry->Find(e.type)->schema_version == e.schema_version);
        CHECK(registry->KindOf(e.stream_id).has_value());
        types.insert(e.type);
    }
    CHECK(types.count("household.registered") == 1);
    CHECK(types.count("session.closed") == 1);
}

TEST_CASE("a payload of an older schema version is upgraded when read; a newer one is refused") {
    Visits visits;
    REQUIRE(domain::ApplyAny<Visits, VisitV2>(visits, {"test.visit", R"({"when":"2026-11-27"})", 1})
                .ok());
    REQUIRE(domain::ApplyAny<Visits, VisitV2>(visits, {"test.visit", R"({"date":"2026-11-28"})", 2})
                .ok());
    CHECK(visits.dates == std::vector<std::string>{"2026-11-27", "2026-11-28"});
    auto newer = domain::ApplyAny<Visits, VisitV2>(visits, {"test.visit", "{}", 3});
    REQUIRE_FALSE(newer.ok());
    CHECK_THAT(newer.error().message, Catch::Contains("newer code"));
    CHECK(eventstore::MakeEvent(VisitV2{"2026-11-29"}, 0).schema_version == 2);
}
