// Private: the business date of a payload already parsed (business_date.hpp).
#pragma once

#include <rapidjson/document.h>

#include <string>

namespace xfl::projections {

// The date BusinessDay reads, as YYYY-MM-DD text; empty when the payload has none.
std::string BusinessDate(const rapidjson::Value& payload);

}  // namespace xfl::projections
