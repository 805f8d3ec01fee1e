#include "xfl/domain/kernel/region_code.hpp"

#include <algorithm>

namespace xfl::domain {
namespace {

bool AllDigits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool AllZeros(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == '0'; });
}

std::size_t PrefixLength(RegionLevel level) {
    switch (level) {
        case RegionLevel::kCity:
            return 4;
        case RegionLevel::kCounty:
            return 6;
        case RegionLevel::kTownship:
            return 9;
        case RegionLevel::kVillage:
            return 12;
    }
    return 12;
}

}  // namespace

std::string_view RegionLevelName(RegionLevel level) {
    switch (level) {
        case RegionLevel::kCity:
            return "city";
        case RegionLevel::kCounty:
            return "county";
        case RegionLevel::kTownship:
            return "township";
        case RegionLevel::kVillage:
            return "village";
    }
    return "village";
}

Result<RegionCode> RegionCode::Parse(std::string_view text, std::string_view field) {
    if ((text.size() != 6 && text.size() != 9 && text.size() != 12) || !AllDigits(text)) {
        return Error::Make(Errc::kInvalidArgument,
                           "a region code is 12 digits (or 6/9 for a county/township)",
                           std::string(field));
    }
    std::string code(text);
    code.resize(12, '0');
    if (AllZeros(std::string_view(code).substr(2))) {
        return Error::Make(Errc::kInvalidArgument, "a province is not a region of this system",
                           std::string(field));
    }
    return RegionCode(std::move(code));
}

RegionLevel RegionCode::level() const {
    std::string_view c(code_);
    if (AllZeros(c.substr(4))) return RegionLevel::kCity;
    if (AllZeros(c.substr(6))) return RegionLevel::kCounty;
    if (AllZeros(c.substr(9))) return RegionLevel::kTownship;
    return RegionLevel::kVillage;
}

std::string_view RegionCode::SignificantPrefix() const {
    return std::string_view(code_).substr(0, PrefixLength(level()));
}

bool RegionCode::Contains(const RegionCode& other) const {
    return other.code_.starts_with(SignificantPrefix());
}

std::optional<RegionCode> RegionCode::Parent() const {
    if (level() == RegionLevel::kCity) return std::nullopt;
    const auto parent_level = static_cast<RegionLevel>(static_cast<int>(level()) - 1);
    std::string parent = code_.substr(0, PrefixLength(parent_level));
    parent.resize(12, '0');
    return RegionCode(std::move(parent));
}

}  // namespace xfl::domain
