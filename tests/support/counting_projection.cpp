#include "support/counting_projection.hpp"

#include <charconv>
#include <stdexcept>

namespace xfl::testing {

std::uint64_t AsNumber(const std::optional<std::string>& text) {
    std::uint64_t n = 0;
    if (text) std::from_chars(text->data(), text->data() + text->size(), n);
    return n;
}

void CountingProjection::Apply(const eventstore::EventEnvelope& e,
                               projections::StateWriter& state) {
    if (e.position.value == fail_at_) throw std::runtime_error("simulated crash");
    state.Put("count", std::to_string(AsNumber(state.Get("count")) + 1));
    state.Put("sum", std::to_string(AsNumber(state.Get("sum")) + e.position.value));
    state.Put("version", std::to_string(version_));
}

}  // namespace xfl::testing
