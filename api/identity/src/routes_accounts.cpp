// /api/v1/users and /api/v1/sessions: accounts, roles, passwords, sign-in and sign-out.
#include <chrono>

#include "routes.hpp"
#include "xfl/api/core/credentials.hpp"
#include "xfl/api/core/record_changes.hpp"
#include "xfl/api/core/service.hpp"
#include "xfl/api/core/throttle.hpp"
#include "xfl/api/geography/geography.hpp"
#include "xfl/domain/identity/session.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/projections/identity/accounts.hpp"

namespace xfl::api {
namespace {

using domain::AccountState;
using domain::RegionCode;
using domain::Role;

const RoleSet kAdmin = {Role::kAdmin};
const RoleSet kAdminOrInspector = {Role::kAdmin, Role::kInspector};

using LoadedAccount = Loaded<AccountState>;

// What a change to an account shows in: the token check of every request, the user list.
const std::vector<std::string_view> kAccountReadModels = {projections::kAccountDirectory};
const std::vector<std::string_view> kSessionReadModels = {projections::kSessionTable};

Result<LoadedAccount> LoadAccount(Services& services, const std::string& username,
                                  std::optional<std::int64_t> as_of = {}) {
    XFL_CHECK(domain::ValidateUsername(username));
    XFL_TRY(events, services.Stream(domain::AccountStreamId(username), as_of));
    return LoadFrom<AccountState>(events, domain::ApplyAccountEvent);
}

bool AnyGrantInside(const RequestContext& ctx, const std::vector<domain::Grant>& grants) {
    for (const auto& g : grants) {
        auto code = RegionCode::Parse(g.region);
        if (code.ok() && ctx.caller().Covers(ctx.roles, *code)) return true;
    }
    return false;
}

bool AllGrantsInside(const RequestContext& ctx, const std::vector<domain::Grant>& grants) {
    for (const auto& g : grants) {
        auto code = RegionCode::Parse(g.region);
        if (!code.ok() || !ctx.caller().Covers(ctx.roles, *code)) return false;
    }
    return true;
}

// An account is readable by its owner and by admins/inspectors over any of its regions, and
// changeable by admins over all of its regions. Missing and out-of-scope look the same (403)
// to a caller whose scope is not the whole tree.
Result<LoadedAccount> AccountFor(Services& services, RequestContext& ctx, bool change) {
    const std::string& username = ctx.request.path_params["username"];
    XFL_TRY(loaded, LoadAccount(services, username));
    const bool self = username == ctx.caller().username;
    const bool admin_roles = !ctx.caller().Scopes(change ? kAdmin : kAdminOrInspector).empty();
    RoleSet scope_roles = change ? kAdmin : kAdminOrInspector;
    RequestContext scoped{ctx.request, ctx.principal, scope_roles, ctx.now_us};
    const bool in_scope =
        loaded.state.exists && (change ? AllGrantsInside(scoped, loaded.state.grants)
                                       : AnyGrantInside(scoped, loaded.state.grants));
    if ((self && !change) || (admin_roles && in_scope)) return loaded;
    if (!loaded.state.exists) return MissingOrHidden(ctx, scope_roles, "account " + username);
    return OutOfScope();
}

std::string GrantsJson(const std::vector<domain::Grant>& grants) {
    JsonOut out;
    out.OpenArray();
    for (const auto& g : grants) {
        out.Item(JsonOut().Open().Field("role", g.role).Field("region", g.region).Close().Take());
    }
    return out.CloseArray().Take();
}

std::string AccountJson(const std::string& username, const std::vector<domain::Grant>& grants,
                        bool disabled, std::uint64_t version) {
    return JsonOut()
        .Open()
        .Field("username", username)
        .FieldRaw("grants", GrantsJson(grants))
        .Field("disabled", disabled)
        .Field("version", version)
        .Close()
        .Take();
}

Result<domain::RegionCode> KnownRegion(Services& services, const std::string& text) {
    XFL_TRY(code, RegionCode::Parse(text, "region"));
    XFL_CHECK(CheckKnownRegion(services, code));
    return code;
}

Result<CommandSpec> CreateAccount(Services& services, RequestContext& ctx) {
    XFL_TRY(body, ReadJson(ctx));
    XFL_TRY(username, body.String("username", 32));
    XFL_TRY(password, body.String("password", 200));
    XFL_TRY(role_text, body.String("role", 20));
    XFL_TRY(region_text, body.String("region", 12));
    XFL_CHECK(body.Finish());
    XFL_CHECK(domain::ValidateUsername(username));
    XFL_CHECK(domain::ValidatePassword(password));
    XFL_TRY(role, domain::ParseRole(role_text));
    XFL_TRY(region, KnownRegion(services, region_text));
    if (!ctx.caller().Covers(ctx.roles, region)) return OutOfScope();
    XFL_TRY(existing, LoadAccount(services, username));
    XFL_TRY(created,
            domain::DecideCreateAccount(existing.state, username, role, region,
                                        HashPassword(password, services.config.pbkdf2_iterations)));
    return CommandSpec{domain::AccountStreamId(username),
                       eventstore::ExpectedVersion::NoStream(),
                       {MakeEvent(created, ctx.now_us)},
                       std::nullopt,
                       kAccountReadModels};
}

struct GrantInput {
    Role role;
    RegionCode region;
};

Result<GrantInput> ReadGrant(Services& services, RequestContext& ctx, const std::string& role_text,
                             const std::string& region_text) {
    XFL_TRY(role, domain::ParseRole(role_text));
    XFL_TRY(region, KnownRegion(services, region_text));
    if (!ctx.caller().Covers(ctx.roles, region)) return OutOfScope();
    return GrantInput{role, region};
}

template <class Decide>
Result<CommandSpec> ChangeAccount(Services& services, RequestContext& ctx, Decide decide) {
    XFL_TRY(account, AccountFor(services, ctx, true));
    XFL_CHECK(ctx.CheckIfMatch(account.version));
    XFL_TRY(event, decide(account.state));
    return CommandSpec{domain::AccountStreamId(account.state.username),
                       account.Expected(),
                       {MakeEvent(event, ctx.now_us)},
                       std::nullopt,
                       kAccountReadModels};
}

// Per API instance: failed-attempt counts and a hash to verify against when the username is
// unknown, so that timing does not reveal which usernames exist.
struct PasswordGuard {
    // An account's failures slow down guesses at it, but only from addresses that failed too:
    // a stranger cannot lock its owner out.
    FailureThrottle accounts{5, std::chrono::minutes(15)};
    // Guesses spread over many usernames from one address.
    FailureThrottle addresses{20, std::chrono::minutes(15)};
    // Wrong current passwords on a password change, per account.
    FailureThrottle changes{5, std::chrono::minutes(15)};
    std::string dummy_hash;
};

Result<CommandSpec> ChangePassword(Services& services, PasswordGuard& guard, RequestContext& ctx) {
    XFL_TRY(body, ReadJson(ctx));
    XFL_TRY(password, body.String("password", 200));
    XFL_TRY(current, body.OptionalString("current_password", 200));
    XFL_CHECK(body.Finish());
    XFL_CHECK(domain::ValidatePassword(password));
    const std::string& username = ctx.request.path_params["username"];
    if (username == ctx.caller().username) {
        // Changing one's own password needs the current one, so a stolen token is not enough.
        if (auto wait = guard.changes.RetryAfterSeconds(username, ctx.now_us)) {
            return RateLimited("too many wrong current passwords", *wait);
        }
        XFL_TRY(own, LoadAccount(services, username));
        if (!current || !VerifyPassword(*current, own.state.password_hash)) {
            guard.changes.Failed(username, ctx.now_us);
            return Error::Make(Errc::kRuleViolated, "the current password is wrong",
                               "current_password");
        }
        guard.changes.Succeeded(username);
        if (VerifyPassword(password, own.state.password_hash)) {
            return Error::Make(Errc::kRuleViolated, "the new password is the current one",
                               "password");
        }
        XFL_CHECK(ctx.CheckIfMatch(own.version));
        // Other sessions end with the change; this one goes on.
        XFL_TRY(changed, domain::DecideChangePassword(
                             own.state, HashPassword(password, services.config.pbkdf2_iterations),
                             ctx.caller().token_digest));
        return CommandSpec{domain::AccountStreamId(username),
                           own.Expected(),
                           {MakeEvent(changed, ctx.now_us)},
                           std::nullopt,
                           kAccountReadModels};
    }
    if (ctx.caller().Scopes(kAdmin).empty()) return OutOfScope();
    RequestContext admin{ctx.request, ctx.principal, kAdmin, ctx.now_us};
    return ChangeAccount(services, admin, [&](const AccountState& s) {
        return domain::DecideChangePassword(
            s, HashPassword(password, services.config.pbkdf2_iterations));
    });
}

HttpResponse AccountCommitted(int status, const Commit& c) {
    return CommitResponse(status, domain::kAccountStreams.IdOf(c.result.stream_id).value_or(""), c);
}

Result<HttpResponse> ListAccountsRoute(Services& services, RequestContext& ctx) {
    std::optional<RegionCode> filter;
    if (auto region = ctx.Query("region")) {
        XFL_TRY(code, RegionCode::Parse(*region, "region"));
        if (!ctx.caller().Covers(ctx.roles, code)) return OutOfScope();
        filter = code;
    }
    XFL_TRY(page, ReadPage(ctx));
    auto accounts = projections::ListAccounts(
        *services.store.View(projections::kAccountDirectory), page.after, page.limit,
        [&](const projections::AccountView& a) {
            if (!AnyGrantInside(ctx, a.grants)) return false;
            if (!filter) return true;
            return std::any_of(a.grants.begin(), a.grants.end(), [&](const domain::Grant& g) {
                auto code = RegionCode::Parse(g.region);
                return code.ok() && filter->Contains(*code);
            });
        });
    JsonOut out;
    out.Open().OpenArray("users");
    for (const auto& a : accounts)
        out.Item(AccountJson(a.username, a.grants, a.disabled, a.version));
    out.CloseArray();
    if (accounts.size() == page.limit)
        out.Field("next_cursor", EncodeCursor(accounts.back().username));
    return JsonResponse(200, out.Close().Take());
}

Result<HttpResponse> GetAccount(Services& services, RequestContext& ctx) {
    XFL_TRY(account, AccountFor(services, ctx, false));
    XFL_TRY(as_of, ctx.AsOfOnly("accounts have no business dates"));
    if (as_of) {
        XFL_TRY(then, LoadAccount(services, account.state.username, as_of));
        if (!then.state.exists)
            return Error::Make(Errc::kNotFound, "the account did not exist then", "as_of");
        account = std::move(then);
    }
    HttpResponse r = JsonResponse(200, AccountJson(account.state.username, account.state.grants,
                                                   account.state.disabled, account.version));
    r.headers.emplace_back("ETag", ETag(account.version));
    return r;
}

Result<HttpResponse> SignIn(Services& services, PasswordGuard& guard, RequestContext& ctx) {
    XFL_TRY(body, ReadJson(ctx));
    XFL_TRY(username, body.String("username", 32));
    XFL_TRY(password, body.String("password", 200));
    XFL_CHECK(body.Finish());
    const std::string& address = ctx.request.client_address;
    if (auto wait = guard.addresses.RetryAfterSeconds(address, ctx.now_us)) {
        return RateLimited("too many failed sign-ins from your address", *wait);
    }
    if (auto wait = guard.accounts.RetryAfterSeconds(username, ctx.now_us);
        wait && guard.addresses.HasFailures(address, ctx.now_us)) {
        return RateLimited("too many failed sign-ins", *wait);
    }
    auto account = LoadAccount(services, username);
    const bool exists = account.ok() && account->state.exists && !account->state.disabled;
    const bool ok =
        VerifyPassword(password, exists ? account->state.password_hash : guard.dummy_hash) &&
        exists;
    if (!ok) {
        guard.accounts.Failed(username, ctx.now_us);
        guard.addresses.Failed(address, ctx.now_us);
        return Error::Make(Errc::kUnauthenticated, "wrong username or password");
    }
    guard.accounts.Succeeded(username);
    const std::string token = services.NewWritableKey(NewSessionToken, [](const std::string& t) {
        return domain::SessionStreamId(TokenDigest(t));
    });
    const std::string digest = TokenDigest(token);
    const std::int64_t expires = ctx.now_us + services.config.session_lifetime.count() * 1'000'000;
    domain::SessionOpened opened{digest, username, expires};
    XFL_TRY(commit, services.commands.Execute(
                        Authority::As({username, "", ""}), [&]() -> Result<CommandSpec> {
                            return CommandSpec{domain::SessionStreamId(digest),
                                               eventstore::ExpectedVersion::NoStream(),
                                               {MakeEvent(opened, ctx.now_us)},
                                               std::nullopt,
                                               kSessionReadModels};
                        }));
    (void)commit;
    return JsonResponse(201, JsonOut()
                                 .Open()
                                 .Field("token", token)
                                 .Field("expires_at", domain::FormatRfc3339(expires))
                                 .Close()
                                 .Take());
}

Result<HttpResponse> SignOut(Services& services, RequestContext& ctx) {
    domain::SessionClosed closed{ctx.caller().token_digest, "logout"};
    XFL_TRY(commit, services.commands.Execute(
                        Authority::Caller(ctx.caller(), ctx.roles), [&]() -> Result<CommandSpec> {
                            return CommandSpec{domain::SessionStreamId(closed.token_digest),
                                               eventstore::ExpectedVersion::Any(),
                                               {MakeEvent(closed, ctx.now_us)},
                                               std::nullopt,
                                               kSessionReadModels};
                        }));
    (void)commit;
    HttpResponse r;
    r.status = 204;
    return r;
}

}  // namespace

void AddAccountRoutes(RouteBuilder& routes, Services& services) {
    auto guard = std::make_shared<PasswordGuard>();
    guard->dummy_hash = HashPassword("not a password", services.config.pbkdf2_iterations);
    routes.Public("POST", "/api/v1/sessions", [&services, guard](RequestContext& ctx) {
        return SignIn(services, *guard, ctx);
    });
    routes.Query("DELETE", "/api/v1/sessions/current", kAllRoles,
                 [&](RequestContext& ctx) { return SignOut(services, ctx); });
    routes.Query("GET", "/api/v1/sessions/current", kAllRoles,
                 [&](RequestContext& ctx) -> Result<HttpResponse> {
                     XFL_TRY(own, LoadAccount(services, ctx.caller().username));
                     return JsonResponse(
                         200, JsonOut()
                                  .Open()
                                  .Field("username", ctx.caller().username)
                                  .FieldRaw("grants", GrantsJson(ctx.caller().grants))
                                  .Field("must_change_password", own.state.must_change_password)
                                  .Close()
                                  .Take());
                 });
    routes.Command(
        "POST", "/api/v1/users", kAdmin,
        [&](RequestContext& ctx) { return CreateAccount(services, ctx); },
        [](const Commit& c) { return AccountCommitted(201, c); });
    routes.Query("GET", "/api/v1/users", kAdminOrInspector,
                 [&](RequestContext& ctx) { return ListAccountsRoute(services, ctx); });
    routes.Query("GET", "/api/v1/users/{username}", kAllRoles,
                 [&](RequestContext& ctx) { return GetAccount(services, ctx); });
    routes.Query(
        "GET", "/api/v1/users/{username}/history", kAllRoles,
        [&](RequestContext& ctx) -> Result<HttpResponse> {
            XFL_TRY(account, AccountFor(services, ctx, false));
            XFL_TRY(events, services.Stream(domain::AccountStreamId(account.state.username)));
            XFL_TRY(changes, ChangesByEvent<AccountState>(
                                 events, domain::ApplyAccountEvent,
                                 [](const AccountState& a, std::uint64_t version) {
                                     return AccountJson(a.username, a.grants, a.disabled, version);
                                 }));
            return HistoryResponse(events, ResidentIds::kMasked, changes);
        });
    routes.Command(
        "POST", "/api/v1/users/{username}/roles", kAdmin,
        [&](RequestContext& ctx) -> Result<CommandSpec> {
            XFL_TRY(body, ReadJson(ctx));
            XFL_TRY(role, body.String("role", 20));
            XFL_TRY(region, body.String("region", 12));
            XFL_CHECK(body.Finish());
            XFL_TRY(grant, ReadGrant(services, ctx, role, region));
            return ChangeAccount(services, ctx, [&](const AccountState& s) {
                return domain::DecideGrantRole(s, grant.role, grant.region);
            });
        },
        [](const Commit& c) { return AccountCommitted(200, c); });
    routes.Command(
        "DELETE", "/api/v1/users/{username}/roles/{role}/{region}", kAdmin,
        [&](RequestContext& ctx) -> Result<CommandSpec> {
            XFL_TRY(grant, ReadGrant(services, ctx, ctx.request.path_params["role"],
                                     ctx.request.path_params["region"]));
            return ChangeAccount(services, ctx, [&](const AccountState& s) {
                return domain::DecideRevokeRole(s, grant.role, grant.region);
            });
        },
        [](const Commit& c) { return AccountCommitted(200, c); });
    routes.Command(
        "POST", "/api/v1/users/{username}/password", kAllRoles,
        [&services, guard](RequestContext& ctx) { return ChangePassword(services, *guard, ctx); },
        [](const Commit& c) { return AccountCommitted(200, c); });
    routes.Command(
        "POST", "/api/v1/users/{username}/disable", kAdmin,
        [&](RequestContext& ctx) -> Result<CommandSpec> {
            XFL_TRY(body, ReadJson(ctx));
            XFL_TRY(reason, body.String("reason", 500));
            XFL_CHECK(body.Finish());
            return ChangeAccount(services, ctx, [&](const AccountState& s) {
                return domain::DecideDisableAccount(s, reason);
            });
        },
        [](const Commit& c) { return AccountCommitted(200, c); });
}

}  // namespace xfl::api
