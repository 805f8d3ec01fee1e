// The per-stream SHA-256 hash chain.
//
// An event's hash covers the canonical bytes of its stream, version, type, schema version, command
// id, actor, both times, payload and the previous event's hash. The global position is left out on
// purpose: it says where an event sits in one log, not what it is, so a stream copied from the
// embedded log to Kafka (or back) verifies with the same hashes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "xfl/eventstore/envelope.hpp"

namespace xfl::eventstore {

// Thread-safe.
Sha256Digest ComputeEventHash(const EventEnvelope& event);
// SHA-256 of any bytes. Thread-safe.
Sha256Digest Sha256Of(std::string_view bytes);

std::string ToHex(const Sha256Digest& digest);
// The digest written by ToHex (lower or upper case); nullopt for anything else.
std::optional<Sha256Digest> DigestFromHex(std::string_view hex);

}  // namespace xfl::eventstore
