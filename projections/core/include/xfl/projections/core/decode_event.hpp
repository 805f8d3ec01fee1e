// Decoding an event's payload, and a stored value, inside a projection. Stored history that does
// not decode stops the projection (the runner reports it) rather than being skipped.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

#include "xfl/domain/kernel/event_type.hpp"
#include "xfl/domain/kernel/json_payload.hpp"
#include "xfl/eventstore/envelope.hpp"
#include "xfl/projections/core/projection.hpp"

namespace xfl::projections {

template <class T>
T DecodeEvent(const eventstore::EventEnvelope& e) {
    auto decoded = domain::DecodeStored<T>(e.schema_version, e.payload);
    if (!decoded.ok()) {
        throw std::runtime_error(e.type + " at version " + std::to_string(e.version.value) +
                                 " of " + e.stream_id + ": " + decoded.error().message);
    }
    return std::move(decoded).value();
}

// A value a projection stored as JSON; a stored value that does not decode means the read model
// is damaged, which must stop the projection rather than be skipped.
template <class T>
std::optional<T> LoadStored(const StateView& state, const std::string& key) {
    auto raw = state.Get(key);
    if (!raw) return std::nullopt;
    auto decoded = domain::FromJsonPayload<T>(*raw);
    if (!decoded.ok()) throw std::runtime_error("corrupt read model entry " + key);
    return std::move(decoded).value();
}

}  // namespace xfl::projections
