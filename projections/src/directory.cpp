#include "xfl/projections/directory.hpp"

#include "decode_event.hpp"
#include "xfl/domain/json_payload.hpp"
#include "xfl/domain/region.hpp"
#include "xfl/domain/session.hpp"

namespace xfl::projections {
namespace {

using domain::FromJsonPayload;
using domain::ToJsonPayload;
using eventstore::EventEnvelope;

// Decodes a payload the log accepted; failing here means stored history is unreadable, which
// must stop the projection rather than be skipped.

template <class T>
std::optional<T> Load(const StateView& state, const std::string& key) {
    auto raw = state.Get(key);
    if (!raw) return std::nullopt;
    auto decoded = FromJsonPayload<T>(*raw);
    if (!decoded.ok()) throw std::runtime_error("corrupt read model entry " + key);
    return std::move(decoded).value();
}

std::string RegionKey(const std::string& code) { return "r/" + code; }
std::string ChildKey(const std::string& parent, const std::string& code) {
    return "c/" + parent + "/" + code;
}
std::string AccountKey(const std::string& username) { return "u/" + username; }
std::string SessionKey(const std::string& digest) { return "s/" + digest; }

class RegionTree final : public Projection {
  public:
    std::string_view Name() const override { return kRegionTree; }
    std::uint32_t CodeVersion() const override { return 1; }
    void Apply(const EventEnvelope& e, StateWriter& state) override {
        if (e.type == domain::RegionCreated::kType) {
            auto created = DecodeEvent<domain::RegionCreated>(e);
            state.Put(RegionKey(created.code),
                      ToJsonPayload(
                          RegionView{created.code, created.name, created.parent, e.version.value}));
            if (!created.parent.empty()) state.Put(ChildKey(created.parent, created.code), "");
        } else if (e.type == domain::RegionRenamed::kType) {
            const std::string code = e.stream_id.substr(std::string_view("region-").size());
            auto view = Load<RegionView>(state, RegionKey(code));
            if (!view) throw std::runtime_error("rename of unknown region " + code);
            view->name = DecodeEvent<domain::RegionRenamed>(e).name;
            view->version = e.version.value;
            state.Put(RegionKey(code), ToJsonPayload(*view));
        }
    }
};

class AccountDirectory final : public Projection {
  public:
    std::string_view Name() const override { return kAccountDirectory; }
    std::uint32_t CodeVersion() const override { return 2; }  // 2: password changes
    void Apply(const EventEnvelope& e, StateWriter& state) override {
        if (!e.stream_id.starts_with("account-")) return;
        const std::string username = e.stream_id.substr(std::string_view("account-").size());
        domain::AccountState account;
        AccountView view;
        if (auto stored = Load<AccountView>(state, AccountKey(username))) {
            view = std::move(*stored);
            account = {true, view.username, view.grants, {}, view.disabled};
        }
        Status applied = domain::ApplyAccountEvent(account, {e.type, e.payload});
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
            auto opened = DecodeEvent<domain::SessionOpened>(e);
            state.Put(SessionKey(opened.token_digest),
                      ToJsonPayload(
                          SessionView{opened.username, opened.expires_at_us, e.recorded_at_us}));
        } else if (e.type == domain::SessionClosed::kType) {
            state.Delete(SessionKey(DecodeEvent<domain::SessionClosed>(e).token_digest));
        }
    }
};

}  // namespace

std::unique_ptr<Projection> MakeRegionTreeProjection() { return std::make_unique<RegionTree>(); }
std::unique_ptr<Projection> MakeAccountDirectoryProjection() {
    return std::make_unique<AccountDirectory>();
}
std::unique_ptr<Projection> MakeSessionTableProjection() {
    return std::make_unique<SessionTable>();
}

std::optional<RegionView> FindRegion(const StateView& tree, const std::string& code) {
    return Load<RegionView>(tree, RegionKey(code));
}

std::vector<RegionView> RegionChildren(const StateView& tree, const std::string& parent,
                                       const std::string& after, std::size_t limit) {
    std::vector<RegionView> children;
    const std::string prefix = "c/" + parent + "/";
    tree.Scan(prefix, [&](std::string_view key, std::string_view) {
        std::string code(key.substr(prefix.size()));
        if (code <= after) return true;
        if (auto view = FindRegion(tree, code)) children.push_back(std::move(*view));
        return children.size() < limit;
    });
    return children;
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
    return Load<AccountView>(directory, AccountKey(username));
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
    return Load<SessionView>(table, SessionKey(token_digest));
}

}  // namespace xfl::projections
