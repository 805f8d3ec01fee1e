// What a context tells the audit about its records' time limits (a plan due after a flag, a
// finding's rectification deadline, a dispute's statutory clocks), so that the activity can
// flag a record changed soon after a limit passed unmet without knowing any context.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "xfl/api/core/commands.hpp"
#include "xfl/domain/kernel/deadline.hpp"
#include "xfl/domain/kernel/event_type.hpp"

namespace xfl::api {

struct Services;

struct LimitSource {
    domain::StreamKind streams;
    // The limits not met by the record that `events` (the first events of its stream) make,
    // as they stand on China day `day`.
    std::function<Result<std::vector<domain::PendingLimit>>(
        Services&, std::span<const eventstore::EventEnvelope> events, std::int64_t day)>
        pending;
};

// A source that folds the events into `State` with `apply` and asks `limits(services, state,
// day)`.
template <class State, class Apply, class Limits>
LimitSource MakeLimitSource(domain::StreamKind streams, Apply apply, Limits limits) {
    return {streams,
            [apply, limits](Services& services, std::span<const eventstore::EventEnvelope> events,
                            std::int64_t day) -> Result<std::vector<domain::PendingLimit>> {
                auto loaded = LoadFrom<State>(events, apply);
                if (!loaded.ok()) return std::move(loaded).error();
                return limits(services, loaded->state, day);
            }};
}

}  // namespace xfl::api
