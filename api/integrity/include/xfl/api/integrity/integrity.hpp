// Signed heads of the log (eventstore/signed_head.hpp): made on demand and by `serve` every
// hour, kept as events of the stream "integrity-heads" and listed for inspectors to copy.
#pragma once

#include "xfl/api/core/context.hpp"
#include "xfl/eventstore/signed_head.hpp"

namespace xfl::api {

inline constexpr domain::StreamKind kSignedHeadStreams{"integrity-heads"};
inline constexpr char kSignedHeadsStream[] = "integrity-heads";
inline constexpr std::string_view kHeadSignedType = "integrity.head_signed";

// Signs the log's stream heads at its current head and records the signed head in the log.
// Errc::kUnavailable when the server has no signing key.
// `command_id` (may be empty) makes a repeated signing append nothing.
Result<eventstore::SignedHead> SignLogHead(Services& services, const eventstore::Actor& actor,
                                           std::int64_t now_us, const std::string& command_id = {});

// GET /api/v1/audit/compare (routes_compare.cpp).
void AddCompareRoute(RouteBuilder& routes);

Context IntegrityContext();

}  // namespace xfl::api
