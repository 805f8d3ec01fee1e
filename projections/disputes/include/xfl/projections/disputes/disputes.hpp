// The disputes index behind the officers' board (core/record_index.hpp): each case under its
// region, with its events, so that the cases of a region fold as of any recorded time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "xfl/domain/disputes/dispute.hpp"
#include "xfl/projections/core/projection.hpp"
#include "xfl/projections/core/record_index.hpp"

namespace xfl::projections {

inline constexpr std::string_view kDisputeIndex = "dispute_index";

std::unique_ptr<Projection> MakeDisputeIndexProjection();

struct DisputeListing {
    domain::DisputeState state;  // folded from the events recorded up to the time asked
    std::string officer;         // who accepted it for arbitration, if anyone
};
// The cases whose region starts with `region_prefix`, as they stood `at` (as recorded, and by the
// dates reported; cases filed later are left out), in region and id order.
void ScanDisputes(const StateView& index, std::string_view region_prefix, const RecordVantage& at,
                  const std::function<bool(const DisputeListing&)>& visit);

}  // namespace xfl::projections
