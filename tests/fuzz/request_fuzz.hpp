#pragma once

#include <cstddef>
#include <cstdint>

namespace xfl::testing {

// One fuzz input through the API (see request_fuzz.cpp). Throws on a broken invariant.
int FuzzRequest(const std::uint8_t* data, std::size_t size);

}  // namespace xfl::testing
