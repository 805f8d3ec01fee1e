// The event envelope: what every event carries on either log, and the request to append some.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <vector>

namespace xfl::eventstore {

// A stream's version: the number of events in it. The first event of a stream has version 1.
struct StreamVersion {
    std::uint64_t value = 0;
    auto operator<=>(const StreamVersion&) const = default;
};

// A gapless 1-based position in the whole log. Position 0 means "before the first event".
struct LogPosition {
    std::uint64_t value = 0;
    auto operator<=>(const LogPosition&) const = default;
    LogPosition Next() const { return LogPosition{value + 1}; }
};

using Sha256Digest = std::array<std::uint8_t, 32>;

// Who caused an event: the account, the role it acted in and that role's region scope.
struct Actor {
    std::string user_id;
    std::string role;
    std::string region;
};

// A stream's version and the hash of its last event: where its chain stands.
struct StreamTip {
    std::string stream_id;
    StreamVersion version;
    Sha256Digest hash{};
};

struct EventEnvelope {
    std::string stream_id;
    StreamVersion version;
    LogPosition position;
    std::string type;  // e.g. "household.visit_recorded"; unknown types are kept and replayed
    std::uint32_t schema_version = 1;
    std::string command_id;  // empty when the command carried no idempotency key
    Actor actor;
    std::int64_t recorded_at_us = 0;  // server clock, UTC microseconds; never decreases in a stream
    std::int64_t occurred_at_us = 0;  // business time given by the user, UTC microseconds
    std::string payload;              // JSON; decoded only by those who need it
    Sha256Digest prev_hash{};         // hash of the stream's previous event (zeros for version 1)
    Sha256Digest hash{};              // see hash_chain.hpp
};

// One event to append; the log fills in the rest of the envelope.
struct NewEvent {
    std::string type;
    std::uint32_t schema_version = 1;
    std::int64_t occurred_at_us = 0;
    std::string payload;
};

// What the stream must look like for an append to go ahead.
class ExpectedVersion {
  public:
    static ExpectedVersion Any() { return ExpectedVersion(Kind::kAny, 0); }
    static ExpectedVersion NoStream() { return ExpectedVersion(Kind::kExact, 0); }
    static ExpectedVersion Exactly(StreamVersion v) {
        return ExpectedVersion(Kind::kExact, v.value);
    }

    bool Allows(StreamVersion current) const {
        return kind_ == Kind::kAny || current.value == version_;
    }

  private:
    enum class Kind { kAny, kExact };
    ExpectedVersion(Kind kind, std::uint64_t version) : kind_(kind), version_(version) {}
    Kind kind_;
    std::uint64_t version_;
};

struct AppendRequest {
    std::string stream_id;  // non-empty, at most 200 bytes, no NUL byte
    ExpectedVersion expected = ExpectedVersion::Any();
    std::vector<NewEvent> events;  // 1..n events, appended atomically
    std::string command_id;        // idempotency key; empty: no deduplication
    Actor actor;
};

struct AppendResult {
    std::string stream_id;
    StreamVersion first_version;
    StreamVersion last_version;
    LogPosition first_position;
    LogPosition last_position;
    bool duplicate = false;  // true: the command id was seen before, nothing was appended
};

}  // namespace xfl::eventstore
