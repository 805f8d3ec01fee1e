// /api/v1/reports/employment: the demand side's figures for a region and a period, as they stood
// at any time: postings and seats by trade and term, placements by kind, category of person and
// county, public-welfare posts held, zero-employment households cleared by placement or
// otherwise, and the enterprise visits (援企拓岗). JSON, or CSV with formula-safe cells.
#include <map>

#include "routes.hpp"
#include "xfl/api/core/csv.hpp"
#include "xfl/domain/kernel/time.hpp"

namespace xfl::api {
namespace {

using Figures = std::map<std::string, std::map<std::string, std::int64_t>>;

struct Period {
    std::string from, to;    // business dates, inclusive
    std::int64_t at_us = 0;  // recorded up to (as_of, else now)

    bool Contains(const std::string& date) const { return date >= from && date <= to; }
};

Result<Period> ReadPeriod(const RequestContext& ctx) {
    XFL_TRY(as_of, ctx.AsOf());
    Period p;
    p.at_us = as_of.value_or(ctx.now_us);
    const std::int64_t last_day = domain::ChinaDay(p.at_us);
    std::int64_t to = last_day;
    if (auto text = ctx.Query("to")) {
        XFL_TRY(day, domain::ParseDate(*text, "to"));
        to = day;
    }
    std::int64_t from = domain::DaysFromCivil(domain::CivilFromDays(to).year, 1, 1);
    if (auto text = ctx.Query("from")) {
        XFL_TRY(day, domain::ParseDate(*text, "from"));
        from = day;
    }
    if (from > to) return Error::Make(Errc::kInvalidArgument, "from: after to", "from");
    p.from = domain::FormatDate(from);
    p.to = domain::FormatDate(to);
    return p;
}

std::string CountyOf(const std::string& region) { return region.substr(0, 6) + "000000"; }

void CountPostings(const projections::StateView& index, std::string_view prefix,
                   const Period& period, Figures& f) {
    projections::ScanPostings(index, prefix, {}, [&](const projections::PostingListing& p) {
        const bool overlaps =
            p.start_date <= period.to && (p.end_date.empty() || p.end_date >= period.from);
        if (p.opened_at_us > period.at_us || !overlaps) return true;
        const std::int64_t filled = p.FilledAt(period.at_us);
        for (const std::string* key : {&p.trade, &p.term}) {
            const std::string by = key == &p.trade ? "trade" : "term";
            f["postings_by_" + by][*key] += 1;
            f["headcount_by_" + by][*key] += p.headcount;
            f["filled_by_" + by][*key] += filled;
        }
        f["postings_by_status"][p.StatusAt(period.at_us)] += 1;
        return true;
    });
}

void CountPlacements(const projections::StateView& index, std::string_view prefix,
                     const Period& period, Figures& f) {
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
                    const Period& period, Figures& f) {
    projections::ScanZeroEmployment(
        board, projections::EpisodeList::kCleared, prefix, {},
        [&](const std::string&, const projections::ZeroEmploymentEpisode& ep) {
            if (ep.cleared_at_us > period.at_us || !period.Contains(ep.cleared)) return true;
            const bool by_placement = ep.clear_cause.starts_with("placement:");
            f["zero_employment_cleared_by"][by_placement ? "placement" : ep.clear_reason] += 1;
            return true;
        });
}

void CountVisits(const projections::StateView& index, std::string_view prefix, const Period& period,
                 Figures& f) {
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
    XFL_TRY(period, ReadPeriod(ctx));
    const std::string format = ctx.Query("format").value_or("json");
    if (format != "json" && format != "csv") {
        return Error::Make(Errc::kInvalidArgument, "format: json or csv", "format");
    }
    const std::string_view prefix = region.SignificantPrefix();
    Figures f;
    CountPostings(*services.store.View(projections::kPostingIndex), prefix, period, f);
    CountPlacements(*services.store.View(projections::kPlacementIndex), prefix, period, f);
    CountClearings(*services.store.View(projections::kZeroEmploymentBoard), prefix, period, f);
    CountVisits(*services.store.View(projections::kEmployerIndex), prefix, period, f);
    if (format == "csv") {
        std::string csv = "region,from,to,dimension,value,count\r\n";
        for (const auto& [dimension, values] : f) {
            for (const auto& [value, n] : values) {
                csv += region.str() + "," + period.from + "," + period.to + "," +
                       CsvText(dimension) + "," + CsvText(value) + "," + std::to_string(n) + "\r\n";
            }
        }
        HttpResponse r = JsonResponse(200, std::move(csv));
        r.content_type = "text/csv; charset=utf-8";
        r.headers.emplace_back("Content-Disposition", "attachment; filename=\"employment-" +
                                                          region.str() + "-" + period.from + "-" +
                                                          period.to + ".csv\"");
        return r;
    }
    JsonOut out;
    out.Open()
        .Field("region", region.str())
        .Field("from", period.from)
        .Field("to", period.to)
        .Field("as_of", domain::FormatRfc3339(period.at_us));
    for (const auto& [dimension, values] : f) {
        JsonOut group;
        group.Open();
        for (const auto& [value, n] : values) group.Field(value, n);
        out.FieldRaw(dimension, group.Close().Take());
    }
    return JsonResponse(200, out.Close().Take());
}

}  // namespace

void AddEmploymentReportRoutes(RouteBuilder& routes, Services& services) {
    routes.Query("GET", "/api/v1/reports/employment", kDemandRead,
                 [&](RequestContext& ctx) { return EmploymentReport(services, ctx); });
}

}  // namespace xfl::api
