// Read models of accounts and sessions: the account directory (grants, disabled, password
// changes) and the session table (token digests), which every authenticated request reads.
#pragma once

#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "xfl/domain/identity/account.hpp"
#include "xfl/projections/core/projection.hpp"

namespace xfl::projections {

struct AccountView {
    std::string username;
    std::vector<domain::Grant> grants;
    bool disabled = false;
    std::uint64_t version = 0;
    // Sessions opened before the last password change are over, but for the one it kept.
    std::int64_t password_changed_at_us = 0;
    std::string kept_session;
    template <class A>
    void serialize(A& ar) {
        ar(CEREAL_NVP(username), CEREAL_NVP(grants), CEREAL_NVP(disabled), CEREAL_NVP(version),
           CEREAL_NVP(password_changed_at_us), CEREAL_NVP(kept_session));
    }
    // Whether a session opened then, with this token digest, survived every password change.
    bool SessionStillValid(std::int64_t opened_at_us, const std::string& token_digest) const {
        return opened_at_us >= password_changed_at_us || token_digest == kept_session;
    }
};

struct SessionView {
    std::string username;
    std::int64_t expires_at_us = 0;
    std::int64_t opened_at_us = 0;
    template <class A>
    void serialize(A& ar) {
        ar(CEREAL_NVP(username), CEREAL_NVP(expires_at_us), CEREAL_NVP(opened_at_us));
    }
};

inline constexpr std::string_view kAccountDirectory = "account_directory";
inline constexpr std::string_view kSessionTable = "session_table";

std::unique_ptr<Projection> MakeAccountDirectoryProjection();
std::unique_ptr<Projection> MakeSessionTableProjection();

bool AnyAccount(const StateView& directory);

std::optional<AccountView> FindAccount(const StateView& directory, const std::string& username);
// Accounts in username order after `after`, those `keep` accepts, at most `limit`.
std::vector<AccountView> ListAccounts(const StateView& directory, const std::string& after,
                                      std::size_t limit,
                                      const std::function<bool(const AccountView&)>& keep);

std::optional<SessionView> FindSession(const StateView& table, const std::string& token_digest);

}  // namespace xfl::projections
