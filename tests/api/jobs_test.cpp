// Time-driven commands: when jobs run, and that a period's commands are appended once.
#include "xfl/api/core/jobs.hpp"

#include <catch2/catch.hpp>

#include "support/api_server.hpp"
#include "support/temp_dir.hpp"
#include "xfl/domain/kernel/time.hpp"

using namespace xfl::testing;
using xfl::Result;
namespace api = xfl::api;

namespace {

// 2026-11-27T08:30:00+08:00
const std::int64_t kMorning = *xfl::domain::ParseRfc3339("2026-11-27T08:30:00+08:00", "t");
constexpr std::int64_t kMinute = 60'000'000;

std::size_t SignedHeads(ApiServer& server) {
    xfl::eventstore::StreamQuery query;
    query.stream_id = api::kSignedHeadsStream;
    return server.log().ReadStream(query)->size();
}

}  // namespace

TEST_CASE("a job's commands are named by job, subject and China day or hour") {
    CHECK(api::JobRun("review", kMorning, api::JobPeriod::kDay).CommandId("h1") ==
          "review/h1/2026-11-27");
    CHECK(api::JobRun("sign", kMorning, api::JobPeriod::kHour).CommandId("x") ==
          "sign/x/2026-11-27T08");
    // 23:30 UTC is already the next day in China.
    const std::int64_t late = *xfl::domain::ParseRfc3339("2026-11-27T23:30:00Z", "t");
    CHECK(api::JobRun("sign", late, api::JobPeriod::kHour).period == "2026-11-28T07");
}

TEST_CASE("jobs run at the first check and then when their interval has passed") {
    ApiServer server;
    std::vector<std::int64_t> runs;
    api::Job counting{"counting", std::chrono::hours(1), api::JobPeriod::kHour,
                      [&](api::Services&, const api::JobRun& run) -> Result<std::string> {
                          runs.push_back(run.now_us);
                          return std::string("ran");
                      }};
    api::JobRunner jobs(server.api().services(), {counting});
    std::vector<std::string> reported;
    auto report = [&](std::string_view job, const Result<std::string>& outcome) {
        reported.push_back(std::string(job) + ": " + *outcome);
    };
    jobs.RunDue(kMorning, report);
    jobs.RunDue(kMorning + 30 * kMinute, report);
    jobs.RunDue(kMorning + 60 * kMinute, report);
    CHECK(runs == std::vector<std::int64_t>{kMorning, kMorning + 60 * kMinute});
    CHECK(reported == std::vector<std::string>{"counting: ran", "counting: ran"});
}

TEST_CASE("the server's jobs: a second runner in the same hour signs nothing again") {
    TempDir keys;
    REQUIRE(xfl::eventstore::HeadSigner::Generate(keys.path() / "head.pem").ok());
    ApiServerOptions options;
    options.head_signer =
        std::move(xfl::eventstore::HeadSigner::Load(keys.path() / "head.pem")).value();
    ApiServer server(options);
    auto names = [] {
        std::vector<std::string> out;
        for (const auto& job : api::ApiJobs()) out.emplace_back(job.name);
        return out;
    }();
    CHECK_THAT(names, Catch::Matchers::VectorContains(std::string("zero-employment-review")));
    CHECK_THAT(names, Catch::Matchers::VectorContains(std::string("integrity-heads")));

    auto ignore = [](std::string_view, const Result<std::string>& outcome) {
        REQUIRE(outcome.ok());
    };
    const std::size_t before = SignedHeads(server);
    api::JobRunner node_a(server.api().services(), api::ApiJobs());
    api::JobRunner node_b(server.api().services(), api::ApiJobs());  // a restart, another node
    node_a.RunDue(kMorning, ignore);
    node_b.RunDue(kMorning + 10 * kMinute, ignore);
    CHECK(SignedHeads(server) == before + 1);
    node_b.RunDue(kMorning + 70 * kMinute, ignore);  // the next hour
    CHECK(SignedHeads(server) == before + 2);
}
