// Folding stored events into aggregate state: payload decoding by event type.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "xfl/domain/kernel/event_type.hpp"
#include "xfl/domain/kernel/json_payload.hpp"

namespace xfl::domain {

// One stored event as the domain sees it: its type, JSON payload and the schema version the
// payload was written in.
struct StoredEvent {
    std::string_view type;
    std::string_view payload;
    std::uint32_t schema_version = 1;
};

// If `event` is an E, decodes it and applies Evolve(state, e); returns whether it matched.
// A payload that does not decode is an error: stored history must always replay.
template <class E, class State>
Result<bool> ApplyIf(State& state, const StoredEvent& event) {
    if (event.type != E::kType) return false;
    auto decoded = DecodeStored<E>(event.schema_version, event.payload);
    if (!decoded.ok()) return std::move(decoded).error();
    state = Evolve(std::move(state), *decoded);
    return true;
}

// Applies the first matching event type of Es...; events of other types are left alone (they
// may come from newer code or belong to another aggregate sharing the stream).
template <class State, class... Es>
Status ApplyAny(State& state, const StoredEvent& event) {
    Status status;
    bool done = false;
    auto one = [&](auto tag) {
        using E = typename decltype(tag)::type;
        if (done || !status.ok()) return;
        auto applied = ApplyIf<E>(state, event);
        if (!applied.ok()) {
            status = std::move(applied).error();
        } else {
            done = *applied;
        }
    };
    (one(std::type_identity<Es>{}), ...);
    return status;
}

}  // namespace xfl::domain
