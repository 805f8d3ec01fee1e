// Finding people and households: /api/v1/people by part of a name, the end of a resident ID, a
// phone number, or a full resident ID (a search by ID is recorded as an access to that
// household, and misses are throttled so IDs cannot be guessed); GET /api/v1/households, the
// households of a region (village, township, county).
#include <algorithm>
#include <cctype>

#include "routes.hpp"
#include "xfl/api/core/throttle.hpp"
#include "xfl/domain/households/household.hpp"
#include "xfl/domain/kernel/resident_id.hpp"
#include "xfl/domain/kernel/text.hpp"
#include "xfl/projections/households/households.hpp"

namespace xfl::api {
namespace {

using domain::HouseholdState;

// The active member holding a resident ID, by the index and then the household's own stream.
Result<std::optional<projections::PersonListing>> FindByResidentId(
    Services& services, const projections::StateView& index, const std::string& resident_id) {
    auto household_id = projections::HouseholdOfResident(index, resident_id);
    if (!household_id) return std::optional<projections::PersonListing>();
    XFL_TRY(loaded, services.Current<HouseholdState>(domain::HouseholdStreamId(*household_id),
                                                     domain::ApplyHouseholdEvent));
    const HouseholdState& state = loaded.state;
    for (const auto& m : state.members) {
        if (m.active && m.record.resident_id == resident_id) {
            projections::PersonListing found;
            found.village = state.region;
            found.household_id = state.id;
            found.person_id = m.record.person_id;
            found.name = m.record.name;
            found.resident_id = resident_id;
            found.phone = m.record.phone;
            return std::optional<projections::PersonListing>(std::move(found));
        }
    }
    return std::optional<projections::PersonListing>();
}

// How a search's text is read: a whole resident ID; the last 4 to 6 characters of one; a phone
// number (7 to 11 digits, any part); else a name (one character: names starting with it, as a
// surname; two or more: names containing it).
enum class Lookup { kResidentId, kIdTail, kPhone, kName };

Lookup LookupOf(std::string_view q) {
    if (domain::ResidentId::Parse(q).ok()) return Lookup::kResidentId;
    const bool digits =
        std::all_of(q.begin(), q.end(), [](char c) { return c >= '0' && c <= '9'; });
    const bool id_chars =
        !q.empty() &&
        std::all_of(q.begin(), q.end() - 1, [](char c) { return c >= '0' && c <= '9'; }) &&
        (std::isdigit(static_cast<unsigned char>(q.back())) || q.back() == 'X' || q.back() == 'x');
    if (id_chars && q.size() >= 4 && q.size() <= 6) return Lookup::kIdTail;
    if (digits && q.size() >= 7 && q.size() <= 11) return Lookup::kPhone;
    return Lookup::kName;
}

// Characters, not bytes, of valid UTF-8 text.
std::size_t CharactersIn(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

bool Matches(const projections::PersonListing& p, Lookup lookup, std::string_view q) {
    switch (lookup) {
        case Lookup::kIdTail: {
            std::string tail(q);
            if (tail.back() == 'x') tail.back() = 'X';
            return p.resident_id.ends_with(tail);
        }
        case Lookup::kPhone:
            return p.phone.find(q) != std::string::npos;
        case Lookup::kName:
            return CharactersIn(q) == 1 ? p.name.starts_with(q)
                                        : p.name.find(q) != std::string::npos;
        case Lookup::kResidentId:
            break;
    }
    return false;
}

// ?q= a name or part of one, the last 4 to 6 characters of a resident ID, a phone number or a
// full resident ID; ?region= narrows to a village (or any region) in scope, else the caller's
// whole scope. A search by full resident ID says who holds it: it needs a ?reason=, a hit is
// recorded as an access to that household, and misses are throttled per user, so that trying
// the candidates a masked ID and a birth date leave does not find the person.
Result<HttpResponse> SearchPeople(Services& services, FailureThrottle& id_misses,
                                  RequestContext& ctx) {
    const std::string q = ctx.Query("q").value_or("");
    if (q.empty() || q.size() > 60) {
        return Error::Make(Errc::kInvalidArgument,
                           "q: a name (or part of one), the last 4 to 6 characters of a resident "
                           "ID, a phone number or a full resident ID, 1 to 60 bytes",
                           "q");
    }
    XFL_CHECK(domain::CheckText(q, "q"));
    XFL_TRY(page, ReadPage(ctx));
    std::vector<domain::RegionCode> regions;
    if (ctx.Query("region")) {
        XFL_TRY(region, ReadRegionInScope(ctx));
        regions.push_back(region);
    } else {
        regions = ctx.caller().Scopes(ctx.roles);
    }
    auto index = services.store.View(projections::kHouseholdIndex);
    std::vector<projections::PersonListing> matches;
    const Lookup lookup = LookupOf(q);
    if (lookup == Lookup::kResidentId) {
        XFL_TRY(reason, ReadAccessReason(ctx, "a search by full resident ID shows who holds it"));
        const std::string& who = ctx.caller().username;
        if (auto wait = id_misses.RetryAfterSeconds(who, ctx.now_us)) {
            return RateLimited("too many searches by resident ID found no one", *wait);
        }
        std::string id = q;
        if (id.back() == 'x') id.back() = 'X';
        XFL_TRY(found, FindByResidentId(services, *index, id));
        auto village = domain::RegionCode::Parse(found ? found->village : std::string());
        const bool in_regions =
            village.ok() && std::any_of(regions.begin(), regions.end(), [&](const auto& r) {
                return village->str().starts_with(r.SignificantPrefix());
            });
        if (!found || !in_regions || !ctx.caller().Covers(ctx.roles, *village)) {
            id_misses.Failed(who, ctx.now_us);
        } else {
            XFL_CHECK(RecordAccess(services, ctx, ctx.roles, found->household_id, *village,
                                   "search", reason));
            matches.push_back(*found);
        }
    } else {
        // Scopes are disjoint regions; each is one scan of the people listed under it.
        std::sort(regions.begin(), regions.end(),
                  [](const auto& a, const auto& b) { return a.str() < b.str(); });
        for (const auto& region : regions) {
            if (matches.size() >= page.limit) break;
            projections::ScanPeople(*index, region.SignificantPrefix(), page.after,
                                    [&](const projections::PersonListing& p) {
                                        if (Matches(p, lookup, q)) matches.push_back(p);
                                        return matches.size() < page.limit;
                                    });
        }
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
    if (lookup != Lookup::kResidentId && matches.size() == page.limit) {
        out.Field("next_cursor", EncodeCursor(matches.back().position));
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
