// Loading one record for a caller: its stream folded (as known at a past instant, as true on a
// past day, when asked), shown
// only when its region is one the caller may see. A record that does not exist and one the
// caller may not see answer alike (service.hpp, MissingOrHidden).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xfl/api/core/service.hpp"
#include "xfl/domain/kernel/event_type.hpp"
#include "xfl/projections/core/business_date.hpp"

namespace xfl::api {

struct RecordKind {
    domain::StreamKind streams;
    std::string_view name;      // "employer": for messages
    std::string_view id_field;  // the field a malformed id is reported under
};

template <class State>
struct LoadedRecord {
    State state;
    std::uint64_t version = 0;
    domain::RegionCode region;
};

// 1 to 64 bytes, else Errc::kInvalidArgument under `field`.
Status CheckRecordId(const std::string& id, std::string_view field);
// "The `what` did not exist then", under valid_on or as_of: asked for a past state of `what`,
// which exists now.
Error DidNotExistThen(const Vantage& vantage, const std::string& what);
// The answer for a record that is not there: asked for a past state, "did not exist then" (field
// valid_on or as_of) when it exists now and `exists_now` says the caller may see it; otherwise
// missing-or-hidden.
Error RecordMissing(const RequestContext& ctx, const Vantage& vantage, const std::string& what,
                    const std::function<Status()>& exists_now);

// `apply` as the record stood on `valid_on` by business dates (xfl/projections/core/
// business_date.hpp): an event dated after that day is left out; one without a date of its own
// (a registration, a member's details) applies whatever the day. Without `valid_on`, `apply`.
template <class State, class Apply>
auto ValidOnly(std::optional<std::int64_t> valid_on, Apply apply) {
    return [valid_on, apply](State& state, const domain::StoredEvent& e) -> Status {
        if (valid_on) {
            const auto day = projections::BusinessDay(e.payload);
            if (day && *day > *valid_on) return {};
        }
        return apply(state, e);
    };
}

// `region_of(state)` names the record's region; `visible(region)` whether the caller may see
// it (by default: the route's roles cover it).
template <class State, class Apply, class RegionOf>
Result<LoadedRecord<State>> LoadRecord(
    Services& services, const RequestContext& ctx, const RecordKind& kind, const std::string& id,
    const Vantage& vantage, Apply apply, RegionOf region_of,
    const std::function<bool(const domain::RegionCode&)>& visible = {}) {
    XFL_CHECK(CheckRecordId(id, kind.id_field));
    XFL_TRY(loaded, [&]() -> Result<Loaded<State>> {
        if (!vantage.as_of && !vantage.valid_on) {
            return services.Current<State>(kind.streams.Of(id), apply);
        }
        XFL_TRY(events, services.Stream(kind.streams.Of(id), vantage.as_of));
        return LoadFrom<State>(events, ValidOnly<State>(vantage.valid_on, apply));
    }());
    if (!loaded.state.exists) {
        return RecordMissing(ctx, vantage, std::string(kind.name) + " " + id, [&]() -> Status {
            auto now = LoadRecord<State>(services, ctx, kind, id, {}, apply, region_of, visible);
            if (!now.ok()) return std::move(now).error();
            return {};
        });
    }
    auto region = domain::RegionCode::Parse(region_of(loaded.state));
    const bool shown =
        region.ok() && (visible ? visible(*region) : ctx.caller().Covers(ctx.roles, *region));
    if (!shown) return OutOfScope();
    return LoadedRecord<State>{std::move(loaded.state), loaded.version, *region};
}

// POST `pattern` ("…/{id}/step"): a step on an existing record, loaded in the caller's scope with
// `load`, decided by `decide` on the version the caller read (If-Match when given), appended at
// that version and answered by `respond`.
template <class State, class Events>
void AddRecordStep(RouteBuilder& routes, Services& services, const std::string& pattern,
                   const RoleSet& roles,
                   Result<LoadedRecord<State>> (*load)(Services&, const RequestContext&,
                                                       const std::string&, const Vantage&),
                   domain::StreamKind streams,
                   std::function<Result<Events>(JsonBody&, const State&, RequestContext&)> decide,
                   const std::vector<std::string_view>& read_models,
                   CallerCommitResponder respond) {
    routes.Command(
        "POST", pattern, roles,
        [&services, load, streams, decide,
         &read_models](RequestContext& ctx) -> Result<CommandSpec> {
            XFL_TRY(body, ReadJson(ctx));
            const std::string id = ctx.request.path_params["id"];
            XFL_TRY(record, load(services, ctx, id, {}));
            XFL_CHECK(ctx.CheckIfMatch(record.version));
            XFL_TRY(events, decide(body, record.state, ctx));
            return CommandSpec{
                streams.Of(id), eventstore::ExpectedVersion::Exactly({record.version}),
                eventstore::MakeEvents(events, ctx.now_us), record.region, read_models};
        },
        std::move(respond));
}

}  // namespace xfl::api
