// Contracts of stored events: schema versions and upcasting, stream kinds, and the registry
// where every event type and stream kind of every context is declared once.
//
// An event struct declares `static constexpr std::string_view kType` ("<aggregate>.<what
// happened>"), optionally `static constexpr std::uint32_t kSchemaVersion` (1 when absent) and,
// from version 2 on, `static Result<std::string> Upgrade(std::uint32_t from, std::string
// payload)` turning a payload of version `from` into version `from + 1`. Stored history is
// never rewritten: old payloads are upgraded each time they are read.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xfl/domain/kernel/json_payload.hpp"
#include "xfl/domain/kernel/result.hpp"

namespace xfl::domain {

template <class E>
constexpr std::uint32_t SchemaVersionOf() {
    if constexpr (requires { E::kSchemaVersion; }) {
        return E::kSchemaVersion;
    } else {
        return 1;
    }
}

// The payload of a stored E of `version`, upgraded to E's current schema version.
template <class E>
Result<std::string> UpgradedPayload(std::uint32_t version, std::string payload) {
    constexpr std::uint32_t current = SchemaVersionOf<E>();
    if (version > current) {
        return Error::Make(Errc::kInternal, std::string(E::kType) + " of schema version " +
                                                std::to_string(version) +
                                                " was written by newer code than this (version " +
                                                std::to_string(current) + ")");
    }
    for (; version < current; ++version) {
        if constexpr (requires { E::Upgrade(version, std::move(payload)); }) {
            auto upgraded = E::Upgrade(version, std::move(payload));
            if (!upgraded.ok()) return std::move(upgraded).error();
            payload = std::move(upgraded).value();
        }
    }
    return payload;
}

// A stored E's payload decoded, upgraded first when it was written in an older schema version
// (the current version, by far the most common, is decoded in place).
template <class E>
Result<E> DecodeStored(std::uint32_t version, std::string_view payload) {
    if (version == SchemaVersionOf<E>()) return FromJsonPayload<E>(payload);
    auto upgraded = UpgradedPayload<E>(version, std::string(payload));
    if (!upgraded.ok()) return std::move(upgraded).error();
    return FromJsonPayload<E>(*upgraded);
}

// The streams of one aggregate type, named "<prefix><id>". Declared once per aggregate.
class StreamKind {
  public:
    constexpr explicit StreamKind(std::string_view prefix) : prefix_(prefix) {}
    constexpr std::string_view prefix() const { return prefix_; }
    std::string Of(std::string_view id) const { return std::string(prefix_) + std::string(id); }
    // The id in a stream of this kind; nullopt for a stream of another kind.
    std::optional<std::string_view> IdOf(std::string_view stream_id) const {
        if (!stream_id.starts_with(prefix_)) return std::nullopt;
        return stream_id.substr(prefix_.size());
    }

  private:
    std::string_view prefix_;
};

struct EventTypeInfo {
    std::string type;
    std::uint32_t schema_version = 1;
    std::string context;
};

// Every event type and stream kind, each declared once. Registering a type name or a stream
// prefix twice, or a prefix that another prefix begins with (their streams could collide), is
// Errc::kAlreadyExists naming both contexts.
class EventRegistry {
  public:
    template <class... Es>
    Status Add(std::string_view context) {
        Status status;
        ((status = status.ok() ? AddType(Es::kType, SchemaVersionOf<Es>(), context) : status), ...);
        return status;
    }
    // For an event made without a struct (a payload built elsewhere, as signed heads are).
    Status AddType(std::string_view type, std::uint32_t schema_version, std::string_view context);
    Status AddStreams(const StreamKind& kind, std::string_view context);

    const EventTypeInfo* Find(std::string_view type) const;
    std::vector<EventTypeInfo> Types() const;
    // The kind a stream belongs to: its prefix, or nullopt for a stream of no declared kind.
    std::optional<std::string> KindOf(std::string_view stream_id) const;

  private:
    std::map<std::string, EventTypeInfo, std::less<>> types_;
    std::map<std::string, std::string, std::less<>> streams_;  // prefix → context
};

}  // namespace xfl::domain
