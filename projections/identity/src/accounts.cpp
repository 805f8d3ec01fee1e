#include "xfl/projections/identity/accounts.hpp"

#include "xfl/domain/identity/session.hpp"
#include "xfl/domain/kernel/json_payload.hpp"
#include "xfl/projections/core/decode_event.hpp"

namespace xfl::projections {
namespace {

using domain::FromJsonPayload;
using domain::ToJsonPayload;
using eventstore::EventEnvelope;

std::string AccountKey(const std::string& username) { return "u/" + username; }
std::string SessionKey(const std::string& digest) { return "s/" + digest; }

class AccountDirectory final : public Projection {
  public:
    std::string_view Name() const override { return kAccountDirectory; }
    std::uint32_t CodeVersion() const override { return 2; }  // 2: password changes
    void Apply(const EventEnvelope& e, StateWriter& state) override {
        const auto of = domain::kAccountStreams.IdOf(e.stream_id);
        if (!of) return;
        const std::string username(*of);
        domain::AccountState account;
        AccountView view;
        if (auto stored = LoadStored<AccountView>(state, AccountKey(username))) {
            view = std::move(*stored);
            account = {true, view.username, view.grants, {}, view.disabled};
        }
        Status applied = domain::ApplyAccountEvent(account, {e.type, e.payload, e.schema_version});
        if (!applied.ok()) throw std::runtime_error(applied.error().message);
        if (!account.exists) return;
        if (e.type == domain::PasswordChanged::kType) {
            view.password_changed_at_us = e.recorded_at_us;
            view.kept_session = DecodeEvent<domain::PasswordChanged>(e).kept_session;
        }
        view.username = account.username;
        view.grants = account.grants;
        view.disabled = account.disabled;
        view.version = e.version.value;
        state.Put(AccountKey(username), ToJsonPayload(view));
    }
};

class SessionTable final : public Projection {
  public:
    std::string_view Name() const override { return kSessionTable; }
    std::uint32_t CodeVersion() const override { return 2; }  // 2: opened_at_us
    void Apply(const EventEnvelope& e, StateWriter& state) override {
        if (e.type == domain::SessionOpened::kType) {
            const auto& opened = DecodeEvent<domain::SessionOpened>(e);
            state.Put(SessionKey(opened.token_digest),
                      ToJsonPayload(
                          SessionView{opened.username, opened.expires_at_us, e.recorded_at_us}));
        } else if (e.type == domain::SessionClosed::kType) {
            state.Delete(SessionKey(DecodeEvent<domain::SessionClosed>(e).token_digest));
        }
    }
};

}  // namespace

std::unique_ptr<Projection> MakeAccountDirectoryProjection() {
    return std::make_unique<AccountDirectory>();
}
std::unique_ptr<Projection> MakeSessionTableProjection() {
    return std::make_unique<SessionTable>();
}

bool AnyAccount(const StateView& directory) {
    bool any = false;
    directory.Scan("u/", [&](std::string_view, std::string_view) {
        any = true;
        return false;
    });
    return any;
}

std::optional<AccountView> FindAccount(const StateView& directory, const std::string& username) {
    return LoadStored<AccountView>(directory, AccountKey(username));
}

std::vector<AccountView> ListAccounts(const StateView& directory, const std::string& after,
                                      std::size_t limit,
                                      const std::function<bool(const AccountView&)>& keep) {
    std::vector<AccountView> accounts;
    directory.Scan("u/", [&](std::string_view key, std::string_view value) {
        if (std::string(key.substr(2)) <= after) return true;
        auto view = FromJsonPayload<AccountView>(value);
        if (!view.ok()) throw std::runtime_error("corrupt read model entry " + std::string(key));
        if (keep(*view)) accounts.push_back(std::move(view).value());
        return accounts.size() < limit;
    });
    return accounts;
}

std::optional<SessionView> FindSession(const StateView& table, const std::string& token_digest) {
    return LoadStored<SessionView>(table, SessionKey(token_digest));
}

}  // namespace xfl::projections
