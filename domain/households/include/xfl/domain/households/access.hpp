// Access to protected data, recorded as events so inspectors can see who looked at what.
#pragma once

#include <cereal/types/string.hpp>
#include <string>
#include <string_view>

#include "xfl/domain/kernel/event_type.hpp"
#include "xfl/domain/kernel/json_payload.hpp"

namespace xfl::domain {

// Someone was shown the full resident IDs of a household's members, or found the household
// by a member's full resident ID.
struct ResidentIdsViewed {
    static constexpr std::string_view kType = "access.resident_ids_viewed";
    std::string household_id;
    std::string reason;
    // household, household_as_of, history or search; empty in events older than the field
    std::string view;
    template <class A>
    void serialize(A& ar) {
        ar(CEREAL_NVP(household_id), CEREAL_NVP(reason));
        OptionalField(ar, "view", view);
    }
};

inline constexpr StreamKind kAccessStreams{"access-household-"};
inline std::string AccessStreamId(std::string_view household_id) {
    return kAccessStreams.Of(household_id);
}

}  // namespace xfl::domain
