// Private: the supervision context's route groups and what they share.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xfl/api/core/records.hpp"
#include "xfl/domain/supervision/finding.hpp"
#include "xfl/domain/supervision/inspection.hpp"
#include "xfl/projections/supervision/supervision.hpp"

namespace xfl::api {

// Only inspectors open, accept and reject findings and run inspections; the responsible side
// (caseworkers and arbitration officers of the region) answers; admins read.
inline const RoleSet kInspectors = {domain::Role::kInspector};
inline const RoleSet kResponsible = {domain::Role::kCaseworker, domain::Role::kArbitrator};
inline const RoleSet kFindingRead = {domain::Role::kAdmin, domain::Role::kInspector,
                                     domain::Role::kCaseworker, domain::Role::kArbitrator};
inline const RoleSet kInspectionRead = {domain::Role::kAdmin, domain::Role::kInspector};

inline const std::vector<std::string_view> kFindingReadModels = {projections::kFindingIndex};
inline const std::vector<std::string_view> kInspectionReadModels = {projections::kInspectionIndex};

Result<LoadedRecord<domain::FindingState>> LoadFinding(Services& services,
                                                       const RequestContext& ctx,
                                                       const std::string& id,
                                                       const Vantage& vantage = {});
Result<LoadedRecord<domain::InspectionState>> LoadInspection(Services& services,
                                                             const RequestContext& ctx,
                                                             const std::string& id,
                                                             const Vantage& vantage = {});

void AddFindingRoutes(RouteBuilder& routes, Services& services);
void AddInspectionRoutes(RouteBuilder& routes, Services& services);

}  // namespace xfl::api
