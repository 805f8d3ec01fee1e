// Verification of a whole log: every hash chain recomputed, every position and version checked.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "xfl/eventstore/event_log.hpp"
#include "xfl/eventstore/signed_head.hpp"

namespace xfl::eventstore {

struct VerifyProblem {
    std::uint64_t position = 0;  // log position where it was found
    std::string stream_id;       // empty when the record could not be read at all
    std::uint64_t version = 0;
    std::string what;
};

struct VerifyReport {
    bool ok = true;
    std::uint64_t events_checked = 0;
    std::uint64_t streams_checked = 0;
    std::uint64_t signed_heads_checked = 0;
    std::uint64_t digests_checked = 0;
    bool stopped = false;  // asked to stop before the head was reached: not a verdict
    std::vector<VerifyProblem> problems;  // in log order, the first 100 at most
};

// Reads the log from position 1 to its head at the start of the call and goes on past a
// problem, so that a missing event is also named by the stream version it leaves out. `progress`
// (may be empty) is called now and then with the number of events checked so far.
VerifyReport VerifyLog(EventLog& log, const std::function<void(std::uint64_t)>& progress = {});

struct VerifyOptions {
    std::function<void(std::uint64_t)> progress;
    // Heads signed earlier (kept by an inspector): the log must have had exactly the signed
    // stream heads at each one's position, under a valid signature by `public_key_pem`.
    std::vector<SignedHead> signed_heads;
    std::string public_key_pem;
    // Digests taken earlier (`xingfuli digest`): the log must still extend each, having had
    // exactly its stream heads at its position.
    std::vector<LogDigest> digests;
    // Checked between batches: a server shutting down does not wait for a long check.
    std::stop_token stop;
    // Check up to this position (one the log has reached) instead of its head at the start.
    std::optional<LogPosition> up_to;
};
VerifyReport VerifyLog(EventLog& log, const VerifyOptions& options);

}  // namespace xfl::eventstore
