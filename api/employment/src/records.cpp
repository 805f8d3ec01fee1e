// Loading employers, postings and the trade catalogue for a caller, with scope applied.
#include "routes.hpp"
#include "xfl/api/geography/geography.hpp"

namespace xfl::api {

Result<domain::RegionCode> ReadKnownRegion(Services& services, const RequestContext& ctx,
                                           const std::string& text) {
    XFL_TRY(region, domain::RegionCode::Parse(text, "region"));
    if (!ctx.caller().Covers(ctx.roles, region)) return OutOfScope();
    XFL_CHECK(CheckKnownRegion(services, region));
    return region;
}

Result<domain::TradeCatalogue> LoadTrades(Services& services) {
    XFL_TRY(events, services.Stream(domain::kTradeStreams.Of(domain::kTradeCatalogueId)));
    XFL_TRY(loaded, LoadFrom<domain::TradeCatalogue>(events, domain::ApplyTradeEvent));
    domain::TradeCatalogue catalogue = domain::BuiltInTrades();
    for (auto& [code, name] : loaded.state.names) catalogue.names.emplace(code, name);
    return catalogue;
}

bool InCallersCounty(const RequestContext& ctx, const domain::RegionCode& region) {
    for (const domain::RegionCode& scope : ctx.caller().Scopes(ctx.roles)) {
        domain::RegionCode county = scope;
        while (county.level() > domain::RegionLevel::kCounty) county = *county.Parent();
        if (county.Contains(region)) return true;
    }
    return false;
}

Result<LoadedRecord<domain::EmployerState>> LoadEmployer(Services& services,
                                                         const RequestContext& ctx,
                                                         const std::string& id,
                                                         const Vantage& vantage) {
    return LoadRecord<domain::EmployerState>(
        services, ctx, {domain::kEmployerStreams, "employer", "employer_id"}, id, vantage,
        domain::ApplyEmployerEvent, [](const domain::EmployerState& s) { return s.record.region; });
}

Result<LoadedRecord<domain::PostingState>> LoadPosting(Services& services,
                                                       const RequestContext& ctx,
                                                       const std::string& id, Nearby nearby,
                                                       const Vantage& vantage) {
    return LoadRecord<domain::PostingState>(
        services, ctx, {domain::kPostingStreams, "posting", "posting_id"}, id, vantage,
        domain::ApplyPostingEvent, [](const domain::PostingState& s) { return s.record.region; },
        [&](const domain::RegionCode& region) {
            return ctx.caller().Covers(ctx.roles, region) ||
                   (nearby == Nearby::kCountyToo && InCallersCounty(ctx, region));
        });
}

Status ReadPostingTerms(JsonBody& body, domain::PostingOpened& p) {
    XFL_TRY(title, body.String("title", 100));
    XFL_TRY(skill_level, body.OptionalString("skill_level", 30));
    XFL_TRY(wage, body.OptionalInt("wage_fen"));
    XFL_TRY(wage_unit, body.String("wage_unit", 10));
    XFL_TRY(start, body.String("start_date", 10));
    XFL_TRY(end, body.OptionalString("end_date", 10));
    XFL_TRY(term, body.String("term", 20));
    XFL_TRY(provides, body.StringArray("provides", 10));
    XFL_TRY(region, body.OptionalString("region", 12));
    p.title = std::move(title);
    p.skill_level = skill_level.value_or("");
    p.wage_fen = wage.value_or(0);
    p.wage_unit = std::move(wage_unit);
    p.start_date = std::move(start);
    p.end_date = end.value_or("");
    p.term = std::move(term);
    p.provides = std::move(provides);
    if (region) p.region = std::move(*region);
    return {};
}

}  // namespace xfl::api
