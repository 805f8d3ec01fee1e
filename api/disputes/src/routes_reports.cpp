// /api/v1/reports/disputes: a region's dispute figures for a period, and
// /api/v1/reports/repeated-wage-arrears: the employers with repeated unpaid-wage disputes, for
// the labour inspectors.
#include <algorithm>
#include <map>

#include "routes.hpp"
#include "xfl/api/calendar/calendar.hpp"
#include "xfl/api/core/report.hpp"
#include "xfl/api/geography/geography.hpp"
#include "xfl/domain/disputes/clocks.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/projections/employment/employment.hpp"

namespace xfl::api {
namespace {

// The respondent's industry section (GB/T 4754 letter), "unregistered" for an employer not in
// the register.
std::string IndustryOfRespondent(const projections::StateView& employers,
                                 const std::string& credit_code) {
    const auto employer = projections::FindEmployer(employers, credit_code);
    return employer ? employer->industry.substr(0, 1) : "unregistered";
}

// Flows in the period: cases filed (with what they claim), conclusions (how, in how many days,
// within the limits or not), amounts agreed, awarded and recovered; the state of each case as
// recorded up to the period's as-of time.
Result<ReportFigures> DisputeFigures(Services& services, const domain::RegionCode& region,
                                     const ReportPeriod& period) {
    XFL_TRY(calendar, LoadWorkingDays(services));
    ReportFigures f;
    const auto employers = services.store.View(projections::kEmployerIndex);
    std::vector<std::int64_t> days_to_conclude;
    projections::ScanDisputes(
        *services.store.View(projections::kDisputeIndex), region.SignificantPrefix(),
        {period.at_us, {}}, [&](const projections::DisputeListing& d) {
            const domain::DisputeState& s = d.state;
            if (period.Contains(s.filed.filed_on)) {
                const std::string industry =
                    IndustryOfRespondent(*employers, s.filed.respondent_id);
                f["cases"]["filed"] += 1;
                f["filed_by_first_stage"][s.filed.first_stage] += 1;
                f["filed_by_industry"][industry] += 1;
                f["claimed_fen_by_industry"][industry] += s.ClaimedFen();
                f["amounts_fen"]["claimed"] += s.ClaimedFen();
                for (const auto& c : s.filed.claims) f["claims_by_kind"][c.kind] += 1;
            }
            const auto conclusion = s.Concluded();
            if (period.Contains(conclusion.on)) {
                f["cases"]["concluded"] += 1;
                f["concluded_by_outcome"][conclusion.how] += 1;
                const bool kept = domain::ConcludedWithinLimits(s, *calendar);
                f["cases"]["concluded_within_limits"] += kept ? 1 : 0;
                days_to_conclude.push_back(domain::DayOr(conclusion.on, 0) -
                                           domain::DayOr(s.filed.filed_on, 0));
            }
            if (period.Contains(s.settlement.date)) {
                for (const auto& i : s.settlement.agreement) {
                    f["amounts_fen"]["agreed_in_mediation"] += i.amount_fen;
                }
            }
            if (period.Contains(s.settled_on)) {
                f["amounts_fen"]["agreed_in_arbitration"] += s.settled_fen;
            }
            if (period.Contains(s.awarded_on)) f["amounts_fen"]["awarded"] += s.DueFen();
            for (const auto& p : s.payments) {
                if (period.Contains(p.date)) f["amounts_fen"]["recovered"] += p.amount_fen;
            }
            return true;
        });
    for (const char* figure : {"filed", "concluded", "concluded_within_limits"}) {
        f["cases"][figure] += 0;
    }
    if (!days_to_conclude.empty()) {
        // The lower median: a whole number of days that some case took.
        auto middle = days_to_conclude.begin() +
                      static_cast<std::ptrdiff_t>((days_to_conclude.size() - 1) / 2);
        std::nth_element(days_to_conclude.begin(), middle, days_to_conclude.end());
        f["days_to_conclude"]["median"] = *middle;
        f["cases"]["within_limits_percent"] =
            f["cases"]["concluded_within_limits"] * 100 / f["cases"]["concluded"];
    }
    return f;
}

Result<HttpResponse> DisputeReport(Services& services, RequestContext& ctx) {
    XFL_TRY(region, ReadRegionInScope(ctx));
    XFL_TRY(period, ReadReportPeriod(ctx));
    XFL_TRY(format, ReadExportOptions(ctx));
    XFL_TRY(figures, DisputeFigures(services, region, period));
    return ReportResponse("disputes", "劳动争议统计", RegionLabel(services, region), region, period,
                          figures, format);
}

struct ArrearsCase {
    std::string id, filed_on, stage;
    std::int64_t unpaid_wages_fen = 0;
};

// Employers with at least ?min= (default 2) disputes claiming unpaid wages filed in the ?months=
// (default 12) months up to ?to= or ?valid_on= (default: the as-of day), as recorded up to
// ?as_of=; most cases first.
Result<HttpResponse> RepeatedArrears(Services& services, RequestContext& ctx) {
    XFL_TRY(region, ReadRegionInScope(ctx));
    XFL_TRY(vantage, ctx.ReadVantage());
    XFL_TRY(months, ctx.IntQuery("months", 12, 1, 60));
    XFL_TRY(minimum, ctx.IntQuery("min", 2, 2, 100));
    const std::int64_t at_us = vantage.as_of.value_or(ctx.now_us);
    XFL_TRY(day, ReadPeriodEnd(ctx, vantage));
    // From the same date `months` earlier (not counted) to the last day.
    const std::string from = domain::FormatDate(domain::AddMonths(day, -static_cast<int>(months))),
                      to = domain::FormatDate(day);
    struct Employer {
        std::string name;
        std::vector<ArrearsCase> cases;
    };
    std::map<std::string, Employer> employers;
    projections::ScanDisputes(
        *services.store.View(projections::kDisputeIndex), region.SignificantPrefix(), {at_us, {}},
        [&](const projections::DisputeListing& d) {
            const auto& f = d.state.filed;
            const std::int64_t unpaid = d.state.UnpaidWagesFen();
            if (unpaid > 0 && f.filed_on > from && f.filed_on <= to) {
                Employer& e = employers[f.respondent_id];
                e.name = f.respondent_name;
                e.cases.push_back({f.dispute_id, f.filed_on, d.state.stage, unpaid});
            }
            return true;
        });
    std::vector<std::pair<std::string, Employer>> listed;
    for (auto& [code, e] : employers) {
        if (e.cases.size() >= static_cast<std::size_t>(minimum)) listed.emplace_back(code, e);
    }
    std::stable_sort(listed.begin(), listed.end(), [](const auto& a, const auto& b) {
        return a.second.cases.size() > b.second.cases.size();
    });
    JsonOut out;
    out.Open()
        .Field("region", region.str())
        .Field("from", from)
        .Field("to", to)
        .Field("months", months)
        .Field("min", minimum)
        .OpenArray("employers");
    for (const auto& [code, e] : listed) {
        JsonOut cases;
        cases.OpenArray();
        std::int64_t total = 0;
        for (const ArrearsCase& c : e.cases) {
            total += c.unpaid_wages_fen;
            cases.Item(JsonOut()
                           .Open()
                           .Field("id", c.id)
                           .Field("filed_on", c.filed_on)
                           .Field("stage", c.stage)
                           .Field("unpaid_wages_fen", c.unpaid_wages_fen)
                           .Close()
                           .Take());
        }
        out.Item(JsonOut()
                     .Open()
                     .Field("respondent_id", code)
                     .Field("respondent_name", e.name)
                     .Field("disputes", static_cast<std::int64_t>(e.cases.size()))
                     .Field("unpaid_wages_fen", total)
                     .FieldRaw("cases", cases.CloseArray().Take())
                     .Close()
                     .Take());
    }
    return JsonResponse(200, out.CloseArray().Close().Take());
}

}  // namespace

void AddDisputeReportRoutes(RouteBuilder& routes, Services& services) {
    routes.Query("GET", "/api/v1/reports/disputes", kDisputeRead,
                 [&](RequestContext& ctx) { return DisputeReport(services, ctx); });
    routes.Query("GET", "/api/v1/reports/repeated-wage-arrears", kDisputeRead,
                 [&](RequestContext& ctx) { return RepeatedArrears(services, ctx); });
}

}  // namespace xfl::api
