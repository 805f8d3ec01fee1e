// Private: the disputes context's route groups and what they share.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xfl/api/core/records.hpp"
#include "xfl/domain/disputes/dispute.hpp"
#include "xfl/projections/disputes/disputes.hpp"

namespace xfl::api {

// Arbitration officers and admins change a case in their region; village and township
// mediators (caseworkers) file and record mediation, nothing after it; inspectors read.
inline const RoleSet kDisputeWork = {domain::Role::kAdmin, domain::Role::kArbitrator};
inline const RoleSet kMediation = {domain::Role::kAdmin, domain::Role::kArbitrator,
                                   domain::Role::kCaseworker};
inline const RoleSet kDisputeRead = {domain::Role::kAdmin, domain::Role::kArbitrator,
                                     domain::Role::kCaseworker, domain::Role::kInspector};

// Every command on a case returns once the board shows it.
inline const std::vector<std::string_view> kDisputeReadModels = {projections::kDisputeIndex};

using LoadedDispute = LoadedRecord<domain::DisputeState>;
// A case the caller may see (in scope for the route's roles), now or from the `vantage` asked
// for.
Result<LoadedDispute> LoadDispute(Services& services, const RequestContext& ctx,
                                  const std::string& id, const Vantage& vantage = {});

// The case as it now stands after a commit, with `status`.
Result<HttpResponse> DisputeCommitted(Services& services, RequestContext& ctx, const Commit& commit,
                                      int status);

// A claimant named by claimant_household_id and claimant_person_id: a member of a household the
// caller works in, whose resident ID and name the register supplies when left out (a resident
// ID given must be theirs). Without them, the filing must give the resident ID.
Status TakeClaimantFromRegister(Services& services, const RequestContext& ctx,
                                domain::DisputeFiled& filed);

void AddDisputeRoutes(RouteBuilder& routes, Services& services);
void AddDisputeStepRoutes(RouteBuilder& routes, Services& services);
void AddMinimumWageRoutes(RouteBuilder& routes, Services& services);
void AddDisputeReportRoutes(RouteBuilder& routes, Services& services);

}  // namespace xfl::api
