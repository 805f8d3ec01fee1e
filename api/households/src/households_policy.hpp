// Private: the working ages and deadlines of the zero-employment rules (the national defaults).
#pragma once

#include "xfl/domain/households/household.hpp"

namespace xfl::api {

inline const domain::ZeroEmploymentPolicy kZeroEmploymentPolicy{};

}  // namespace xfl::api
