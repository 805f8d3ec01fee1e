// /api/v1/postings: the job postings (用工岗位信息库): opened by caseworkers from an employer's
// request or a labour-service platform (or by a visit), filled by placements, withdrawn, and
// closed by the daily review when their end date has passed.
#include <charconv>

#include "routes.hpp"
#include "xfl/api/core/credentials.hpp"
#include "xfl/api/core/record_changes.hpp"
#include "xfl/api/geography/geography.hpp"
#include "xfl/domain/kernel/time.hpp"

namespace xfl::api {
namespace {

using domain::PostingState;

std::string PostingJson(const domain::PostingOpened& r, std::int64_t filled,
                        const std::string& status) {
    JsonOut provides;
    provides.OpenArray();
    for (const auto& p : r.provides) provides.Value(p);
    JsonOut out;
    out.Open()
        .Field("id", r.posting_id)
        .Field("employer_id", r.employer_id)
        .Field("employer_name", r.employer_name)
        .Field("title", r.title)
        .Field("trade", r.trade)
        .Field("skill_level", r.skill_level)
        .Field("region", r.region)
        .Field("headcount", r.headcount)
        .Field("filled", filled)
        .Field("status", status)
        .Field("wage_fen", r.wage_fen)
        .Field("wage_unit", r.wage_unit)
        .Field("term", r.term)
        .Field("start_date", r.start_date);
    if (!r.end_date.empty()) out.Field("end_date", r.end_date);
    out.FieldRaw("provides", provides.CloseArray().Take()).Field("source", r.source);
    if (!r.source_ref.empty()) out.Field("source_ref", r.source_ref);
    return out.Close().Take();
}

HttpResponse PostingResponse(const LoadedRecord<PostingState>& p) {
    HttpResponse r =
        JsonResponse(200, PostingJson(p.state.record, p.state.filled(), p.state.Status()));
    r.headers.emplace_back("ETag", ETag(p.version));
    return r;
}

HttpResponse PostingCommitted(int status, const Commit& commit) {
    return CommitResponse(
        status, domain::kPostingStreams.IdOf(commit.result.stream_id).value_or(""), commit);
}

Result<CommandSpec> OpenPosting(Services& services, RequestContext& ctx) {
    XFL_TRY(body, ReadJson(ctx));
    domain::PostingOpened p;
    XFL_TRY(employer_id, body.String("employer_id", 18));
    XFL_TRY(trade, body.String("trade", 40));
    XFL_TRY(headcount, body.OptionalInt("headcount"));
    XFL_TRY(source, body.String("source", 30));
    XFL_CHECK(ReadPostingTerms(body, p));
    XFL_CHECK(body.Finish());
    XFL_TRY(employer, LoadEmployer(services, ctx, employer_id));
    if (!employer.state.closed_on.empty()) {
        return Error::Make(Errc::kRuleViolated,
                           "employer_id: the employer closed on " + employer.state.closed_on,
                           "employer_id");
    }
    if (source == "employer_visit") {
        return Error::Make(Errc::kInvalidArgument,
                           "source: a visit opens its postings itself (POST "
                           "/api/v1/employers/{id}/visits); here employer_request or "
                           "labour_platform",
                           "source");
    }
    XFL_TRY(region, ReadKnownRegion(services, ctx,
                                    p.region.empty() ? employer.state.record.region : p.region));
    p.posting_id =
        services.NewWritableKey([] { return "po" + RandomHex(8); }, domain::PostingStreamId);
    p.employer_id = employer.state.record.employer_id;
    p.employer_name = employer.state.record.name;
    p.trade = std::move(trade);
    p.headcount = headcount.value_or(0);
    p.region = region.str();
    p.source = std::move(source);
    XFL_TRY(trades, LoadTrades(services));
    XFL_TRY(events, domain::DecideOpenPosting({}, p, domain::ChinaDay(ctx.now_us),
                                              [&](std::string_view t) { return trades.Knows(t); }));
    return CommandSpec{domain::PostingStreamId(p.posting_id),
                       eventstore::ExpectedVersion::NoStream(),
                       eventstore::MakeEvents(events, ctx.now_us), region, kPostingReadModels};
}

Result<std::optional<std::int64_t>> ReadFen(const RequestContext& ctx, const char* name) {
    auto text = ctx.Query(name);
    if (!text) return std::optional<std::int64_t>();
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
    if (ec != std::errc() || end != text->data() + text->size() || n < 0) {
        return Error::Make(Errc::kInvalidArgument,
                           std::string(name) + ": a whole number of fen, 0 or more", name);
    }
    return std::optional<std::int64_t>(n);
}

// ?region= (in scope; with ?nearby=county the caller's whole county), &trade=, &date= (work on
// that day), &wage_min=/&wage_max= (fen, whatever the unit), &open=true (open or partially
// filled), &as_of= (as recorded then) and/or &valid_on= (by the dates reported up to that day),
// cursor pages.
Result<HttpResponse> ListPostings(Services& services, RequestContext& ctx) {
    XFL_TRY(page, ReadPage(ctx));
    XFL_TRY(vantage, ctx.ReadVantage());
    XFL_TRY(wage_min, ReadFen(ctx, "wage_min"));
    XFL_TRY(wage_max, ReadFen(ctx, "wage_max"));
    const auto nearby = ctx.Query("nearby");
    if (nearby && *nearby != "county") {
        return Error::Make(Errc::kInvalidArgument, "nearby: only county", "nearby");
    }
    XFL_TRY(region_text, [&]() -> Result<std::string> {
        auto text = ctx.Query("region");
        if (!text) return Error::Make(Errc::kInvalidArgument, "region is required", "region");
        return *text;
    }());
    XFL_TRY(region, domain::RegionCode::Parse(region_text, "region"));
    domain::RegionCode area = region;
    if (nearby) {
        while (area.level() > domain::RegionLevel::kCounty) area = *area.Parent();
        if (!InCallersCounty(ctx, region)) return OutOfScope();
    } else if (!ctx.caller().Covers(ctx.roles, region)) {
        return OutOfScope();
    }
    const auto trade = ctx.Query("trade");
    std::optional<std::string> on_date;
    if (auto date = ctx.Query("date")) {
        XFL_TRY(day, domain::ParseDate(*date, "date"));
        on_date = domain::FormatDate(day);
    }
    XFL_TRY(open_only, ctx.BoolQuery("open", false));
    const std::int64_t at = vantage.as_of.value_or(ctx.now_us);
    const std::string valid_on = vantage.valid_on ? domain::FormatDate(*vantage.valid_on) : "";
    std::vector<std::pair<projections::PostingListing, std::string>> listed;
    std::string last_position;
    projections::ScanPostings(
        *services.store.View(projections::kPostingIndex), area.SignificantPrefix(), page.after,
        [&](const projections::PostingListing& p) {
            last_position = p.position;
            if (!p.ExistedAt(at, valid_on)) return true;
            if (trade && p.trade != *trade) return true;
            if (wage_min && p.wage_fen < *wage_min) return true;
            if (wage_max && p.wage_fen > *wage_max) return true;
            if (on_date &&
                (p.start_date > *on_date || (!p.end_date.empty() && p.end_date < *on_date))) {
                return true;
            }
            std::string status = p.StatusAt(at, valid_on);
            if (open_only && status != "open" && status != "partially_filled") return true;
            listed.emplace_back(p, std::move(status));
            return listed.size() < page.limit;
        });
    JsonOut out;
    out.Open().OpenArray("postings");
    for (const auto& [p, status] : listed) {
        out.Item(JsonOut()
                     .Open()
                     .Field("id", p.posting_id)
                     .Field("employer_id", p.employer_id)
                     .Field("employer_name", p.employer_name)
                     .Field("title", p.title)
                     .Field("trade", p.trade)
                     .Field("region", p.region)
                     .Field("term", p.term)
                     .Field("wage_fen", p.wage_fen)
                     .Field("wage_unit", p.wage_unit)
                     .Field("start_date", p.start_date)
                     .Field("end_date", p.end_date)
                     .Field("headcount", p.headcount)
                     .Field("filled", p.FilledAt(at, valid_on))
                     .Field("status", status)
                     .Close()
                     .Take());
    }
    out.CloseArray();
    if (listed.size() == page.limit) out.Field("next_cursor", EncodeCursor(last_position));
    return JsonResponse(200, out.Close().Take());
}

}  // namespace

void AddPostingRoutes(RouteBuilder& routes, Services& services) {
    routes.Command(
        "POST", "/api/v1/postings", kDemandWork,
        [&](RequestContext& ctx) { return OpenPosting(services, ctx); },
        [](const Commit& c) -> Result<HttpResponse> { return PostingCommitted(201, c); });
    routes.Query("GET", "/api/v1/postings", kDemandRead,
                 [&](RequestContext& ctx) { return ListPostings(services, ctx); });
    routes.Query("GET", "/api/v1/postings/{id}", kDemandRead,
                 [&](RequestContext& ctx) -> Result<HttpResponse> {
                     XFL_TRY(vantage, ctx.ReadVantage());
                     XFL_TRY(posting, LoadPosting(services, ctx, ctx.request.path_params["id"],
                                                  Nearby::kCountyToo, vantage));
                     return PostingResponse(posting);
                 });
    routes.Query(
        "GET", "/api/v1/postings/{id}/history", kDemandRead,
        [&](RequestContext& ctx) -> Result<HttpResponse> {
            XFL_TRY(posting,
                    LoadPosting(services, ctx, ctx.request.path_params["id"], Nearby::kCountyToo));
            XFL_TRY(events,
                    services.Stream(domain::PostingStreamId(posting.state.record.posting_id)));
            XFL_TRY(changes, ChangesByEvent<PostingState>(events, domain::ApplyPostingEvent,
                                                          [](const PostingState& p, std::uint64_t) {
                                                              return PostingJson(
                                                                  p.record, p.filled(), p.Status());
                                                          }));
            return HistoryResponse(events, ResidentIds::kMasked, changes);
        });
    routes.Command(
        "POST", "/api/v1/postings/{id}/withdraw", kDemandWork,
        [&](RequestContext& ctx) -> Result<CommandSpec> {
            XFL_TRY(body, ReadJson(ctx));
            XFL_TRY(reason, body.String("reason", 500));
            XFL_CHECK(body.Finish());
            XFL_TRY(posting,
                    LoadPosting(services, ctx, ctx.request.path_params["id"], Nearby::kScopeOnly));
            XFL_CHECK(ctx.CheckIfMatch(posting.version));
            XFL_TRY(events, domain::DecideWithdrawPosting(posting.state, reason,
                                                          domain::ChinaDay(ctx.now_us)));
            return CommandSpec{domain::PostingStreamId(posting.state.record.posting_id),
                               eventstore::ExpectedVersion::Exactly({posting.version}),
                               eventstore::MakeEvents(events, ctx.now_us), posting.region,
                               kPostingReadModels};
        },
        [](const Commit& c) -> Result<HttpResponse> { return PostingCommitted(200, c); });
}

}  // namespace xfl::api
