// What the seed generators share: per-record random streams, recorded times, and decisions that
// must succeed (seed data breaking a rule is a bug in the generator).
#pragma once

#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

#include "xfl/domain/kernel/result.hpp"

namespace xfl::tools {

// 09:00 China Standard Time on `day`.
inline std::int64_t Micros(std::int64_t day) {
    return (day * 86400 - 8 * 3600 + 9 * 3600) * 1'000'000;
}

template <class E>
std::vector<E> Must(Result<std::vector<E>> r) {
    if (!r.ok()) throw std::runtime_error("seed data broke a rule: " + r.error().message);
    return std::move(r).value();
}

// The random stream of record `index` of kind `stream`: the same seed and index, the same draws.
inline std::mt19937_64 Rng(std::uint64_t seed, std::uint64_t stream, std::uint64_t index) {
    return std::mt19937_64(seed * 0x9E3779B97F4A7C15ULL + stream * 0xBF58476D1CE4E5B9ULL + index);
}

}  // namespace xfl::tools
