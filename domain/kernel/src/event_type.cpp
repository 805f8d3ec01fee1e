#include "xfl/domain/kernel/event_type.hpp"

namespace xfl::domain {

Status EventRegistry::AddType(std::string_view type, std::uint32_t schema_version,
                              std::string_view context) {
    if (auto found = types_.find(type); found != types_.end()) {
        return Error::Make(Errc::kAlreadyExists, "event type " + std::string(type) +
                                                     " is declared by " + found->second.context +
                                                     " and again by " + std::string(context));
    }
    types_.emplace(std::string(type),
                   EventTypeInfo{std::string(type), schema_version, std::string(context)});
    return {};
}

Status EventRegistry::AddStreams(const StreamKind& kind, std::string_view context) {
    for (const auto& [prefix, owner] : streams_) {
        if (prefix.starts_with(kind.prefix()) || kind.prefix().starts_with(prefix)) {
            return Error::Make(Errc::kAlreadyExists, "stream prefix " + std::string(kind.prefix()) +
                                                         " of " + std::string(context) +
                                                         " collides with " + prefix + " of " +
                                                         owner);
        }
    }
    streams_.emplace(std::string(kind.prefix()), std::string(context));
    return {};
}

const EventTypeInfo* EventRegistry::Find(std::string_view type) const {
    auto found = types_.find(type);
    return found == types_.end() ? nullptr : &found->second;
}

std::vector<EventTypeInfo> EventRegistry::Types() const {
    std::vector<EventTypeInfo> out;
    for (const auto& [name, info] : types_) out.push_back(info);
    return out;
}

std::optional<std::string> EventRegistry::KindOf(std::string_view stream_id) const {
    for (const auto& [prefix, owner] : streams_) {
        if (stream_id.starts_with(prefix)) return prefix;
    }
    return std::nullopt;
}

}  // namespace xfl::domain
