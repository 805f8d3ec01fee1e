// Private: the employment context's route groups and what they share.
#pragma once

#include <string_view>
#include <vector>

#include "xfl/api/core/jobs.hpp"
#include "xfl/api/core/records.hpp"
#include "xfl/api/core/service.hpp"
#include "xfl/domain/employment/employer.hpp"
#include "xfl/domain/employment/posting.hpp"
#include "xfl/domain/employment/trade.hpp"
#include "xfl/domain/households/household.hpp"
#include "xfl/projections/employment/employment.hpp"
#include "xfl/projections/households/households.hpp"
#include "xfl/projections/households/labour_stats.hpp"

namespace xfl::api {

// Caseworkers and admins change the demand side within their scope; inspectors read it.
inline const RoleSet kDemandWork = {domain::Role::kAdmin, domain::Role::kCaseworker};
inline const RoleSet kDemandRead = {domain::Role::kAdmin, domain::Role::kCaseworker,
                                    domain::Role::kInspector};
// Arbitration officers register a dispute's respondent that is not in the register yet (on the
// way, from the case), and read an employer's record; the rest of the demand side is not theirs.
inline const RoleSet kEmployerRegistration = {domain::Role::kAdmin, domain::Role::kCaseworker,
                                              domain::Role::kArbitrator};
inline const RoleSet kEmployerRead = {domain::Role::kAdmin, domain::Role::kCaseworker,
                                      domain::Role::kInspector, domain::Role::kArbitrator};

inline const std::vector<std::string_view> kEmployerReadModels = {
    projections::kEmployerIndex, projections::kEmploymentFollowUps};
inline const std::vector<std::string_view> kPostingReadModels = {projections::kPostingIndex,
                                                                 projections::kEmploymentFollowUps};
// A placement shows in the household's read models as a survey answer would, and in the
// placement index.
inline const std::vector<std::string_view> kPlacementReadModels = {
    projections::kHouseholdIndex, projections::kZeroEmploymentBoard, projections::kLabourStats,
    projections::kPlacementIndex, projections::kEmploymentFollowUps};

void AddEmployerRoutes(RouteBuilder& routes, Services& services);
void AddPostingRoutes(RouteBuilder& routes, Services& services);
void AddPlacementRoutes(RouteBuilder& routes, Services& services);
void AddEmploymentReportRoutes(RouteBuilder& routes, Services& services);
void AddEmploymentImportRoutes(RouteBuilder& routes, Services& services);

// A region the caller works in (else 403 revealing nothing), that the region tree knows.
Result<domain::RegionCode> ReadKnownRegion(Services& services, const RequestContext& ctx,
                                           const std::string& text);

// The trade catalogue: the built-in trades and those admins added.
Result<domain::TradeCatalogue> LoadTrades(Services& services);

// Whether the caller may see a posting in `region`: inside a region where they hold one of the
// route's roles, or in the same county as one (postings nearby are what people are placed in).
bool InCallersCounty(const RequestContext& ctx, const domain::RegionCode& region);

// An employer the caller may see (in scope), now or from the `vantage` asked for.
Result<LoadedRecord<domain::EmployerState>> LoadEmployer(Services& services,
                                                         const RequestContext& ctx,
                                                         const std::string& id,
                                                         const Vantage& vantage = {});
// A posting the caller may see: in scope, or in their county when `nearby` allows it.
enum class Nearby { kScopeOnly, kCountyToo };
Result<LoadedRecord<domain::PostingState>> LoadPosting(Services& services,
                                                       const RequestContext& ctx,
                                                       const std::string& id, Nearby nearby,
                                                       const Vantage& vantage = {});

// The household side of a filled seat, or the seat given back when the household cannot take
// the placement (the household's error is returned then); Errc::kConflict when the seat was given
// back meanwhile. Both steps carry fixed command ids.
Result<Commit> CompleteSeat(Services& services, const Authority& who, const std::string& posting_id,
                            const std::string& placement_id, std::int64_t now_us);
// The posting a visit's vacancy opens, if not yet open.
Result<Commit> OpenVisitPosting(Services& services, const Authority& who,
                                const std::string& employer_id, const std::string& posting_id,
                                std::int64_t now_us);

// The terms of a posting as a request states them (title, skill level, wage and its unit,
// start and end, term, what is provided, work location), read into `p`; POST /postings and a
// visit's vacancy both take them. `region` stays as it was when the request leaves it out.
Status ReadPostingTerms(JsonBody& body, domain::PostingOpened& p);

// The follow-up job (every 10 s) and the daily posting review.
std::vector<Job> EmploymentJobs();

}  // namespace xfl::api
