// Private: which household an event belongs to.
#pragma once

#include <optional>
#include <string>

#include "xfl/domain/households/household.hpp"
#include "xfl/eventstore/envelope.hpp"

namespace xfl::projections {

// The household id of an event of a household stream ("household-<id>"); nullopt for any other
// stream, whose events the household read models skip.
inline std::optional<std::string> HouseholdOf(const eventstore::EventEnvelope& e) {
    const auto id = domain::kHouseholdStreams.IdOf(e.stream_id);
    if (!id) return std::nullopt;
    return std::string(*id);
}
}  // namespace xfl::projections
