// Accounts: who may use the system, in which roles and for which regions.
#pragma once

#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xfl/domain/kernel/event_codec.hpp"
#include "xfl/domain/kernel/event_type.hpp"
#include "xfl/domain/kernel/json_payload.hpp"
#include "xfl/domain/kernel/region_code.hpp"
#include "xfl/domain/kernel/result.hpp"

namespace xfl::domain {

enum class Role { kAdmin, kCaseworker, kArbitrator, kInspector };

std::string_view RoleName(Role role);
Result<Role> ParseRole(std::string_view text, std::string_view field = "role");

// One role held for one region (and everything under it).
struct Grant {
    std::string role;
    std::string region;
    bool operator==(const Grant&) const = default;
    template <class A>
    void serialize(A& ar) {
        ar(CEREAL_NVP(role), CEREAL_NVP(region));
    }
};

// ---- events ----
struct AccountCreated {
    static constexpr std::string_view kType = "account.created";
    std::string username;
    Grant grant;
    std::string password_hash;  // opaque to the domain; never shown in views or history
    template <class A>
    void serialize(A& ar) {
        ar(CEREAL_NVP(username), CEREAL_NVP(grant), CEREAL_NVP(password_hash));
    }
};

struct RoleGranted {
    static constexpr std::string_view kType = "account.role_granted";
    Grant grant;
    template <class A>
    void serialize(A& ar) {
        ar(CEREAL_NVP(grant));
    }
};

struct RoleRevoked {
    static constexpr std::string_view kType = "account.role_revoked";
    Grant grant;
    template <class A>
    void serialize(A& ar) {
        ar(CEREAL_NVP(grant));
    }
};

// Every session opened before the change ends with it, except `kept_session` (the token digest
// of the session that changed its own password; empty after an admin's reset).
struct PasswordChanged {
    static constexpr std::string_view kType = "account.password_changed";
    std::string password_hash;
    std::string kept_session;
    template <class A>
    void serialize(A& ar) {
        ar(CEREAL_NVP(password_hash));
        OptionalField(ar, "kept_session", kept_session);  // added after the first release
    }
};

struct AccountDisabled {
    static constexpr std::string_view kType = "account.disabled";
    std::string reason;
    template <class A>
    void serialize(A& ar) {
        ar(CEREAL_NVP(reason));
    }
};

struct AccountState {
    bool exists = false;
    std::string username;
    std::vector<Grant> grants;
    std::string password_hash;
    bool disabled = false;
    // The password was set by someone else (at creation, or an admin's reset): the holder is
    // asked to choose their own before anything else.
    bool must_change_password = false;
};

AccountState Evolve(AccountState s, const AccountCreated& e);
AccountState Evolve(AccountState s, const RoleGranted& e);
AccountState Evolve(AccountState s, const RoleRevoked& e);
AccountState Evolve(AccountState s, const PasswordChanged& e);
AccountState Evolve(AccountState s, const AccountDisabled& e);
Status ApplyAccountEvent(AccountState& state, const StoredEvent& event);

// Usernames: 3..32 of [a-z0-9._-], starting with a letter or digit.
Status ValidateUsername(std::string_view username);
// Passwords: 10..200 bytes. (Checked before hashing; the domain never stores plaintext.)
Status ValidatePassword(std::string_view password);

Result<AccountCreated> DecideCreateAccount(const AccountState& s, std::string username, Role role,
                                           const RegionCode& region, std::string password_hash);
Result<RoleGranted> DecideGrantRole(const AccountState& s, Role role, const RegionCode& region);
// The last grant cannot be revoked: disable the account instead.
Result<RoleRevoked> DecideRevokeRole(const AccountState& s, Role role, const RegionCode& region);
Result<PasswordChanged> DecideChangePassword(const AccountState& s, std::string password_hash,
                                             std::string kept_session = {});
Result<AccountDisabled> DecideDisableAccount(const AccountState& s, std::string reason);

inline constexpr StreamKind kAccountStreams{"account-"};
std::string AccountStreamId(std::string_view username);

// The identity context's event types and stream kinds (accounts and sessions).
Status RegisterIdentityEvents(EventRegistry& registry);

}  // namespace xfl::domain
