// /api/v1/employers: the register of employers (用工主体) and the visits made to them (援企拓岗);
// /api/v1/trades: the trade catalogue.
#include "routes.hpp"
#include "xfl/api/core/credentials.hpp"
#include "xfl/api/core/record_changes.hpp"
#include "xfl/api/geography/geography.hpp"
#include "xfl/domain/employment/credit_code.hpp"
#include "xfl/domain/kernel/time.hpp"

namespace xfl::api {
namespace {

using domain::EmployerState;

std::int64_t Today(const RequestContext& ctx) { return domain::ChinaDay(ctx.now_us); }

std::string VisitJson(const domain::EmployerVisited& v) {
    JsonOut vacancies;
    vacancies.OpenArray();
    for (const auto& vacancy : v.vacancies) {
        JsonOut item;
        item.Open()
            .Field("trade", vacancy.trade)
            .Field("headcount", vacancy.headcount)
            .Field("season", vacancy.season);
        if (!vacancy.posting.posting_id.empty()) {
            item.Field("posting_id", vacancy.posting.posting_id);
        }
        vacancies.Item(item.Close().Take());
    }
    JsonOut services;
    services.OpenArray();
    for (const auto& s : v.services) services.Value(s);
    return JsonOut()
        .Open()
        .Field("visit_id", v.visit_id)
        .Field("date", v.date)
        .Field("visitor", v.visitor)
        .Field("seasonal_demand", v.seasonal_demand)
        .Field("difficulties", v.difficulties)
        .FieldRaw("vacancies", vacancies.CloseArray().Take())
        .FieldRaw("services", services.CloseArray().Take())
        .Close()
        .Take();
}

// The employer as GET shows it; also what its history's field-level changes compare.
std::string EmployerJson(const EmployerState& e, std::uint64_t version) {
    const auto& r = e.record;
    JsonOut out;
    out.Open()
        .Field("id", r.employer_id)
        .Field("credit_code", r.employer_id)
        .Field("name", r.name)
        .Field("kind", r.kind)
        .Field("industry", r.industry)
        .Field("region", r.region)
        .Field("address", r.address)
        .Field("contact_name", r.contact_name)
        .Field("contact_phone", r.contact_phone)
        .Field("status", e.closed_on.empty() ? "trading" : "closed");
    if (!e.closed_on.empty()) out.Field("closed_on", e.closed_on);
    return out.Field("visits", static_cast<std::int64_t>(e.visits.size()))
        .Field("version", version)
        .Close()
        .Take();
}

HttpResponse EmployerResponse(const LoadedRecord<EmployerState>& e) {
    HttpResponse response = JsonResponse(200, EmployerJson(e.state, e.version));
    response.headers.emplace_back("ETag", ETag(e.version));
    return response;
}

HttpResponse EmployerCommitted(Services& services, int status, const Commit& commit) {
    JsonOut out;
    out.Open()
        .Field("id", domain::kEmployerStreams.IdOf(commit.result.stream_id).value_or(""))
        .Field("version", commit.result.last_version.value);
    if (auto events = services.CommitEvents(commit); events.ok()) {
        for (const auto& e : *events) {
            if (e.type != domain::EmployerVisited::kType) continue;
            auto visit = domain::FromJsonPayload<domain::EmployerVisited>(e.payload);
            if (!visit.ok()) continue;
            out.Field("visit_id", visit->visit_id).OpenArray("posting_ids");
            for (const auto& v : visit->vacancies) {
                if (!v.posting.posting_id.empty()) out.Value(v.posting.posting_id);
            }
            out.CloseArray();
        }
    }
    HttpResponse r = JsonResponse(status, out.Close().Take());
    r.headers.emplace_back("ETag", ETag(commit.result.last_version.value));
    if (commit.result.duplicate) r.headers.emplace_back("Idempotent-Replayed", "true");
    return r;
}

Result<CommandSpec> RegisterEmployer(Services& services, RequestContext& ctx) {
    XFL_TRY(body, ReadJson(ctx));
    XFL_TRY(code, body.String("credit_code", 18));
    XFL_TRY(name, body.String("name", 200));
    XFL_TRY(kind, body.String("kind", 40));
    XFL_TRY(industry, body.String("industry", 5));
    XFL_TRY(region_text, body.String("region", 12));
    XFL_TRY(address, body.String("address", 300));
    XFL_TRY(contact_name, body.String("contact_name", 60));
    XFL_TRY(contact_phone, body.String("contact_phone", 20));
    XFL_CHECK(body.Finish());
    XFL_TRY(credit_code, domain::CreditCode::Parse(code));
    XFL_TRY(region, ReadKnownRegion(services, ctx, region_text));
    domain::EmployerRegistered e{credit_code.str(), name,    kind,         industry,
                                 region.str(),      address, contact_name, contact_phone};
    const std::string stream = domain::EmployerStreamId(e.employer_id);
    XFL_TRY(existing, services.Current<EmployerState>(stream, domain::ApplyEmployerEvent));
    if (existing.state.exists) {
        // The code is unique city-wide; who holds it is named only to a caller who may see it.
        auto held = domain::RegionCode::Parse(existing.state.record.region);
        if (!held.ok() || !ctx.caller().Covers(ctx.roles, *held)) {
            return Error::Make(Errc::kAlreadyExists,
                               "credit_code: already registered, outside your area", "credit_code");
        }
    }
    XFL_TRY(decided, domain::DecideRegisterEmployer(existing.state, std::move(e)));
    return CommandSpec{stream, existing.Expected(), eventstore::MakeEvents(decided, ctx.now_us),
                       region, kEmployerReadModels};
}

// A command on an existing employer in the caller's scope, decided on the version read.
template <class Decide>
Result<CommandSpec> ChangeEmployer(Services& services, RequestContext& ctx, Decide decide) {
    XFL_TRY(employer, LoadEmployer(services, ctx, ctx.request.path_params["id"]));
    XFL_CHECK(ctx.CheckIfMatch(employer.version));
    XFL_TRY(events, decide(employer.state));
    return CommandSpec{domain::EmployerStreamId(employer.state.record.employer_id),
                       eventstore::ExpectedVersion::Exactly({employer.version}),
                       eventstore::MakeEvents(events, ctx.now_us), employer.region,
                       kEmployerReadModels};
}

Result<domain::PostingOpened> ReadVacancyPosting(JsonBody& body, const EmployerState& employer,
                                                 const domain::Vacancy& vacancy,
                                                 const std::string& visit_id) {
    domain::PostingOpened p;
    p.region = employer.record.region;
    XFL_CHECK(ReadPostingTerms(body, p));
    XFL_CHECK(body.Finish());
    p.posting_id = "po" + RandomHex(8);
    p.employer_id = employer.record.employer_id;
    p.employer_name = employer.record.name;
    p.trade = vacancy.trade;
    p.headcount = vacancy.headcount;
    p.source = "employer_visit";
    p.source_ref = visit_id;
    return p;
}

Result<CommandSpec> RecordVisit(Services& services, RequestContext& ctx) {
    XFL_TRY(body, ReadJson(ctx));
    XFL_TRY(employer, LoadEmployer(services, ctx, ctx.request.path_params["id"]));
    XFL_CHECK(ctx.CheckIfMatch(employer.version));
    domain::EmployerVisited v;
    v.visit_id = "ev" + RandomHex(8);
    v.visitor = ctx.caller().username;
    XFL_TRY(date, body.String("date", 10));
    XFL_TRY(seasonal, body.OptionalString("seasonal_demand", 1000));
    XFL_TRY(difficulties, body.OptionalString("difficulties", 1000));
    XFL_TRY(services_given, body.StringArray("services", 10));
    XFL_TRY(vacancies, body.Objects("vacancies", 50));
    for (JsonBody& item : vacancies) {
        domain::Vacancy vacancy;
        XFL_TRY(trade, item.String("trade", 40));
        XFL_TRY(headcount, item.OptionalInt("headcount"));
        XFL_TRY(season, item.OptionalString("season", 100));
        vacancy.trade = std::move(trade);
        vacancy.headcount = headcount.value_or(0);
        vacancy.season = season.value_or("");
        XFL_TRY(posting, item.OptionalObject("posting"));
        XFL_CHECK(item.Finish());
        if (posting) {
            XFL_TRY(opened, ReadVacancyPosting(*posting, employer.state, vacancy, v.visit_id));
            XFL_TRY(where, ReadKnownRegion(services, ctx, opened.region));
            (void)where;
            vacancy.posting = std::move(opened);
        }
        v.vacancies.push_back(std::move(vacancy));
    }
    XFL_CHECK(body.Finish());
    v.date = std::move(date);
    v.seasonal_demand = seasonal.value_or("");
    v.difficulties = difficulties.value_or("");
    v.services = std::move(services_given);
    XFL_TRY(trades, LoadTrades(services));
    XFL_TRY(events,
            domain::DecideRecordEmployerVisit(employer.state, std::move(v), Today(ctx),
                                              [&](std::string_view t) { return trades.Knows(t); }));
    return CommandSpec{domain::EmployerStreamId(employer.state.record.employer_id),
                       eventstore::ExpectedVersion::Exactly({employer.version}),
                       eventstore::MakeEvents(events, ctx.now_us), employer.region,
                       kEmployerReadModels};
}

// ?region=, cursor pages; &valid_on= each employer as it was on a day by the dates reported
// (closed from its closing date on; a registration and a rename have no date of their own, so
// they count whatever the day, as for one employer).
Result<HttpResponse> ListEmployers(Services& services, RequestContext& ctx) {
    XFL_TRY(region, ReadRegionInScope(ctx));
    XFL_TRY(page, ReadPage(ctx));
    XFL_TRY(valid_on,
            ctx.ValidOnOnly("the list keeps no past names or closing times; one employer takes "
                            "as_of"));
    const auto closed = [&](const projections::EmployerListing& e) {
        return !e.closed_on.empty() && (!valid_on || domain::DayOr(e.closed_on, 0) <= *valid_on);
    };
    std::vector<projections::EmployerListing> listed;
    projections::ScanEmployers(*services.store.View(projections::kEmployerIndex),
                               region.SignificantPrefix(), page.after,
                               [&](const projections::EmployerListing& e) {
                                   listed.push_back(e);
                                   return listed.size() < page.limit;
                               });
    JsonOut out;
    out.Open().OpenArray("employers");
    for (const auto& e : listed) {
        out.Item(JsonOut()
                     .Open()
                     .Field("id", e.employer_id)
                     .Field("name", e.name)
                     .Field("kind", e.kind)
                     .Field("industry", e.industry)
                     .Field("region", e.region)
                     .Field("status", closed(e) ? "closed" : "trading")
                     .Close()
                     .Take());
    }
    out.CloseArray();
    if (listed.size() == page.limit) out.Field("next_cursor", EncodeCursor(listed.back().position));
    return JsonResponse(200, out.Close().Take());
}

}  // namespace

void AddEmployerRoutes(RouteBuilder& routes, Services& services) {
    auto committed = [&services](int status) {
        return [&services, status](const Commit& c) -> Result<HttpResponse> {
            return EmployerCommitted(services, status, c);
        };
    };
    routes.Command(
        "POST", "/api/v1/employers", kEmployerRegistration,
        [&](RequestContext& ctx) { return RegisterEmployer(services, ctx); }, committed(201));
    routes.Query("GET", "/api/v1/employers", kDemandRead,
                 [&](RequestContext& ctx) { return ListEmployers(services, ctx); });
    routes.Query("GET", "/api/v1/employers/{id}", kEmployerRead,
                 [&](RequestContext& ctx) -> Result<HttpResponse> {
                     XFL_TRY(vantage, ctx.ReadVantage());
                     XFL_TRY(employer,
                             LoadEmployer(services, ctx, ctx.request.path_params["id"], vantage));
                     return EmployerResponse(employer);
                 });
    routes.Query(
        "GET", "/api/v1/employers/{id}/history", kDemandRead,
        [&](RequestContext& ctx) -> Result<HttpResponse> {
            XFL_TRY(employer, LoadEmployer(services, ctx, ctx.request.path_params["id"]));
            XFL_TRY(events,
                    services.Stream(domain::EmployerStreamId(employer.state.record.employer_id)));
            XFL_TRY(changes, ChangesByEvent<EmployerState>(events, domain::ApplyEmployerEvent,
                                                           EmployerJson));
            return HistoryResponse(events, ResidentIds::kMasked, changes);
        });
    routes.Query("GET", "/api/v1/employers/{id}/visits", kDemandRead,
                 [&](RequestContext& ctx) -> Result<HttpResponse> {
                     XFL_TRY(vantage, ctx.ReadVantage());
                     XFL_TRY(employer,
                             LoadEmployer(services, ctx, ctx.request.path_params["id"], vantage));
                     JsonOut out;
                     out.Open().OpenArray("visits");
                     for (const auto& v : employer.state.visits) out.Item(VisitJson(v));
                     return JsonResponse(200, out.CloseArray().Close().Take());
                 });
    routes.Command(
        "POST", "/api/v1/employers/{id}/visits", kDemandWork,
        [&](RequestContext& ctx) { return RecordVisit(services, ctx); },
        [&services](const Commit& c) -> Result<HttpResponse> {
            // The postings the visit opens, opened now; the follow-up job does it after a stop.
            XFL_TRY(events, services.CommitEvents(c));
            for (const auto& e : events) {
                if (e.type != domain::EmployerVisited::kType) continue;
                XFL_TRY(visit, domain::FromJsonPayload<domain::EmployerVisited>(e.payload));
                const std::string employer(
                    domain::kEmployerStreams.IdOf(c.result.stream_id).value_or(""));
                for (const auto& v : visit.vacancies) {
                    if (v.posting.posting_id.empty()) continue;
                    XFL_TRY(opened, OpenVisitPosting(services, Authority::As(e.actor), employer,
                                                     v.posting.posting_id, e.recorded_at_us));
                    (void)opened;
                }
            }
            return EmployerCommitted(services, 201, c);
        });
    routes.Command(
        "POST", "/api/v1/employers/{id}/rename", kDemandWork,
        [&](RequestContext& ctx) -> Result<CommandSpec> {
            XFL_TRY(body, ReadJson(ctx));
            XFL_TRY(name, body.String("name", 200));
            XFL_TRY(reason, body.OptionalString("reason", 500));
            XFL_CHECK(body.Finish());
            return ChangeEmployer(services, ctx, [&](const EmployerState& s) {
                return domain::DecideRenameEmployer(s, {name, reason.value_or("")});
            });
        },
        committed(200));
    routes.Command(
        "POST", "/api/v1/employers/{id}/contact", kDemandWork,
        [&](RequestContext& ctx) -> Result<CommandSpec> {
            XFL_TRY(body, ReadJson(ctx));
            XFL_TRY(name, body.String("contact_name", 60));
            XFL_TRY(phone, body.String("contact_phone", 20));
            XFL_CHECK(body.Finish());
            return ChangeEmployer(services, ctx, [&](const EmployerState& s) {
                return domain::DecideChangeContact(s, {name, phone});
            });
        },
        committed(200));
    routes.Command(
        "POST", "/api/v1/employers/{id}/close", kDemandWork,
        [&](RequestContext& ctx) -> Result<CommandSpec> {
            XFL_TRY(body, ReadJson(ctx));
            XFL_TRY(date, body.String("date", 10));
            XFL_TRY(reason, body.String("reason", 500));
            XFL_CHECK(body.Finish());
            return ChangeEmployer(services, ctx, [&](const EmployerState& s) {
                return domain::DecideCloseEmployer(s, {date, reason}, Today(ctx));
            });
        },
        committed(200));
    routes.Query("GET", "/api/v1/trades", kAllRoles, [&](RequestContext&) -> Result<HttpResponse> {
        XFL_TRY(trades, LoadTrades(services));
        JsonOut out;
        out.Open().OpenArray("trades");
        for (const auto& [code, name] : trades.names) {
            out.Item(JsonOut().Open().Field("code", code).Field("name", name).Close().Take());
        }
        return JsonResponse(200, out.CloseArray().Close().Take());
    });
    routes.Command(
        "POST", "/api/v1/trades", {domain::Role::kAdmin},
        [&](RequestContext& ctx) -> Result<CommandSpec> {
            XFL_TRY(body, ReadJson(ctx));
            XFL_TRY(code, body.String("code", 40));
            XFL_TRY(name, body.String("name", 60));
            XFL_CHECK(body.Finish());
            const std::string stream = domain::kTradeStreams.Of(domain::kTradeCatalogueId);
            XFL_TRY(stored,
                    services.Current<domain::TradeCatalogue>(stream, domain::ApplyTradeEvent));
            XFL_TRY(trades, LoadTrades(services));
            XFL_TRY(decided, domain::DecideAddTrade(trades, {code, name}));
            return CommandSpec{stream,
                               stored.Expected(),
                               eventstore::MakeEvents(decided, ctx.now_us),
                               std::nullopt,
                               {}};
        },
        [](const Commit& c) -> Result<HttpResponse> {
            return CommitResponse(201, "catalogue", c);
        });
}

}  // namespace xfl::api
