// The embedded log's stored form of an event: a fixed binary header (so envelopes decode without
// touching the payload's JSON) followed by the variable-length fields.
#pragma once

#include <string>
#include <string_view>

#include "xfl/domain/kernel/result.hpp"
#include "xfl/eventstore/envelope.hpp"

namespace xfl::eventstore::internal {

void EncodeRecord(const EventEnvelope& event, std::string& out);

// Decodes into `out`, reusing the capacity of its strings. Errc::kDataLoss naming `stored_at`
// when the bytes are not a whole record (`out` is then unspecified).
Status DecodeRecordInto(std::string_view bytes, LogPosition stored_at, EventEnvelope& out);

inline Result<EventEnvelope> DecodeRecord(std::string_view bytes, LogPosition stored_at) {
    EventEnvelope e;
    if (Status s = DecodeRecordInto(bytes, stored_at, e); !s.ok()) return std::move(s).error();
    return e;
}

}  // namespace xfl::eventstore::internal
