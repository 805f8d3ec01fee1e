// The API's runs of the check `xingfuli verify` makes (eventstore/verify.hpp): one at a time,
// on a thread of its own, so that checking millions of events holds no request; callers ask
// again for its progress and, once it has finished, its verdict.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "xfl/domain/kernel/result.hpp"
#include "xfl/eventstore/verify.hpp"

namespace xfl::api {

// What a new check proves besides the chains: the heads this server signed, with its key.
struct SignedHeadsToProve {
    std::vector<eventstore::SignedHead> heads;
    std::string public_key_pem;
};

struct LogCheckState {
    std::vector<std::string> digests;  // what was asked, as digest lines
    std::int64_t started_at_us = 0;
    std::optional<std::int64_t> finished_at_us;
    std::uint64_t head_position = 0;  // the log's head when the check started: what it covers
    std::uint64_t events_checked = 0;
    eventstore::VerifyReport report;  // once finished
};

class LogChecks {
  public:
    explicit LogChecks(eventstore::EventLog& log);
    ~LogChecks();  // stops a running check and waits for it
    LogChecks(const LogChecks&) = delete;
    LogChecks& operator=(const LogChecks&) = delete;

    // The check of `digests` (the log must still extend each): the one running, or the last one
    // if it finished less than ten minutes ago and `fresh` is false; else a new one, started
    // now, which also proves what `signed_heads` gives (asked only then: polling a running
    // check reads nothing). Errc::kBusy while a check of other digests runs.
    Result<LogCheckState> Ask(const std::vector<eventstore::LogDigest>& digests, bool fresh,
                              std::int64_t now_us,
                              const std::function<Result<SignedHeadsToProve>()>& signed_heads);

  private:
    eventstore::EventLog& log_;
    std::mutex mutex_;
    std::optional<LogCheckState> last_;
    bool running_ = false;
    std::jthread worker_;  // declared last: joined before the state it writes is gone
};

}  // namespace xfl::api
