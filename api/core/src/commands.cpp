#include "xfl/api/core/commands.hpp"

namespace xfl::api {

Authority Authority::Caller(const Principal& principal, RoleSet roles) {
    Authority who;
    who.principal_ = &principal;
    who.roles_ = std::move(roles);
    return who;
}

Authority Authority::As(eventstore::Actor actor) {
    Authority who;
    who.actor_ = std::move(actor);
    return who;
}

std::optional<eventstore::Actor> Authority::ActorFor(
    const std::optional<domain::RegionCode>& region) const {
    if (!principal_) return actor_;
    if (!region) return principal_->ActorFor(roles_);
    return principal_->ActorIn(roles_, *region);
}

CommandService::CommandService(eventstore::EventLog& log, Metrics* metrics,
                               const projections::ProjectionRunner* runner,
                               std::chrono::milliseconds wait)
    : log_(log), metrics_(metrics), runner_(runner), wait_(wait) {}

Result<Commit> CommandService::Execute(const Authority& who,
                                       const std::function<Result<CommandSpec>()>& decide,
                                       const CommandOptions& options) {
    for (int attempt = 1;; ++attempt) {
        auto spec = decide();
        if (!spec.ok()) return std::move(spec).error();
        auto actor = who.ActorFor(spec->region);
        if (!actor) return OutOfScope();
        if (spec->events.empty()) {
            Commit unchanged{{}, true};
            unchanged.result.stream_id = spec->stream_id;
            return unchanged;
        }
        auto commit = Append(*actor, std::move(spec).value(), options.command_id);
        if (commit.ok() || commit.error().code != Errc::kConflict || attempt >= options.attempts) {
            return commit;
        }
    }
}

Result<Commit> CommandService::Append(const eventstore::Actor& actor, CommandSpec spec,
                                      const std::string& command_id) {
    auto result = log_.Append(
        {std::move(spec.stream_id), spec.expected, std::move(spec.events), command_id, actor});
    Count(result);
    if (!result.ok()) return std::move(result).error();
    if (runner_ && !spec.read_models.empty()) {
        const auto appended = std::chrono::steady_clock::now();
        runner_->WaitFor(result->last_position, spec.read_models, wait_);
        if (metrics_) {
            metrics_->ObserveProjectionLag(
                std::chrono::duration<double>(std::chrono::steady_clock::now() - appended).count());
        }
    }
    return Commit{*result};
}

std::vector<Status> CommandService::AppendEach(
    std::vector<std::pair<eventstore::Actor, CommandSpec>> specs) {
    std::vector<eventstore::AppendRequest> requests;
    requests.reserve(specs.size());
    for (auto& [actor, spec] : specs) {
        requests.push_back({std::move(spec.stream_id), spec.expected, std::move(spec.events), "",
                            std::move(actor)});
    }
    std::vector<Status> statuses;
    for (auto& result : log_.AppendEach(std::move(requests))) {
        Count(result);
        statuses.push_back(result.ok() ? Status{} : Status(std::move(result).error()));
    }
    return statuses;
}

void CommandService::Count(const Result<eventstore::AppendResult>& result) {
    if (!metrics_) return;
    if (!result.ok()) {
        metrics_->CountAppend(result.error().code == Errc::kConflict ? "conflict" : "error");
    } else {
        metrics_->CountAppend(result->duplicate ? "duplicate" : "ok");
    }
}

}  // namespace xfl::api
