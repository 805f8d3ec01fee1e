// Finding people and households: /api/v1/people by name or by full resident ID (a search by ID
// is recorded as an access to that household, and misses are throttled so IDs cannot be
// guessed); GET /api/v1/households, the households of a region (village, township, county).
#include "routes.hpp"
#include "xfl/api/core/throttle.hpp"
#include "xfl/domain/households/household.hpp"
#include "xfl/domain/kernel/resident_id.hpp"
#include "xfl/projections/households/households.hpp"

namespace xfl::api {
namespace {

using domain::HouseholdState;

// The active member holding a resident ID, by the index and then the household's own stream.
Result<std::optional<projections::PersonMatch>> FindByResidentId(
    Services& services, const projections::StateView& index, const std::string& resident_id) {
    auto household_id = projections::HouseholdOfResident(index, resident_id);
    if (!household_id) return std::optional<projections::PersonMatch>();
    XFL_TRY(events, services.Stream(domain::HouseholdStreamId(*household_id)));
    XFL_TRY(loaded, LoadFrom<HouseholdState>(events, domain::ApplyHouseholdEvent));
    const HouseholdState& state = loaded.state;
    for (const auto& m : state.members) {
        if (m.active && m.record.resident_id == resident_id) {
            return std::optional<projections::PersonMatch>(projections::PersonMatch{
                m.record.name, state.id, m.record.person_id, state.region, resident_id});
        }
    }
    return std::optional<projections::PersonMatch>();
}

// Orders matches as the name index does: name, household, person.
std::string SearchKey(const projections::PersonMatch& m) {
    return m.name + '\x1f' + m.household_id + '\x1f' + m.person_id;
}

// ?q= a name (prefix) or a full resident ID; only people whose village is in the caller's scope.
// A search by full resident ID says who holds it: it needs a ?reason=, a hit is recorded as an
// access to that household, and misses are throttled per user, so that trying the candidates a
// masked ID and a birth date leave does not find the person.
Result<HttpResponse> SearchPeople(Services& services, FailureThrottle& id_misses,
                                  RequestContext& ctx) {
    const std::string q = ctx.Query("q").value_or("");
    if (q.empty() || q.size() > 60) {
        return Error::Make(Errc::kInvalidArgument, "q: a name or a resident ID, 1 to 60 bytes",
                           "q");
    }
    XFL_TRY(page, ReadPage(ctx));
    auto index = services.store.View(projections::kHouseholdIndex);
    std::vector<projections::PersonMatch> matches;
    auto in_scope = [&](const std::string& village) {
        auto code = domain::RegionCode::Parse(village);
        return code.ok() && ctx.caller().Covers(ctx.roles, *code);
    };
    if (auto id = domain::ResidentId::Parse(q); id.ok()) {
        XFL_TRY(reason, ReadAccessReason(ctx, "a search by full resident ID shows who holds it"));
        const std::string& who = ctx.caller().username;
        if (auto wait = id_misses.RetryAfterSeconds(who, ctx.now_us)) {
            return RateLimited("too many searches by resident ID found no one", *wait);
        }
        XFL_TRY(found, FindByResidentId(services, *index, id->str()));
        auto region = domain::RegionCode::Parse(found ? found->village : std::string());
        if (!found || !region.ok() || !ctx.caller().Covers(ctx.roles, *region)) {
            id_misses.Failed(who, ctx.now_us);
        } else {
            XFL_CHECK(RecordAccess(services, ctx, ctx.roles, found->household_id, *region, "search",
                                   reason));
            matches.push_back(*found);
        }
    } else {
        projections::SearchPeopleByName(*index, q, [&](const projections::PersonMatch& m) {
            if (SearchKey(m) > page.after && in_scope(m.village)) {
                matches.push_back(m);
            }
            return matches.size() < page.limit;
        });
    }
    JsonOut out;
    out.Open().OpenArray("people");
    for (const auto& m : matches) {
        out.Item(JsonOut()
                     .Open()
                     .Field("name", m.name)
                     .Field("person_id", m.person_id)
                     .Field("household_id", m.household_id)
                     .Field("region", m.village)
                     .Field("resident_id", domain::MaskResidentId(m.resident_id))
                     .Close()
                     .Take());
    }
    out.CloseArray();
    if (matches.size() == page.limit) {
        const auto& last = matches.back();
        out.Field("next_cursor", EncodeCursor(SearchKey(last)));
    }
    return JsonResponse(200, out.Close().Take());
}

// ?region= in the caller's scope: its households by village, a page at a time. Names and IDs
// stay out of the list; the household's own page shows them.
Result<HttpResponse> ListHouseholds(Services& services, RequestContext& ctx) {
    XFL_TRY(region, ReadRegionInScope(ctx));
    XFL_TRY(page, ReadPage(ctx));
    std::vector<projections::HouseholdListing> listed;
    projections::ScanHouseholds(*services.store.View(projections::kHouseholdIndex),
                                region.SignificantPrefix(), page.after,
                                [&](const projections::HouseholdListing& h) {
                                    listed.push_back(h);
                                    return listed.size() < page.limit;
                                });
    JsonOut out;
    out.Open().OpenArray("households");
    for (const auto& h : listed) {
        out.Item(JsonOut()
                     .Open()
                     .Field("id", h.household_id)
                     .Field("region", h.village)
                     .Field("address", h.address)
                     .Close()
                     .Take());
    }
    out.CloseArray();
    if (listed.size() == page.limit) out.Field("next_cursor", EncodeCursor(listed.back().position));
    return JsonResponse(200, out.Close().Take());
}

}  // namespace

void AddPeopleRoutes(RouteBuilder& routes, Services& services) {
    auto id_misses = std::make_shared<FailureThrottle>(5, std::chrono::minutes(15));
    routes.Query("GET", "/api/v1/people", kCaseRead, [&services, id_misses](RequestContext& ctx) {
        return SearchPeople(services, *id_misses, ctx);
    });
    routes.Query("GET", "/api/v1/households", kCaseRead,
                 [&services](RequestContext& ctx) { return ListHouseholds(services, ctx); });
}

}  // namespace xfl::api
