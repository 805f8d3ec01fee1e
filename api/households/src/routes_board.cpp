// /api/v1/reports/zero-employment: the board of zero-employment households per region, with
// its limits, what is overdue, and the open and cleared lists, now or as of a past date.
#include "routes.hpp"
#include "xfl/domain/households/household.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/projections/households/households.hpp"

namespace xfl::api {
namespace {

std::string OpenEpisodeJson(const projections::ZeroEmploymentEpisode& ep, std::int64_t at,
                            const domain::ZeroEmploymentPolicy& policy) {
    const std::int64_t day = domain::ChinaDay(at);
    const std::int64_t since = *domain::ParseDate(ep.since, "since");
    const bool planned = !ep.plan_opened.empty() && ep.plan_recorded_at_us <= at;
    const auto due = domain::ZeroEmploymentDue(since, policy);
    const auto late = domain::ZeroEmploymentLate(since, planned, day, policy);
    JsonOut item;
    item.Open()
        .Field("id", ep.household_id)
        .Field("region", ep.region)
        .Field("since", ep.since)
        .Field("days_open", day - since)
        .Field("plan_due", domain::FormatDate(due.plan_due))
        .Field("clear_due", domain::FormatDate(due.clear_due));
    if (planned) item.Field("plan_opened", ep.plan_opened);
    return item.Field("plan_overdue", late.plan)
        .Field("clear_overdue", late.clear)
        .Field("overdue", late.any())
        .Close()
        .Take();
}

std::string ClearedEpisodeJson(const projections::ZeroEmploymentEpisode& ep) {
    return JsonOut()
        .Open()
        .Field("id", ep.household_id)
        .Field("region", ep.region)
        .Field("since", ep.since)
        .Field("cleared", ep.cleared)
        .Field("days_to_clear",
               *domain::ParseDate(ep.cleared, "cleared") - *domain::ParseDate(ep.since, "since"))
        .Field("reason", ep.clear_reason)
        .Field("cause", ep.clear_cause)
        .Close()
        .Take();
}

// The board of a region: figures for the whole region and one page of the open (or, with
// ?list=cleared, the cleared) households. The present comes from counters and one page of keys;
// a past date (?as_of=) reads every episode of the region, open and cleared, as it stood then.
Result<HttpResponse> ZeroEmploymentReport(Services& services, RequestContext& ctx) {
    XFL_TRY(region, ReadRegionInScope(ctx));
    XFL_TRY(as_of, ctx.AsOf());
    XFL_TRY(page, ReadPage(ctx));
    const std::string list_name = ctx.Query("list").value_or("open");
    if (list_name != "open" && list_name != "cleared") {
        return Error::Make(Errc::kInvalidArgument, "list: open or cleared", "list");
    }
    const auto list =
        list_name == "open" ? projections::EpisodeList::kOpen : projections::EpisodeList::kCleared;
    const std::int64_t at = as_of.value_or(ctx.now_us);
    const std::int64_t day = domain::ChinaDay(at);
    const auto& policy = domain::kZeroEmploymentPolicy;
    auto board = services.store.View(projections::kZeroEmploymentBoard);

    projections::BoardSummary sum;
    std::vector<std::pair<std::string, std::string>> items;  // position, JSON
    auto item_json = [&](const projections::ZeroEmploymentEpisode& ep) {
        return list == projections::EpisodeList::kOpen ? OpenEpisodeJson(ep, at, policy)
                                                       : ClearedEpisodeJson(ep);
    };
    if (!as_of) {
        sum = projections::SummariseZeroEmployment(*board, region.str(), day, policy);
        projections::ScanZeroEmployment(
            *board, list, region.SignificantPrefix(), page.after,
            [&](const std::string& position, const projections::ZeroEmploymentEpisode& ep) {
                items.emplace_back(position, item_json(ep));
                return items.size() < page.limit;
            });
    } else {
        auto visit = [&](const std::string& position,
                         const projections::ZeroEmploymentEpisode& ep) {
            if (ep.flagged_at_us > at) return true;
            const std::int64_t since = *domain::ParseDate(ep.since, "since");
            const bool is_cleared = ep.cleared_at_us != 0 && ep.cleared_at_us <= at;
            if (is_cleared) {
                ++sum.cleared;
                sum.days_to_clear += *domain::ParseDate(ep.cleared, "cleared") - since;
            } else {
                const bool planned = !ep.plan_opened.empty() && ep.plan_recorded_at_us <= at;
                const auto late = domain::ZeroEmploymentLate(since, planned, day, policy);
                ++sum.open;
                sum.plan_overdue += late.plan ? 1 : 0;
                sum.clear_overdue += late.clear ? 1 : 0;
                sum.overdue += late.any() ? 1 : 0;
            }
            const bool listed = is_cleared == (list == projections::EpisodeList::kCleared);
            if (listed && position > page.after) items.emplace_back(position, item_json(ep));
            return true;
        };
        for (auto l : {projections::EpisodeList::kOpen, projections::EpisodeList::kCleared}) {
            projections::ScanZeroEmployment(*board, l, region.SignificantPrefix(), {}, visit);
        }
        std::sort(items.begin(), items.end());
        if (items.size() > page.limit) items.resize(page.limit);
    }
    JsonOut households;
    households.OpenArray();
    for (const auto& item : items) households.Item(item.second);
    auto n = [](std::int64_t v) { return static_cast<std::uint64_t>(v); };
    JsonOut out;
    out.Open()
        .Field("region", region.str())
        .Field("as_of", domain::FormatRfc3339(at))
        .Field("open", n(sum.open))
        .Field("overdue", n(sum.overdue))
        .Field("plan_overdue", n(sum.plan_overdue))
        .Field("clear_overdue", n(sum.clear_overdue))
        .Field("cleared_count", n(sum.cleared));
    if (sum.cleared > 0) {
        char mean[32];
        std::snprintf(mean, sizeof mean, "%.1f",
                      static_cast<double>(sum.days_to_clear) / static_cast<double>(sum.cleared));
        out.FieldRaw("mean_days_to_clear", mean);
    }
    out.Field("list", list_name).FieldRaw("households", households.CloseArray().Take());
    if (items.size() == page.limit) out.Field("next_cursor", EncodeCursor(items.back().first));
    return JsonResponse(200, out.Close().Take());
}

}  // namespace

void AddBoardRoutes(RouteBuilder& routes, Services& services) {
    routes.Query("GET", "/api/v1/reports/zero-employment", kCaseRead,
                 [&](RequestContext& ctx) { return ZeroEmploymentReport(services, ctx); });
}

}  // namespace xfl::api
