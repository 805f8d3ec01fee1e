// Read models of supervision: findings and inspections under their regions
// (core/record_index.hpp), so that a county's findings or a region's inspections fold as of any
// recorded time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "xfl/domain/supervision/finding.hpp"
#include "xfl/domain/supervision/inspection.hpp"
#include "xfl/projections/core/projection.hpp"
#include "xfl/projections/core/record_index.hpp"

namespace xfl::projections {

inline constexpr std::string_view kFindingIndex = "finding_index";
inline constexpr std::string_view kInspectionIndex = "inspection_index";

std::unique_ptr<Projection> MakeFindingIndexProjection();
std::unique_ptr<Projection> MakeInspectionIndexProjection();

// The findings (inspections) whose region starts with `region_prefix`, as they stood `at` (as
// recorded, and by the dates reported), in region and id order, until `visit` returns false.
void ScanFindings(const StateView& index, std::string_view region_prefix, const RecordVantage& at,
                  const std::function<bool(const domain::FindingState&)>& visit);
void ScanInspections(const StateView& index, std::string_view region_prefix,
                     const RecordVantage& at,
                     const std::function<bool(const domain::InspectionState&)>& visit);

}  // namespace xfl::projections
