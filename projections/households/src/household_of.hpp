// Private: which household an event belongs to.
#pragma once

#include <optional>
#include <string>

#include "xfl/eventstore/envelope.hpp"

namespace xfl::projections {

// The household id of an event of a household stream ("household-<id>"); nullopt for any other
// stream, whose events the household read models skip.
inline std::optional<std::string> HouseholdOf(const eventstore::EventEnvelope& e) {
    constexpr std::string_view kPrefix = "household-";
    if (!e.stream_id.starts_with(kPrefix)) return std::nullopt;
    return e.stream_id.substr(kPrefix.size());
}
}  // namespace xfl::projections
