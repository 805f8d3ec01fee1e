// /api/v1/reports/employment: the demand side's figures for a region and a period, as they stood
// at any time: postings and seats by trade and term, placements by kind, category of person and
// county, public-welfare posts held, zero-employment households cleared by placement or
// otherwise, and the enterprise visits (援企拓岗). JSON, or CSV with formula-safe cells.
#include <map>

#include "routes.hpp"
#include "xfl/api/core/report.hpp"
#include "xfl/api/geography/geography.hpp"

namespace xfl::api {
namespace {

std::string CountyOf(const std::string& region) { return region.substr(0, 6) + "000000"; }

void CountPostings(const projections::StateView& index, std::string_view prefix,
                   const ReportPeriod& period, ReportFigures& f) {
    projections::ScanPostings(index, prefix, {}, [&](const projections::PostingListing& p) {
        const bool overlaps =
            p.start_date <= period.to && (p.end_date.empty() || p.end_date >= period.from);
        if (p.opened_at_us > period.at_us || !overlaps) return true;
        // Seats and status at the period's end by the dates reported, as the period counts.
        const std::int64_t filled = p.FilledAt(period.at_us, period.to);
        for (const std::string* key : {&p.trade, &p.term}) {
            const std::string by = key == &p.trade ? "trade" : "term";
            f["postings_by_" + by][*key] += 1;
            f["headcount_by_" + by][*key] += p.headcount;
            f["filled_by_" + by][*key] += filled;
        }
        f["postings_by_status"][p.StatusAt(period.at_us, period.to)] += 1;
        return true;
    });
}

void CountPlacements(const projections::StateView& index, std::string_view prefix,
                     const ReportPeriod& period, ReportFigures& f) {
    projections::ScanPlacements(index, prefix, {}, [&](const projections::PlacementListing& p) {
        if (p.started_at_us > period.at_us) return true;
        if (period.Contains(p.start_date)) {
            f["placements_by_kind"][p.kind] += 1;
            f["placements_by_county"][CountyOf(p.village)] += 1;
            for (const auto& c : p.categories) f["placements_by_category"][c] += 1;
            if (p.categories.empty()) f["placements_by_category"]["none"] += 1;
        }
        const bool ended =
            !p.ended_on.empty() && p.ended_at_us <= period.at_us && p.ended_on <= period.to;
        if (p.kind == "public_welfare" && p.start_date <= period.to && !ended) {
            f["public_welfare_held_by_post_type"][p.post_type] += 1;
        }
        return true;
    });
}

void CountClearings(const projections::StateView& board, std::string_view prefix,
                    const ReportPeriod& period, ReportFigures& f) {
    projections::ScanZeroEmployment(
        board, projections::EpisodeList::kCleared, prefix, {},
        [&](const std::string&, const projections::ZeroEmploymentEpisode& ep) {
            if (ep.cleared_at_us > period.at_us || !period.Contains(ep.cleared)) return true;
            const bool by_placement = ep.clear_cause.starts_with("placement:");
            f["zero_employment_cleared_by"][by_placement ? "placement" : ep.clear_reason] += 1;
            return true;
        });
}

void CountVisits(const projections::StateView& index, std::string_view prefix,
                 const ReportPeriod& period, ReportFigures& f) {
    std::map<std::string, bool> employers;
    projections::ScanEmployerVisits(index, prefix, [&](const projections::EmployerVisitListing& v) {
        if (v.recorded_at_us > period.at_us || !period.Contains(v.date)) return true;
        auto& visits = f["employer_visits"];
        visits["visits"] += 1;
        visits["vacancies_found"] += v.vacancies;
        visits["postings_opened"] += v.postings_opened;
        employers[v.employer_id] = true;
        for (const auto& s : v.services) f["services_given"][s] += 1;
        return true;
    });
    f["employer_visits"]["employers_visited"] = static_cast<std::int64_t>(employers.size());
}

Result<HttpResponse> EmploymentReport(Services& services, RequestContext& ctx) {
    XFL_TRY(region, ReadRegionInScope(ctx));
    XFL_TRY(period, ReadReportPeriod(ctx));
    XFL_TRY(format, ReadExportOptions(ctx));
    const std::string_view prefix = region.SignificantPrefix();
    ReportFigures f;
    CountPostings(*services.store.View(projections::kPostingIndex), prefix, period, f);
    CountPlacements(*services.store.View(projections::kPlacementIndex), prefix, period, f);
    CountClearings(*services.store.View(projections::kZeroEmploymentBoard), prefix, period, f);
    CountVisits(*services.store.View(projections::kEmployerIndex), prefix, period, f);
    return ReportResponse("employment", "就业统计", RegionLabel(services, region), region, period,
                          f, format);
}

}  // namespace

void AddEmploymentReportRoutes(RouteBuilder& routes, Services& services) {
    routes.Query("GET", "/api/v1/reports/employment", kDemandRead,
                 [&](RequestContext& ctx) { return EmploymentReport(services, ctx); });
}

}  // namespace xfl::api
