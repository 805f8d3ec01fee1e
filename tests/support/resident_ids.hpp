// Valid resident IDs for tests: 6-digit area, birth date, 2-digit serial, sex digit, check.
#pragma once

#include <string>

#include "xfl/domain/kernel/resident_id.hpp"

namespace xfl::testing {

// `birth` as YYYYMMDD; the sex digit is 1 for men, 2 for women.
inline std::string ValidResidentId(const std::string& birth, bool male,
                                   const std::string& serial = "01",
                                   const std::string& area = "530502") {
    const std::string first17 = area + birth + serial + (male ? "1" : "2");
    return first17 + domain::ResidentIdCheckCharacter(first17);
}

}  // namespace xfl::testing
