#include "xfl/domain/identity/account.hpp"

#include <algorithm>
#include <cctype>

#include "xfl/domain/identity/session.hpp"
#include "xfl/domain/kernel/text.hpp"

namespace xfl::domain {
namespace {

constexpr Role kRoles[] = {Role::kAdmin, Role::kCaseworker, Role::kArbitrator, Role::kInspector};

Error NoAccount() { return Error::Make(Errc::kNotFound, "no such account"); }

}  // namespace

std::string_view RoleName(Role role) {
    switch (role) {
        case Role::kAdmin:
            return "admin";
        case Role::kCaseworker:
            return "caseworker";
        case Role::kArbitrator:
            return "arbitrator";
        case Role::kInspector:
            return "inspector";
    }
    return "caseworker";
}

Result<Role> ParseRole(std::string_view text, std::string_view field) {
    for (Role r : kRoles) {
        if (RoleName(r) == text) return r;
    }
    return Error::Make(Errc::kInvalidArgument,
                       "role must be one of admin, caseworker, arbitrator, inspector",
                       std::string(field));
}

AccountState Evolve(AccountState s, const AccountCreated& e) {
    s.exists = true;
    s.username = e.username;
    s.grants = {e.grant};
    s.password_hash = e.password_hash;
    s.must_change_password = true;
    return s;
}

AccountState Evolve(AccountState s, const RoleGranted& e) {
    s.grants.push_back(e.grant);
    return s;
}

AccountState Evolve(AccountState s, const RoleRevoked& e) {
    std::erase(s.grants, e.grant);
    return s;
}

AccountState Evolve(AccountState s, const PasswordChanged& e) {
    s.password_hash = e.password_hash;
    s.must_change_password = e.kept_session.empty();  // only a holder's own change keeps a session
    return s;
}

AccountState Evolve(AccountState s, const AccountDisabled&) {
    s.disabled = true;
    return s;
}

Status ApplyAccountEvent(AccountState& state, const StoredEvent& event) {
    return ApplyAny<AccountState, AccountCreated, RoleGranted, RoleRevoked, PasswordChanged,
                    AccountDisabled>(state, event);
}

Status ValidateUsername(std::string_view u) {
    auto allowed = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    };
    if (u.size() < 3 || u.size() > 32 || !std::all_of(u.begin(), u.end(), allowed) ||
        !std::isalnum(static_cast<unsigned char>(u[0]))) {
        return Error::Make(Errc::kInvalidArgument,
                           "username: 3 to 32 of a-z 0-9 . _ -, starting with a letter or digit",
                           "username");
    }
    return {};
}

Status ValidatePassword(std::string_view p) {
    if (p.size() < 10 || p.size() > 200) {
        return Error::Make(Errc::kInvalidArgument, "password: 10 to 200 characters", "password");
    }
    return {};
}

Result<AccountCreated> DecideCreateAccount(const AccountState& s, std::string username, Role role,
                                           const RegionCode& region, std::string password_hash) {
    if (Status valid = ValidateUsername(username); !valid.ok()) return std::move(valid).error();
    if (s.exists) {
        return Error::Make(Errc::kAlreadyExists, "username " + username + " is taken", "username");
    }
    return AccountCreated{
        std::move(username), {std::string(RoleName(role)), region.str()}, std::move(password_hash)};
}

Result<RoleGranted> DecideGrantRole(const AccountState& s, Role role, const RegionCode& region) {
    if (!s.exists) return NoAccount();
    Grant grant{std::string(RoleName(role)), region.str()};
    if (std::find(s.grants.begin(), s.grants.end(), grant) != s.grants.end()) {
        return Error::Make(Errc::kRuleViolated, "the account already holds this role here", "role");
    }
    return RoleGranted{std::move(grant)};
}

Result<RoleRevoked> DecideRevokeRole(const AccountState& s, Role role, const RegionCode& region) {
    if (!s.exists) return NoAccount();
    Grant grant{std::string(RoleName(role)), region.str()};
    if (std::find(s.grants.begin(), s.grants.end(), grant) == s.grants.end()) {
        return Error::Make(Errc::kRuleViolated, "the account does not hold this role here", "role");
    }
    if (s.grants.size() == 1) {
        return Error::Make(Errc::kRuleViolated,
                           "the last role cannot be revoked; disable the account instead", "role");
    }
    return RoleRevoked{std::move(grant)};
}

Result<PasswordChanged> DecideChangePassword(const AccountState& s, std::string password_hash,
                                             std::string kept_session) {
    if (!s.exists) return NoAccount();
    if (s.disabled) return Error::Make(Errc::kRuleViolated, "the account is disabled");
    return PasswordChanged{std::move(password_hash), std::move(kept_session)};
}

Result<AccountDisabled> DecideDisableAccount(const AccountState& s, std::string reason) {
    if (!s.exists) return NoAccount();
    if (s.disabled) return Error::Make(Errc::kRuleViolated, "the account is already disabled");
    if (reason.empty() || reason.size() > 500) {
        return Error::Make(Errc::kInvalidArgument, "reason: 1 to 500 bytes", "reason");
    }
    if (Status text = CheckText(reason, "reason", TextKind::kParagraph); !text.ok()) {
        return std::move(text).error();
    }
    return AccountDisabled{std::move(reason)};
}

std::string AccountStreamId(std::string_view username) { return kAccountStreams.Of(username); }

Status RegisterIdentityEvents(EventRegistry& registry) {
    constexpr std::string_view kContext = "identity";
    for (const StreamKind& kind : {kAccountStreams, kSessionStreams}) {
        if (Status s = registry.AddStreams(kind, kContext); !s.ok()) return s;
    }
    return registry.Add<AccountCreated, RoleGranted, RoleRevoked, PasswordChanged, AccountDisabled,
                        SessionOpened, SessionClosed>(kContext);
}

}  // namespace xfl::domain
