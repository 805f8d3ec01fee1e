// What an event changed in its record, field by field, for auditors who should not have to read
// raw payloads. Generic: the record's state is compared as the JSON its GET answers, so a new
// record type needs no hand-written diff, only the function that shows its state.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "xfl/api/core/commands.hpp"
#include "xfl/domain/kernel/result.hpp"

namespace xfl::api {

struct FieldChange {
    std::string field;   // a path: "address", "members[p-3].phone", "claims[0].amount_fen"
    std::string before;  // JSON text; "null" when the field was absent
    std::string after;   // JSON text; "null" when the field is gone

    bool operator==(const FieldChange&) const = default;
};

// The fields that differ between two JSON objects of one record's state, in path order.
// Objects are walked member by member; an array of objects pairs items by their "id" (or
// "person_id", "plan_id", "claim_id", "code", "username"), else by place; any other array is
// one value; an empty list or object is no value (absent). The top-level "version" is
// bookkeeping and not compared.
// Errc::kInternal when either text is not a JSON object.
Result<std::vector<FieldChange>> DiffStates(std::string_view before, std::string_view after);

// [{"field","before","after"}, …]
std::string FieldChangesJson(const std::vector<FieldChange>& changes);

// Each event's changes to its record (FieldChangesJson): the state is folded event by event
// with `apply` and shown with `show(state, version)`, as the record's GET would show it.
template <class State, class Apply, class Show>
Result<std::vector<std::string>> ChangesByEvent(
    const std::vector<eventstore::EventEnvelope>& events, Apply apply, Show show) {
    State state;
    std::string before = "{}";
    std::vector<std::string> changes;
    for (const auto& e : events) {
        if (Status s = apply(state, domain::StoredEvent{e.type, e.payload, e.schema_version});
            !s.ok()) {
            return std::move(s).error();
        }
        std::string after = show(state, e.version.value);
        auto diff = DiffStates(before, after);
        if (!diff.ok()) return std::move(diff).error();
        changes.push_back(FieldChangesJson(*diff));
        before = std::move(after);
    }
    return changes;
}

}  // namespace xfl::api
