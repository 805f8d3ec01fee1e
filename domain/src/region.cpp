#include "xfl/domain/region.hpp"

#include <algorithm>

#include "xfl/domain/text.hpp"

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

RegionState Evolve(RegionState state, const RegionCreated& e) {
    state.exists = true;
    state.code = e.code;
    state.name = e.name;
    state.parent = e.parent;
    return state;
}

RegionState Evolve(RegionState state, const RegionRenamed& e) {
    state.name = e.name;
    return state;
}

Status ApplyRegionEvent(RegionState& state, const StoredEvent& event) {
    return ApplyAny<RegionState, RegionCreated, RegionRenamed>(state, event);
}

Status ValidateRegionName(std::string_view name) {
    if (name.empty() || name.size() > 100) {
        return Error::Make(Errc::kInvalidArgument, "a region name is 1 to 100 bytes of text",
                           "name");
    }
    return CheckText(name, "name");
}

Result<RegionCreated> DecideCreateRegion(const RegionState& existing, const RegionCode& code,
                                         std::string name, const RegionState& parent) {
    if (Status valid = ValidateRegionName(name); !valid.ok()) return std::move(valid).error();
    if (existing.exists) {
        return Error::Make(Errc::kAlreadyExists, "region " + code.str() + " already exists",
                           "code");
    }
    auto parent_code = code.Parent();
    if (!parent_code) {
        return Error::Make(Errc::kRuleViolated, "a city cannot be added under another region",
                           "code");
    }
    if (!parent.exists || parent.code != parent_code->str()) {
        return Error::Make(Errc::kRuleViolated,
                           "the parent region " + parent_code->str() + " does not exist", "parent");
    }
    return RegionCreated{code.str(), std::move(name), parent_code->str()};
}

Result<RegionRenamed> DecideRenameRegion(const RegionState& region, std::string name) {
    if (!region.exists) return Error::Make(Errc::kNotFound, "no such region");
    if (Status valid = ValidateRegionName(name); !valid.ok()) return std::move(valid).error();
    if (name == region.name) {
        return Error::Make(Errc::kRuleViolated, "the region already has this name", "name");
    }
    return RegionRenamed{std::move(name)};
}

std::string RegionStreamId(const RegionCode& code) { return "region-" + code.str(); }

}  // namespace xfl::domain
