// Private: decoding an event's payload inside a projection. Stored history that does not
// decode stops the projection (the runner reports it) rather than being skipped.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

#include "xfl/domain/json_payload.hpp"
#include "xfl/eventstore/envelope.hpp"

namespace xfl::projections {

template <class T>
T DecodeEvent(const eventstore::EventEnvelope& e) {
    auto decoded = domain::FromJsonPayload<T>(e.payload);
    if (!decoded.ok()) {
        throw std::runtime_error(e.type + " at version " + std::to_string(e.version.value) +
                                 " of " + e.stream_id + ": " + decoded.error().message);
    }
    return std::move(decoded).value();
}

// The household id of an event of a household stream ("household-<id>"); nullopt for any other
// stream, whose events the household read models skip.
inline std::optional<std::string> HouseholdOf(const eventstore::EventEnvelope& e) {
    constexpr std::string_view kPrefix = "household-";
    if (!e.stream_id.starts_with(kPrefix)) return std::nullopt;
    return e.stream_id.substr(kPrefix.size());
}

}  // namespace xfl::projections
