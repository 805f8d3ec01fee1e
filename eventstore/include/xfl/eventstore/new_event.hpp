// Domain events to log events: type name, schema version and the cereal JSON payload.
#pragma once

#include <variant>
#include <vector>

#include "xfl/domain/kernel/event_type.hpp"
#include "xfl/domain/kernel/json_payload.hpp"
#include "xfl/eventstore/envelope.hpp"

namespace xfl::eventstore {

// E has a static `kType` and a cereal `serialize`.
template <class E>
NewEvent MakeEvent(const E& event, std::int64_t occurred_at_us) {
    return {std::string(E::kType), domain::SchemaVersionOf<E>(), occurred_at_us,
            domain::ToJsonPayload(event)};
}

template <class... Es>
std::vector<NewEvent> MakeEvents(const std::vector<std::variant<Es...>>& events,
                                 std::int64_t occurred_at_us) {
    std::vector<NewEvent> out;
    out.reserve(events.size());
    for (const auto& e : events) {
        out.push_back(
            std::visit([&](const auto& one) { return MakeEvent(one, occurred_at_us); }, e));
    }
    return out;
}

}  // namespace xfl::eventstore
