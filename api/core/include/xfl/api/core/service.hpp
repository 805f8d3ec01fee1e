// The core every context's API is built on: the services a route uses, the authenticated
// caller, and the helpers that register routes with authentication, authorisation, idempotency
// and error mapping done in one place.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "xfl/api/core/access_recorder.hpp"
#include "xfl/api/core/commands.hpp"
#include "xfl/api/core/http.hpp"
#include "xfl/api/core/json_body.hpp"
#include "xfl/api/core/limits.hpp"
#include "xfl/api/core/metrics.hpp"
#include "xfl/api/core/state_cache.hpp"
#include "xfl/api/core/stream_memo.hpp"
#include "xfl/domain/identity/account.hpp"
#include "xfl/domain/kernel/region_code.hpp"
#include "xfl/eventstore/event_log.hpp"
#include "xfl/eventstore/new_event.hpp"
#include "xfl/eventstore/signed_head.hpp"
#include "xfl/projections/core/record_index.hpp"
#include "xfl/projections/core/runner.hpp"
#include "xfl/projections/core/store.hpp"

namespace xfl::api {

struct ApiConfig {
    int pbkdf2_iterations = 600'000;  // per stored hash; tests lower it
    std::chrono::seconds session_lifetime{12 * 3600};
    std::chrono::milliseconds read_your_writes_wait{5000};
    // Signs the log's heads (on demand, and hourly by `serve`); none: no signed heads.
    std::shared_ptr<const eventstore::HeadSigner> head_signer;
    // The built web application served at "/" (api/web/dist); without one "/" says how to
    // build it.
    std::filesystem::path web_root = "api/web/dist";
};

// Which state of a record is asked for: as recorded now, as the system knew it at `as_of`, as
// true on `valid_on` by business dates, or both (what was known then about that day).
struct Vantage {
    std::optional<std::int64_t> as_of;     // an instant, microseconds
    std::optional<std::int64_t> valid_on;  // a day

    // The day the answer speaks of (deadlines are counted to it): valid_on, else the day of
    // as_of, else today.
    std::int64_t Day(std::int64_t now_us) const;
    // Which events of each record a list folds (as of now when no as_of is given).
    projections::RecordVantage Records(std::int64_t now_us) const {
        return {as_of.value_or(now_us), valid_on};
    }
};

struct RequestContext {
    HttpRequest& request;
    const Principal* principal;  // null on public routes
    const RoleSet& roles;        // the roles this route admits
    std::int64_t now_us;

    const Principal& caller() const { return *principal; }
    std::optional<std::string> Query(const std::string& name) const;
    // ?name=true|false, `absent` when not given. Errc::kInvalidArgument for anything else.
    Result<bool> BoolQuery(const std::string& name, bool absent) const;
    // ?name= a whole number from `low` to `high`, `absent` when not given.
    // Errc::kInvalidArgument naming the range for anything else.
    Result<std::int64_t> IntQuery(const std::string& name, std::int64_t absent, std::int64_t low,
                                  std::int64_t high) const;
    // The If-Match header as a version, when present. Errc::kInvalidArgument when malformed.
    Result<std::optional<std::uint64_t>> IfMatch() const;
    // The same for another name: an instant up to now (today's date reads as now).
    Result<std::optional<std::int64_t>> PastInstant(const std::string& name) const;
    // ?as_of= (an instant, RFC 3339 or a date: what the system knew then, by the times things
    // were recorded) and ?valid_on= (a day up to today: what was true then, by the dates people
    // reported: a survey's date, a flag's since), each when given. Errc::kInvalidArgument when
    // malformed or in the future.
    Result<Vantage> ReadVantage() const;
    // ?as_of= where only it is offered: a ?valid_on= is refused (never ignored), saying why
    // (`why_not`: "accounts have no business dates").
    Result<std::optional<std::int64_t>> AsOfOnly(std::string_view why_not) const;
    // ?valid_on= where only it is offered: an ?as_of= is refused (never ignored), saying why.
    Result<std::optional<std::int64_t>> ValidOnOnly(std::string_view why_not) const;
    // Errc::kConflict carrying `current` when If-Match names another version.
    Status CheckIfMatch(std::uint64_t current) const;

  private:
    Result<std::optional<std::int64_t>> AsOf() const;
    Result<std::optional<std::int64_t>> ValidOn() const;
};

using eventstore::MakeEvent;

// States kept by the state cache: a few MB (a household's state is a few KB), and more than
// the records a busy hour of commands touches.
inline constexpr std::size_t kStatesKept = 4096;

// The services routes are built from.
struct Services {
    // The references must outlive the services.
    Services(eventstore::EventLog& log, projections::ProjectionStore& store,
             projections::ProjectionRunner& runner, ApiConfig config);
    Services(const Services&) = delete;
    Services& operator=(const Services&) = delete;

    eventstore::EventLog& log;
    projections::ProjectionStore& store;
    projections::ProjectionRunner& runner;
    ApiConfig config;
    Metrics metrics;
    CommandService commands;
    // Views of protected data, written behind the reads that showed it.
    AccessRecorder access;
    StreamMemo memo;
    // The latest state of the streams commands used lately (state_cache.hpp).
    StateCache states{kStatesKept};
    // Every context's records with time limits (context.hpp), given by the composition root.
    std::vector<LimitSource> limit_sources;

