// A tally: named counts kept under one key, e.g. every facet of the labour force of one region,
// so a figure is one key read rather than a scan of a key per name, and an event that changes
// many names of one region touches one key. Stored as "<name>\x1f<count>\x1e…" in name order;
// names must not hold those two separators; a count of zero is left out, and a tally of zeros
// leaves no key.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "xfl/projections/core/delimited.hpp"

namespace xfl::projections {

using Tally = std::map<std::string, std::int64_t, std::less<>>;

inline std::string EncodeTally(const Tally& tally) {
    std::string out;
    for (const auto& [name, count] : tally) {
        if (count == 0) continue;
        out += name;
        out.push_back(kFieldSeparator);
        out += std::to_string(count);
        out.push_back(kListSeparator);
    }
    return out;
}

// Visits each name and count of an encoded tally; false when the bytes are not a tally.
template <class Visit>
bool ForEachInTally(std::string_view bytes, Visit&& visit) {
    while (!bytes.empty()) {
        const std::size_t field = bytes.find(kFieldSeparator);
        const std::size_t end = bytes.find(kListSeparator);
        if (field == std::string_view::npos || end == std::string_view::npos || end < field) {
            return false;
        }
        visit(bytes.substr(0, field), ParseInt(bytes.substr(field + 1, end - field - 1)));
        bytes.remove_prefix(end + 1);
    }
    return true;
}

inline std::optional<Tally> DecodeTally(std::string_view bytes) {
    Tally tally;
    const bool ok = ForEachInTally(
        bytes, [&](std::string_view name, std::int64_t count) { tally.emplace(name, count); });
    if (!ok) return std::nullopt;
    return tally;
}

}  // namespace xfl::projections
