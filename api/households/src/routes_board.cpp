// /api/v1/reports/zero-employment: the board of zero-employment households per region, with
// its limits, what is overdue, and the open and cleared lists, now or as of a past date.
#include <algorithm>
#include <limits>
#include <map>
#include <tuple>

#include "routes.hpp"
#include "xfl/api/core/export.hpp"
#include "xfl/api/geography/geography.hpp"
#include "xfl/domain/households/household.hpp"
#include "xfl/domain/kernel/resident_id.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/projections/households/households.hpp"

namespace xfl::api {
namespace {

// Where an episode's household is and who heads it, for finding it in a village; the head's
// resident ID masked.
struct Listing {
    std::string address, head_name, head_resident_id;
};

Listing ListingOf(const projections::StateView& index,
                  const projections::ZeroEmploymentEpisode& ep) {
    Listing listing{projections::HouseholdAddress(index, ep.region, ep.household_id), {}, {}};
    if (auto head = projections::HeadOfHousehold(index, ep.region, ep.household_id)) {
        listing.head_name = head->name;
        listing.head_resident_id = domain::MaskResidentId(head->resident_id);
    }
    return listing;
}

// The point a board is read at: what was known at the instant `at` (as_of; now by default) about
// the business day `day` (valid_on; the day of `at` by default).
struct Moment {
    std::int64_t at = 0;
    std::int64_t day = 0;
};

std::int64_t DayOf(const std::string& date) { return *domain::ParseDate(date, "date"); }

// Was the episode's flag, plan, clearing known at the moment and dated on or before its day?
bool Flagged(const projections::ZeroEmploymentEpisode& ep, const Moment& m) {
    return ep.flagged_at_us <= m.at && DayOf(ep.since) <= m.day;
}
bool Planned(const projections::ZeroEmploymentEpisode& ep, const Moment& m) {
    return !ep.plan_opened.empty() && ep.plan_recorded_at_us <= m.at &&
           DayOf(ep.plan_opened) <= m.day;
}
bool Cleared(const projections::ZeroEmploymentEpisode& ep, const Moment& m) {
    return ep.cleared_at_us != 0 && ep.cleared_at_us <= m.at && DayOf(ep.cleared) <= m.day;
}
// A flag recorded on a later day than the day it is dated (a ledger of past surveys, a visit
// entered days after it was made): the board of a past day did not show it then.
bool Backdated(const projections::ZeroEmploymentEpisode& ep) {
    return domain::ChinaDay(ep.flagged_at_us) > DayOf(ep.since);
}

// An open episode's limits at a moment, as the board shows them: the due dates, what is late,
// and by how many days a plan was opened after its limit.
struct OpenFacts {
    std::int64_t days_open = 0;
    domain::ZeroEmploymentLimits due;
    bool planned = false;
    std::int64_t plan_opened_late_days = 0;
    domain::ZeroEmploymentLateness late;
};

OpenFacts FactsOf(const projections::ZeroEmploymentEpisode& ep, const Moment& m,
                  const domain::ZeroEmploymentPolicy& policy) {
    const std::int64_t since = DayOf(ep.since);
    OpenFacts facts;
    facts.days_open = m.day - since;
    facts.due = domain::ZeroEmploymentDue(since, policy);
    facts.planned = Planned(ep, m);
    if (facts.planned) {
        facts.plan_opened_late_days =
            std::max<std::int64_t>(0, DayOf(ep.plan_opened) - facts.due.plan_due);
    }
    facts.late = domain::ZeroEmploymentLate(since, facts.planned, m.day, policy);
    return facts;
}

std::string OpenEpisodeJson(const projections::ZeroEmploymentEpisode& ep, const Listing& listing,
                            const Moment& m, const domain::ZeroEmploymentPolicy& policy) {
    const OpenFacts facts = FactsOf(ep, m, policy);
    JsonOut item;
    item.Open()
        .Field("id", ep.household_id)
        .Field("region", ep.region)
        .Field("address", listing.address)
        .Field("head_name", listing.head_name)
        .Field("head_resident_id", listing.head_resident_id)
        .Field("since", ep.since)
        .Field("flag_recorded_on", domain::FormatDate(domain::ChinaDay(ep.flagged_at_us)))
        .Field("backdated", Backdated(ep))
        .Field("days_open", facts.days_open)
        .Field("plan_due", domain::FormatDate(facts.due.plan_due))
        .Field("clear_due", domain::FormatDate(facts.due.clear_due));
    if (facts.planned) {
        item.Field("plan_opened", ep.plan_opened);
        if (facts.plan_opened_late_days > 0) {
            item.Field("plan_opened_late_days", facts.plan_opened_late_days);
        }
    }
    return item.Field("plan_overdue", facts.late.plan)
        .Field("clear_overdue", facts.late.clear)
        .Field("overdue", facts.late.any())
        .Close()
        .Take();
}

std::string ClearedEpisodeJson(const projections::ZeroEmploymentEpisode& ep,
                               const Listing& listing) {
    return JsonOut()
        .Open()
        .Field("id", ep.household_id)
        .Field("region", ep.region)
        .Field("address", listing.address)
        .Field("head_name", listing.head_name)
        .Field("head_resident_id", listing.head_resident_id)
        .Field("since", ep.since)
        .Field("flag_recorded_on", domain::FormatDate(domain::ChinaDay(ep.flagged_at_us)))
        .Field("backdated", Backdated(ep))
        .Field("cleared", ep.cleared)
        .Field("days_to_clear",
               *domain::ParseDate(ep.cleared, "cleared") - *domain::ParseDate(ep.since, "since"))
        .Field("reason", ep.clear_reason)
        .Field("cause", ep.clear_cause)
        .Close()
        .Take();
}

using Listed = std::vector<std::tuple<std::string, projections::ZeroEmploymentEpisode, Listing>>;

// The households of a board's list as a table to export: the village by name, dates, limits.
ExportTable BoardTable(Services& services, const domain::RegionCode& region,
                       projections::EpisodeList list, const Listed& items, const Moment& m,
                       bool by_business_date, bool english) {
    const bool open = list == projections::EpisodeList::kOpen;
    ExportTable table{std::string(open ? "零就业家庭（未清零）" : "零就业家庭（已清零）") + " " +
                          RegionLabel(services, region) + " " + domain::FormatDate(m.day) +
                          (by_business_date ? "（按业务日期）" : ""),
                      {{"id", "住户编号", 20},
                       {"village", "村(社区)", 30},
                       {"address", "地址", 30},
                       {"head_name", "户主", 10},
                       {"head_resident_id", "户主身份证号", 20},
                       {"since", "认定日期", 12},
                       {"flag_recorded_on", "认定录入日期", 12}},
                      {}};
    if (open) {
        table.columns.insert(table.columns.end(),
                             {{"days_open", "已持续天数", 10, true},
                              {"plan_due", "帮扶计划期限", 12},
                              {"plan_opened", "计划制定日期", 12},
                              {"plan_opened_late_days", "计划迟制定天数", 10, true},
                              {"clear_due", "清零期限", 12},
                              {"plan_overdue", "计划逾期", 8},
                              {"clear_overdue", "清零逾期", 8}});
    } else {
        table.columns.insert(table.columns.end(), {{"cleared", "清零日期", 12},
                                                   {"days_to_clear", "清零用时(天)", 10, true},
                                                   {"reason", "清零原因", 16},
                                                   {"cause", "依据", 28}});
    }
    const auto yes_no = [english](bool b) -> std::string {
        return english ? (b ? "yes" : "no") : (b ? "是" : "否");
    };
    std::map<std::string, std::string> villages;  // code → label, each looked up once
    for (const auto& [position, ep, listing] : items) {
        auto village = villages.find(ep.region);
        if (village == villages.end()) {
            auto code = domain::RegionCode::Parse(ep.region);
            village =
                villages.emplace(ep.region, code.ok() ? RegionLabel(services, *code) : ep.region)
                    .first;
        }
        std::vector<std::string> row{ep.household_id,
                                     village->second,
                                     listing.address,
                                     listing.head_name,
                                     listing.head_resident_id,
                                     ep.since,
                                     domain::FormatDate(domain::ChinaDay(ep.flagged_at_us))};
        if (open) {
            const OpenFacts facts = FactsOf(ep, m, domain::kZeroEmploymentPolicy);
            row.insert(
                row.end(),
                {std::to_string(facts.days_open), domain::FormatDate(facts.due.plan_due),
                 facts.planned ? ep.plan_opened : "",
                 facts.plan_opened_late_days > 0 ? std::to_string(facts.plan_opened_late_days) : "",
                 domain::FormatDate(facts.due.clear_due), yes_no(facts.late.plan),
                 yes_no(facts.late.clear)});
        } else {
            row.insert(row.end(), {ep.cleared,
                                   std::to_string(*domain::ParseDate(ep.cleared, "cleared") -
                                                  *domain::ParseDate(ep.since, "since")),
                                   ep.clear_reason, ep.clear_cause});
        }
        table.rows.push_back(std::move(row));
    }
    return table;
}

// The board of a region: figures for the whole region and one page of the open (or, with
// ?list=cleared, the cleared) households. The present comes from counters and one page of keys;
// a past instant (?as_of=, what was known then) or a past business day (?valid_on=, what was
// true then by the dates reported) from the board's steps and a page read from both lists.
Result<HttpResponse> ZeroEmploymentReport(Services& services, RequestContext& ctx) {
    XFL_TRY(region, ReadRegionInScope(ctx));
    XFL_TRY(vantage, ctx.ReadVantage());
    const std::optional<std::int64_t> as_of = vantage.as_of, valid_on = vantage.valid_on;
    XFL_TRY(page, ReadPage(ctx));
    const std::string list_name = ctx.Query("list").value_or("open");
    if (list_name != "open" && list_name != "cleared") {
        return Error::Make(Errc::kInvalidArgument, "list: open or cleared", "list");
    }
    const auto list =
        list_name == "open" ? projections::EpisodeList::kOpen : projections::EpisodeList::kCleared;
    const std::int64_t at = as_of.value_or(ctx.now_us);
    const Moment moment{at, valid_on.value_or(domain::ChinaDay(at))};
    const auto& policy = domain::kZeroEmploymentPolicy;
    auto board = services.store.View(projections::kZeroEmploymentBoard);

    XFL_TRY(format, ReadExportOptions(ctx));
    // An export lists the whole region; the JSON one page.
    if (format.format != ExportFormat::kJson) page.limit = std::numeric_limits<std::size_t>::max();

    projections::BoardSummary sum;
    std::vector<std::pair<std::string, projections::ZeroEmploymentEpisode>> items;  // by position
    if (!as_of && !valid_on) {
        sum = projections::SummariseZeroEmployment(*board, region.str(), moment.day, policy);
        projections::ScanZeroEmployment(
            *board, list, region.SignificantPrefix(), page.after,
            [&](const std::string& position, const projections::ZeroEmploymentEpisode& ep) {
                items.emplace_back(position, ep);
                return items.size() < page.limit;
            });
    } else {
        sum = projections::SummariseZeroEmploymentAt(*board, region, as_of, moment.day);
        // The page: a page from each list at most, in position order, of the episodes that
        // were in the asked list at the moment (one cleared then is cleared now: only the
        // cleared list holds those); the second list only up to where a full page of the first
        // ends; a first page is done once it holds them all.
        const bool want_cleared = list == projections::EpisodeList::kCleared;
        const auto in_list = static_cast<std::size_t>(want_cleared ? sum.cleared : sum.open);
        const auto done = [&] { return page.after.empty() && items.size() >= in_list; };
        std::optional<std::string> page_ends;
        for (auto l : {projections::EpisodeList::kOpen, projections::EpisodeList::kCleared}) {
            if (done() || (want_cleared && l == projections::EpisodeList::kOpen)) continue;
            std::size_t found = 0;
            projections::ScanZeroEmployment(
                *board, l, region.SignificantPrefix(), page.after,
                [&](const std::string& position, const projections::ZeroEmploymentEpisode& ep) {
                    if (page_ends && position > *page_ends) return false;
                    if (!Flagged(ep, moment) || Cleared(ep, moment) != want_cleared) return true;
                    items.emplace_back(position, ep);
                    return ++found < page.limit && !done();
                });
            if (found == page.limit) page_ends = items.back().first;
        }
        std::sort(items.begin(), items.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        if (items.size() > page.limit) items.resize(page.limit);
    }
    auto index = services.store.View(projections::kHouseholdIndex);
    Listed listed;
    listed.reserve(items.size());
    for (auto& [position, ep] : items) {
        Listing listing = ListingOf(*index, ep);
        listed.emplace_back(std::move(position), std::move(ep), std::move(listing));
    }
    if (format.format != ExportFormat::kJson) {
        return ExportResponse(BoardTable(services, region, list, listed, moment,
                                         valid_on.has_value(), format.english),
                              format,
                              "zero-employment-" + list_name + "-" + region.str() + "-" +
                                  domain::FormatDate(moment.day));
    }
    JsonOut households;
    households.OpenArray();
    for (const auto& [position, ep, listing] : listed) {
        households.Item(list == projections::EpisodeList::kOpen
                            ? OpenEpisodeJson(ep, listing, moment, policy)
                            : ClearedEpisodeJson(ep, listing));
    }
    auto n = [](std::int64_t v) { return static_cast<std::uint64_t>(v); };
    JsonOut out;
    out.Open().Field("region", region.str()).Field("as_of", domain::FormatRfc3339(at));
    if (valid_on) out.Field("valid_on", domain::FormatDate(*valid_on));
    out.Field("open", n(sum.open))
        .Field("backdated_open", n(sum.backdated_open))
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
    if (listed.size() == page.limit) {
        out.Field("next_cursor", EncodeCursor(std::get<0>(listed.back())));
    }
    return JsonResponse(200, out.Close().Take());
}

}  // namespace

void AddBoardRoutes(RouteBuilder& routes, Services& services) {
    routes.Query("GET", "/api/v1/reports/zero-employment", kCaseRead,
                 [&](RequestContext& ctx) { return ZeroEmploymentReport(services, ctx); });
}

}  // namespace xfl::api
