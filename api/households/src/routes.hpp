// Private: the households context's route groups, added by HouseholdsContext().
#pragma once

#include "xfl/api/core/jobs.hpp"
#include "xfl/api/core/service.hpp"
#include "xfl/projections/households/households.hpp"
#include "xfl/projections/households/labour_stats.hpp"

namespace xfl::api {

// What a change to a household shows in, for whoever reads next: search, the board, statistics.
// Who may read households and their reports: the caseworkers who work them, admins, and the
// inspectors who audit them.
inline const RoleSet kCaseRead = {domain::Role::kAdmin, domain::Role::kCaseworker,
                                  domain::Role::kInspector};

inline const std::vector<std::string_view> kHouseholdReadModels = {
    projections::kHouseholdIndex, projections::kZeroEmploymentBoard, projections::kLabourStats};

void AddHouseholdRoutes(RouteBuilder& routes, Services& services);
void AddBoardRoutes(RouteBuilder& routes, Services& services);
void AddPeopleRoutes(RouteBuilder& routes, Services& services);

// Records that the caller saw full resident IDs of a household (who, when, which household,
// which view, why) before they are shown. Only a grant with one of `allowed` covering the
// household's region allows it, and it is recorded under that grant.
Status RecordAccess(Services& services, RequestContext& ctx, const RoleSet& allowed,
                    const std::string& household_id, const domain::RegionCode& region,
                    std::string view, std::string reason);
void AddReportRoutes(RouteBuilder& routes, Services& services);
void AddImportRoutes(RouteBuilder& routes, Services& services);

// The review of ReviewZeroEmployment, daily (run every hour, so a day the server starts late
// is still reviewed).
Job ZeroEmploymentReviewJob();

}  // namespace xfl::api
