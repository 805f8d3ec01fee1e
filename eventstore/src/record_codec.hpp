// The embedded log's stored form of an event: a fixed binary header (so envelopes decode without
// touching the payload's JSON) followed by the variable-length fields.
#pragma once

#include <string>
#include <string_view>

#include "xfl/domain/result.hpp"
#include "xfl/eventstore/envelope.hpp"

namespace xfl::eventstore::internal {

void EncodeRecord(const EventEnvelope& event, std::string& out);

// Errc::kDataLoss naming `stored_at` when the bytes are not a whole record.
Result<EventEnvelope> DecodeRecord(std::string_view bytes, LogPosition stored_at);

}  // namespace xfl::eventstore::internal
