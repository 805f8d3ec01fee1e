// Decoding an event's payload, and a stored value, inside a projection. Stored history that does
// not decode stops the projection (the runner reports it) rather than being skipped.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "xfl/domain/kernel/event_type.hpp"
#include "xfl/domain/kernel/json_payload.hpp"
#include "xfl/eventstore/envelope.hpp"
#include "xfl/projections/core/projection.hpp"

namespace xfl::projections {

// The runner hands each event to every projection in turn, so the payload decoded last (per
// type and thread) is kept and handed out again to the next projection reading the same bytes.
// The reference is good until the next DecodeEvent<T> on this thread.
template <class T>
const T& DecodeEvent(const eventstore::EventEnvelope& e) {
    thread_local struct {
        std::optional<T> value;
        std::uint32_t schema_version = 0;
        std::string payload;
    } last;
    if (last.value && last.schema_version == e.schema_version && last.payload == e.payload) {
        return *last.value;
    }
    last.value.reset();
    auto decoded = domain::DecodeStored<T>(e.schema_version, e.payload);
    if (!decoded.ok()) {
        throw std::runtime_error(e.type + " at version " + std::to_string(e.version.value) +
                                 " of " + e.stream_id + ": " + decoded.error().message);
    }
    last.value = std::move(decoded).value();
    last.schema_version = e.schema_version;
    last.payload = e.payload;
    return *last.value;
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
