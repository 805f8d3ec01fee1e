#include "xfl/domain/geography/region.hpp"

#include "xfl/domain/kernel/text.hpp"

namespace xfl::domain {

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

std::string RegionStreamId(const RegionCode& code) { return kRegionStreams.Of(code.str()); }

Status RegisterGeographyEvents(EventRegistry& registry) {
    if (Status s = registry.AddStreams(kRegionStreams, "geography"); !s.ok()) return s;
    return registry.Add<RegionCreated, RegionRenamed>("geography");
}

}  // namespace xfl::domain
