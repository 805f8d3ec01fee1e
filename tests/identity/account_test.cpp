// Accounts as pure rules: usernames, passwords, roles and grants, disabling; no server, no log.
#include "xfl/domain/identity/account.hpp"

#include <catch2/catch.hpp>

#include "xfl/domain/identity/session.hpp"

using namespace xfl;
using namespace xfl::domain;

namespace {

const RegionCode kLongyang = *RegionCode::Parse("530502");
const RegionCode kTengchong = *RegionCode::Parse("530581");

AccountState Created(const std::string& username = "cw.lancheng") {
    auto created = DecideCreateAccount({}, username, Role::kCaseworker, kLongyang, "hash");
    REQUIRE(created.ok());
    return Evolve(AccountState{}, *created);
}

}  // namespace

TEST_CASE("usernames, passwords and role names are checked") {
    CHECK(ValidateUsername("cw.lancheng").ok());
    CHECK(ValidateUsername("a1_b-c").ok());
    CHECK(ValidateUsername("ab").error().field == "username");  // too short
    CHECK(ValidateUsername(std::string(33, 'a')).error().field == "username");
    CHECK_FALSE(ValidateUsername("Admin").ok());    // upper case
    CHECK_FALSE(ValidateUsername(".hidden").ok());  // starts with a dot
    CHECK_FALSE(ValidateUsername("张三").ok());
    CHECK(ValidatePassword("0123456789").ok());
    CHECK(ValidatePassword("012345678").error().field == "password");
    CHECK_FALSE(ValidatePassword(std::string(201, 'x')).ok());
    CHECK(*ParseRole("arbitrator") == Role::kArbitrator);
    CHECK(ParseRole("boss").error().code == Errc::kInvalidArgument);
    CHECK(RoleName(Role::kInspector) == "inspector");
}

TEST_CASE("an account is created once, with its first grant") {
    const AccountState account = Created();
    CHECK(account.exists);
    REQUIRE(account.grants.size() == 1);
    CHECK(account.grants[0] == Grant{"caseworker", "530502000000"});
    auto again = DecideCreateAccount(account, "cw.lancheng", Role::kAdmin, kLongyang, "h");
    CHECK(again.error().code == Errc::kAlreadyExists);
    CHECK(AccountStreamId("cw.lancheng") == "account-cw.lancheng");
    CHECK(kAccountStreams.IdOf("account-cw.lancheng") == "cw.lancheng");
}

TEST_CASE("roles are granted and revoked per region; the last one cannot go") {
    AccountState account = Created();
    auto granted = DecideGrantRole(account, Role::kInspector, kTengchong);
    REQUIRE(granted.ok());
    account = Evolve(account, *granted);
    CHECK(account.grants.size() == 2);
    CHECK(DecideGrantRole(account, Role::kInspector, kTengchong).error().code ==
          Errc::kRuleViolated);  // held already
    // The same role elsewhere is another grant.
    CHECK(DecideGrantRole(account, Role::kInspector, kLongyang).ok());

    auto revoked = DecideRevokeRole(account, Role::kCaseworker, kLongyang);
    REQUIRE(revoked.ok());
    account = Evolve(account, *revoked);
    REQUIRE(account.grants.size() == 1);
    CHECK(account.grants[0].role == "inspector");
    auto last = DecideRevokeRole(account, Role::kInspector, kTengchong);
    CHECK(last.error().code == Errc::kRuleViolated);
    CHECK_THAT(last.error().message, Catch::Contains("disable"));
    CHECK(DecideRevokeRole(account, Role::kAdmin, kTengchong).error().code ==
          Errc::kRuleViolated);  // never held
    CHECK(DecideGrantRole({}, Role::kAdmin, kLongyang).error().code == Errc::kNotFound);
}

TEST_CASE("a disabled account keeps its history and changes no more") {
    AccountState account = Created();
    CHECK(DecideDisableAccount(account, "").error().field == "reason");
    CHECK(DecideDisableAccount(account, "left\x01").error().field == "reason");
    auto disabled = DecideDisableAccount(account, "离职 (left the post)");
    REQUIRE(disabled.ok());
    account = Evolve(account, *disabled);
    CHECK(account.disabled);
    CHECK(DecideDisableAccount(account, "again").error().code == Errc::kRuleViolated);
    CHECK(DecideChangePassword(account, "new-hash").error().code == Errc::kRuleViolated);
}

TEST_CASE("a password set by someone else must be changed by its holder") {
    AccountState account = Created();
    CHECK(account.must_change_password);  // chosen by whoever created the account
    account = Evolve(account, *DecideChangePassword(account, "own-hash", "holder-session"));
    CHECK_FALSE(account.must_change_password);
    account = Evolve(account, *DecideChangePassword(account, "reset-hash"));  // an admin's reset
    CHECK(account.must_change_password);
}

TEST_CASE("a password change names the session it keeps; stored history replays") {
    AccountState account = Created();
    auto changed = DecideChangePassword(account, "new-hash", "digest-of-this-session");
    REQUIRE(changed.ok());
    CHECK(changed->kept_session == "digest-of-this-session");
    account = Evolve(account, *changed);
    CHECK(account.password_hash == "new-hash");

    // The same history as stored events: an event of another type is left alone, a payload
    // that does not decode is an error.
    AccountState replayed;
    REQUIRE(ApplyAccountEvent(replayed, {AccountCreated::kType,
                                         R"({"username":"u1","grant":{"role":"admin",)"
                                         R"("region":"530500000000"},"password_hash":"h"})"})
                .ok());
    CHECK(replayed.exists);
    CHECK(ApplyAccountEvent(replayed, {SessionOpened::kType, "{}"}).ok());
    CHECK_FALSE(ApplyAccountEvent(replayed, {AccountDisabled::kType, "{\"reason\":"}).ok());
    CHECK(SessionStreamId(std::string(64, 'a')) == "session-" + std::string(32, 'a'));
}
