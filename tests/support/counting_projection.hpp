// A projection that counts events and sums their positions: if any event were applied twice or
// skipped, sum != n(n+1)/2 for count n. It can throw at one position, as a crash mid-batch would.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "xfl/projections/core/projection.hpp"

namespace xfl::testing {

std::uint64_t AsNumber(const std::optional<std::string>& text);

class CountingProjection final : public projections::Projection {
  public:
    explicit CountingProjection(std::uint32_t version = 1, std::uint64_t fail_at = 0)
        : version_(version), fail_at_(fail_at) {}
    std::string_view Name() const override { return "counting"; }
    std::uint32_t CodeVersion() const override { return version_; }
    void Apply(const eventstore::EventEnvelope& e, projections::StateWriter& state) override;

  private:
    std::uint32_t version_;
    std::uint64_t fail_at_;
};

inline std::uint64_t Triangle(std::uint64_t n) { return n * (n + 1) / 2; }

}  // namespace xfl::testing