    // Reads a stream; one that fails its integrity checks is reported (metrics, /readyz, log)
    // and answered as Errc::kDataLoss naming the stream and version.
    Result<std::vector<eventstore::EventEnvelope>> Read(const eventstore::StreamQuery& query);
    // The stream's events, up to `as_of` when given.
    Result<std::vector<eventstore::EventEnvelope>> Stream(const std::string& stream_id,
                                                          std::optional<std::int64_t> as_of = {});
    // The stream's current state folded with `apply`, topped up from the state cache.
    template <class State, class Apply>
    Result<Loaded<State>> Current(const std::string& stream_id, Apply apply) {
        return states.Load<State>([this](const eventstore::StreamQuery& q) { return Read(q); },
                                  stream_id, apply);
    }
    // The events a commit appended (for responses that show what was decided).
    Result<std::vector<eventstore::EventEnvelope>> CommitEvents(const Commit& commit);
    // The first commit made under this command id, if any.
    Result<std::optional<Commit>> FindCommit(const std::string& command_id);
    // A random key (`draw`) whose stream (`stream_of`) this node writes, so that a server-chosen
    // id never sends its own command to another Kafka node. A node that writes none of them
    // gets the last draw after a few, and the append says where to go.
    std::string NewWritableKey(const std::function<std::string()>& draw,
                               const std::function<std::string(const std::string&)>& stream_of);
};

using QueryHandler = std::function<Result<HttpResponse>(RequestContext&)>;
using CommandDecider = std::function<Result<CommandSpec>(RequestContext&)>;
using CommitResponder = std::function<Result<HttpResponse>(const Commit&)>;
// A responder that acts for the caller again (completes a connected append, reads in scope).
using CallerCommitResponder = std::function<Result<HttpResponse>(RequestContext&, const Commit&)>;

// Registers routes on a router with the API's conventions applied around each handler.
class RouteBuilder {
  public:
    RouteBuilder(Services& services, Router& router) : services_(services), router_(router) {}

    // No authentication (login, health).
    void Public(const std::string& method, const std::string& pattern, QueryHandler handler);
    // Authenticated; the caller must hold one of `roles`.
    void Query(const std::string& method, const std::string& pattern, RoleSet roles,
               QueryHandler handler);
    // As Query, for a request that appends: Idempotency-Key replays the first response.
    void Command(const std::string& method, const std::string& pattern, RoleSet roles,
                 CommandDecider decide, CommitResponder respond);
    void Command(const std::string& method, const std::string& pattern, RoleSet roles,
                 CommandDecider decide, CallerCommitResponder respond);

    // The routes added so far and later, for a route that asks others (audit's comparison).
    const Router& router() const { return router_; }

  private:
    Services& services_;
    Router& router_;
};

// For a record that does not exist: 404 to a caller whose scope is the whole city (nothing to
// hide), otherwise the same 403 as for a record outside the scope.
Error MissingOrHidden(const RequestContext& ctx, const RoleSet& roles, const std::string& what);

// The {"id","version"} body most commands answer with.
HttpResponse CommitResponse(int status, std::string_view id, const Commit& commit);

// The events of a stream as the history endpoint lists them: who (account, role, region of the
// grant), when (recorded and occurred), why (a "reason" in the event), the data, the hashes and,
// when `changes` holds one per event (record_changes.hpp), what each changed in the record.
// Password hashes are always blanked; resident IDs are masked unless the caller revealed them
// (and that was recorded).
enum class ResidentIds { kMasked, kShown };
HttpResponse HistoryResponse(const std::vector<eventstore::EventEnvelope>& events,
                             ResidentIds resident_ids = ResidentIds::kMasked,
                             const std::vector<std::string>& changes = {});

// The required ?reason= of an access to personal data (1 to 500 bytes of text); `what` says
// what the access does, for the error message.
Result<std::string> ReadAccessReason(const RequestContext& ctx, std::string_view what);

// 429 with Retry-After.
Error RateLimited(std::string_view what, std::int64_t retry_after_seconds);

// Reads JSON from the request body, requiring Content-Type application/json (415 otherwise).
Result<JsonBody> ReadJson(const RequestContext& ctx);

// Pagination: ?limit= (1..500, default 100) and an opaque ?cursor= from the previous page.
struct Page {
    std::size_t limit = 100;
    std::string after;  // decoded cursor
};
Result<Page> ReadPage(const RequestContext& ctx);

// The required ?region= of a report: a region code inside the caller's scope for the route.
Result<domain::RegionCode> ReadRegionInScope(const RequestContext& ctx);
std::string EncodeCursor(std::string_view last_key);

#define XFL_TRY(lhs, expr)                                          \
    auto lhs##_result = (expr);                                     \
    if (!lhs##_result.ok()) return std::move(lhs##_result).error(); \
    auto lhs = std::move(lhs##_result).value()

#define XFL_CHECK(expr) \
    if (auto check_status = (expr); !check_status.ok()) return std::move(check_status).error()

}  // namespace xfl::api
