// The one command path. Every caller that changes the log — HTTP routes, the ledger import,
// scheduled jobs, region seeding, the CLI, tests — loads state, decides a CommandSpec with the
// domain's rules and runs it here: the command is allowed and recorded under the grant that
// covers the record's region, appended at the version it was decided on (a conflict loads and
// decides again when the caller allows it), counted, and answered once the read models the
// command names show it.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "xfl/api/core/metrics.hpp"
#include "xfl/api/core/principal.hpp"
#include "xfl/domain/kernel/event_codec.hpp"
#include "xfl/eventstore/event_log.hpp"
#include "xfl/projections/core/runner.hpp"

namespace xfl::api {

// What a command appends: decided from loaded state, appended with an expected version.
struct CommandSpec {
    std::string stream_id;
    eventstore::ExpectedVersion expected = eventstore::ExpectedVersion::Any();
    std::vector<eventstore::NewEvent> events;
    // The region of the record the command changes, when it has one: the command is allowed
    // and recorded under the grant that covers it.
    std::optional<domain::RegionCode> region;
    // The read models whoever acts next reads (the caller's next page, the token check after a
    // sign-out): the command returns once they show it. Others catch up in their own time.
    std::vector<std::string_view> read_models;
};

struct Commit {
    eventstore::AppendResult result;
    // The decision had no events: nothing was appended (result names the stream only).
    bool unchanged = false;
};

// Who runs a command.
class Authority {
  public:
    // A signed-in caller acting under a grant with one of `roles`.
    static Authority Caller(const Principal& principal, RoleSet roles);
    // One actor, not checked against grants: the server itself (kSystemActor), the CLI, a user
    // signing in.
    static Authority As(eventstore::Actor actor);

    // The actor a command on a record in `region` is allowed and recorded under (for a record
    // without a region, the caller's first grant with one of the roles); nullopt when no grant
    // covers the region.
    std::optional<eventstore::Actor> ActorFor(
        const std::optional<domain::RegionCode>& region) const;

  private:
    const Principal* principal_ = nullptr;
    RoleSet roles_;
    eventstore::Actor actor_;
};

// State folded from a stream, and the version it was read at.
template <class State>
struct Loaded {
    State state;
    std::uint64_t version = 0;  // 0: the stream does not exist yet

    // Append at exactly this version: a command decided on it must not land on another.
    eventstore::ExpectedVersion Expected() const {
        return version == 0 ? eventstore::ExpectedVersion::NoStream()
                            : eventstore::ExpectedVersion::Exactly({version});
    }
};

// Folds more of a stream's events into `loaded` with `apply`, which then stands at the last of
// them; errors if stored history does not replay.
template <class State, class Apply>
Status FoldInto(Loaded<State>& loaded, std::span<const eventstore::EventEnvelope> events,
                Apply apply) {
    for (const auto& e : events) {
        if (Status s =
                apply(loaded.state, domain::StoredEvent{e.type, e.payload, e.schema_version});
            !s.ok()) {
            return s;
        }
        loaded.version = e.version.value;
    }
    return {};
}

// Folds a stream's events into state with `apply`; errors if stored history does not replay.
template <class State, class Apply>
Result<Loaded<State>> LoadFrom(std::span<const eventstore::EventEnvelope> events, Apply apply) {
    Loaded<State> loaded;
    if (Status s = FoldInto(loaded, events, apply); !s.ok()) return std::move(s).error();
    return loaded;
}

struct CommandOptions {
    std::string command_id;  // a repeated id returns the first commit and appends nothing
    // How many times a version conflict loads and decides again. 1 when the caller named the
    // version it saw (If-Match): that conflict is the answer.
    int attempts = 1;
};

class CommandService {
  public:
    // `metrics` and `runner` may be null (the CLI has neither): nothing is counted or awaited.
    CommandService(eventstore::EventLog& log, Metrics* metrics,
                   const projections::ProjectionRunner* runner, std::chrono::milliseconds wait);

    // Runs `decide` (which loads what it needs and returns the spec) and appends its result; a
    // spec without events appends nothing and answers `unchanged`.
    Result<Commit> Execute(const Authority& who, const std::function<Result<CommandSpec>()>& decide,
                           const CommandOptions& options = {});

    // Records already decided and allowed, each under its actor, appended in one group where
    // the log can (EventLog::AppendEach); no read model is awaited. One answer per spec, in order.
    // For what one writer sends on behind many callers (the access log).
    std::vector<Status> AppendEach(std::vector<std::pair<eventstore::Actor, CommandSpec>> specs);

  private:
    Result<Commit> Append(const eventstore::Actor& actor, CommandSpec spec,
                          const std::string& command_id);
    void Count(const Result<eventstore::AppendResult>& result);

    eventstore::EventLog& log_;
    Metrics* metrics_;
    const projections::ProjectionRunner* runner_;
    std::chrono::milliseconds wait_;
};

}  // namespace xfl::api
