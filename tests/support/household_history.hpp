// Histories of households made up by a test and applied to a read model by hand, at the instants
// the test chooses, in the order the log would hold them.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "support/memory_state.hpp"
#include "xfl/domain/households/household.hpp"
#include "xfl/domain/kernel/region_code.hpp"
#include "xfl/projections/core/projection.hpp"

namespace xfl::testing {

// Numbers drawn for a made-up history, the same for the same seed.
class Draw {
  public:
    explicit Draw(unsigned seed) : rng_(seed) {}
    // A number from `lo` to `hi`, both included.
    std::int64_t operator()(std::int64_t lo, std::int64_t hi) {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng_);
    }

  private:
    std::mt19937_64 rng_;
};

inline constexpr std::int64_t kDayUs = 86'400'000'000;

// The first instant of a day (days since 1970-01-01, China time, UTC+8).
inline std::int64_t StartOfChinaDay(std::int64_t day) { return day * kDayUs - 8 * 3'600'000'000LL; }

struct HouseholdEvent {
    std::string household;
    std::int64_t at_us;
    std::string type, payload;
};

// Applies `events` in the log's order: by time, each household's in the order it had them,
// numbered per household stream; what the projection holds back written every 1 to 64 events.
inline void ApplyInLogOrder(std::vector<HouseholdEvent> events, projections::Projection& projection,
                            MemoryState& state) {
    std::stable_sort(events.begin(), events.end(),
                     [](const auto& a, const auto& b) { return a.at_us < b.at_us; });
    std::map<std::string, std::uint64_t> versions;
    Draw batch_size(static_cast<unsigned>(events.size()));
    std::int64_t left_in_batch = batch_size(1, 64);
    for (const HouseholdEvent& event : events) {
        eventstore::EventEnvelope e;
        e.stream_id = domain::kHouseholdStreams.Of(event.household);
        e.version.value = ++versions[event.household];
        e.type = event.type;
        e.recorded_at_us = event.at_us;
        e.payload = event.payload;
        projection.Apply(e, state);
        if (--left_in_batch == 0) {
            projection.WriteHeld(state);
            left_in_batch = batch_size(1, 64);
        }
    }
    projection.WriteHeld(state);
}

// A village and every region above it.
inline std::vector<domain::RegionCode> VillageAndAbove(const std::string& village) {
    std::vector<domain::RegionCode> regions;
    for (auto region = domain::RegionCode::Parse(village); region.ok();) {
        regions.push_back(*region);
        auto parent = region->Parent();
        if (!parent) break;
        region = *parent;
    }
    return regions;
}

}  // namespace xfl::testing
