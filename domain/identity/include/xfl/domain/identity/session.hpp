// Login sessions: opened by a successful login, closed by logout. Only the token's digest is
// recorded, never the token.
#pragma once

#include <cereal/types/string.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "xfl/domain/kernel/event_type.hpp"

namespace xfl::domain {

struct SessionOpened {
    static constexpr std::string_view kType = "session.opened";
    std::string token_digest;
    std::string username;
    std::int64_t expires_at_us = 0;
    template <class A>
    void serialize(A& ar) {
        ar(CEREAL_NVP(token_digest), CEREAL_NVP(username), CEREAL_NVP(expires_at_us));
    }
};

struct SessionClosed {
    static constexpr std::string_view kType = "session.closed";
    std::string token_digest;
    std::string reason;  // "logout"
    template <class A>
    void serialize(A& ar) {
        ar(CEREAL_NVP(token_digest), CEREAL_NVP(reason));
    }
};

inline constexpr StreamKind kSessionStreams{"session-"};
inline std::string SessionStreamId(std::string_view token_digest) {
    return kSessionStreams.Of(token_digest.substr(0, 32));
}

}  // namespace xfl::domain
