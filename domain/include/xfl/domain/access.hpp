// Access to protected data, recorded as events so inspectors can see who looked at what.
#pragma once

#include <cereal/types/string.hpp>
#include <string>
#include <string_view>

namespace xfl::domain {

// Someone was shown the full resident IDs of a household's members.
struct ResidentIdsViewed {
    static constexpr std::string_view kType = "access.resident_ids_viewed";
    std::string household_id;
    std::string reason;
    template <class A>
    void serialize(A& ar) {
        ar(CEREAL_NVP(household_id), CEREAL_NVP(reason));
    }
};

inline std::string AccessStreamId(std::string_view household_id) {
    return "access-household-" + std::string(household_id);
}

}  // namespace xfl::domain
