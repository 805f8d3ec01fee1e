#include "xfl/api/core/service.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <charconv>
#include <chrono>

#include "xfl/api/core/credentials.hpp"
#include "xfl/domain/kernel/resident_id.hpp"
#include "xfl/domain/kernel/text.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/eventstore/hash_chain.hpp"
#include "xfl/projections/identity/accounts.hpp"

namespace xfl::api {
namespace {

constexpr int kAttemptsWithoutIfMatch = 3;

bool HasRole(const RoleSet& roles, std::string_view role) {
    return std::any_of(roles.begin(), roles.end(),
                       [&](domain::Role r) { return domain::RoleName(r) == role; });
}

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

Error Unauthenticated(std::string message) {
    return Error::Make(Errc::kUnauthenticated, std::move(message));
}

Result<Principal> Authenticate(Services& services, const HttpRequest& request, std::int64_t now) {
    auto header = request.Header("authorization");
    if (!header) return Unauthenticated("sign in first: send Authorization: Bearer <token>");
    std::string_view value = *header;
    // The scheme is case-insensitive (RFC 7235); one or more spaces follow it.
    const std::size_t space = value.find(' ');
    if (space == std::string_view::npos || !EqualsIgnoringCase(value.substr(0, space), "bearer")) {
        return Unauthenticated("the Authorization header must be: Bearer <token>");
    }
    value.remove_prefix(space);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    const std::string digest = TokenDigest(value);
    auto session =
        projections::FindSession(*services.store.View(projections::kSessionTable), digest);
    if (!session) return Unauthenticated("the token is not valid (signed out or never issued)");
    if (session->expires_at_us <= now)
        return Unauthenticated("the session has expired; sign in again");
    auto account = projections::FindAccount(*services.store.View(projections::kAccountDirectory),
                                            session->username);
    if (!account || account->disabled) return Unauthenticated("the account is disabled");
    if (!account->SessionStillValid(session->opened_at_us, digest)) {
        return Unauthenticated("the password was changed since this sign-in; sign in again");
    }
    return Principal{account->username, account->grants, digest};
}

HttpResponse Timed(Services& services, HttpRequest& request, const std::string& pattern,
                   const std::function<HttpResponse()>& handle) {
    const auto start = std::chrono::steady_clock::now();
    HttpResponse response = handle();
    services.metrics.ObserveRequest(
        request.method, pattern, response.status,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return response;
}

// The command id of a request under an Idempotency-Key: who, where and which key, then '#' and
// a digest of what was asked, so that a key reused for another request is told apart.
struct IdempotencyIds {
    std::string key;      // the key's part: "http:" + digest of user, method, path and key
    std::string request;  // key + "#" + digest of the query and body
};

IdempotencyIds CommandIds(const Principal& who, const HttpRequest& request, std::string_view key) {
    std::string key_id = "http:" + TokenDigest(who.username + "\n" + request.method + "\n" +
                                               request.path + "\n" + std::string(key));
    std::string request_id = key_id + "#" + TokenDigest(request.query + "\n" + request.body);
    return {std::move(key_id), std::move(request_id)};
}

}  // namespace

std::int64_t NowMicros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::vector<domain::RegionCode> Principal::Scopes(const RoleSet& roles) const {
    std::vector<domain::RegionCode> scopes;
    for (const auto& g : grants) {
        if (!HasRole(roles, g.role)) continue;
        if (auto code = domain::RegionCode::Parse(g.region); code.ok()) scopes.push_back(*code);
    }
    return scopes;
}

bool Principal::Covers(const RoleSet& roles, const domain::RegionCode& region) const {
    const auto scopes = Scopes(roles);
    return std::any_of(scopes.begin(), scopes.end(),
                       [&](const domain::RegionCode& s) { return s.Contains(region); });
}

bool Principal::CoversCity(const RoleSet& roles) const {
    static const auto kCity = *domain::RegionCode::Parse(kSystemActor.region);
    return Covers(roles, kCity);
}

eventstore::Actor Principal::ActorFor(const RoleSet& roles) const {
    for (const auto& g : grants) {
        if (HasRole(roles, g.role)) return {username, g.role, g.region};
    }
    return {username, "", ""};
}

std::optional<eventstore::Actor> Principal::ActorIn(const RoleSet& roles,
                                                    const domain::RegionCode& region) const {
    for (const auto& g : grants) {
        auto scope = domain::RegionCode::Parse(g.region);
        if (HasRole(roles, g.role) && scope.ok() && scope->Contains(region)) {
            return eventstore::Actor{username, g.role, g.region};
        }
    }
    return std::nullopt;
}

Services::Services(eventstore::EventLog& log_in, projections::ProjectionStore& store_in,
                   projections::ProjectionRunner& runner_in, ApiConfig config_in)
    : log(log_in),
      store(store_in),
      runner(runner_in),
      config(std::move(config_in)),
      commands(log, &metrics, &runner, config.read_your_writes_wait),
      access(log, commands) {}

Result<std::vector<eventstore::EventEnvelope>> Services::Read(
    const eventstore::StreamQuery& query) {
    auto events = log.ReadStream(query);
    if (!events.ok() && events.error().code == Errc::kDataLoss) {
        metrics.ReportIntegrityFailure(events.error().message);
    }
    return events;
}

Result<std::vector<eventstore::EventEnvelope>> Services::Stream(const std::string& stream_id,
                                                                std::optional<std::int64_t> as_of) {
    eventstore::StreamQuery query;
    query.stream_id = stream_id;
    query.recorded_up_to_us = as_of;
    return Read(query);
}

Result<std::optional<Commit>> Services::FindCommit(const std::string& command_id) {
    auto found = log.FindCommand(command_id);
    if (!found.ok()) return std::move(found).error();
    if (!found->has_value()) return std::optional<Commit>();
    (*found)->duplicate = true;
    return std::optional<Commit>(Commit{**found});
}

std::string Services::NewWritableKey(
    const std::function<std::string()>& draw,
    const std::function<std::string(const std::string&)>& stream_of) {
    std::string key = draw();
    // A node writing 1 of 16 partitions draws 16 times on average; 256 misses are ~1e-7.
    for (int attempt = 1; attempt < 256 && !log.Writes(stream_of(key)); ++attempt) key = draw();
    return key;
}

Result<std::vector<eventstore::EventEnvelope>> Services::CommitEvents(const Commit& commit) {
    eventstore::StreamQuery query;
    query.stream_id = commit.result.stream_id;
    query.from_version = commit.result.first_version;
    query.max_events = commit.result.last_version.value - commit.result.first_version.value + 1;
    return Read(query);
}

Error OutOfScope() {
    return Error::Make(Errc::kPermissionDenied,
                       "not permitted: the record is not inside your region scope, or your role "
                       "may not do this");
}

namespace {

// A refusal names the caller's own grants, so that they know where they may act; it says nothing
// of the record (the same words whether it exists or not).
Error NamingGrants(Error e, const Principal& caller) {
    if (e.code != Errc::kPermissionDenied || caller.grants.empty()) return e;
    std::string held;
    for (const auto& g : caller.grants) {
        held += (held.empty() ? "" : ", ") + g.role + " for region " + g.region;
    }
    e.message += "; your account holds " + held;
    return e;
}

}  // namespace

Error MissingOrHidden(const RequestContext& ctx, const RoleSet& roles, const std::string& what) {
    if (ctx.caller().CoversCity(roles)) return Error::Make(Errc::kNotFound, "no " + what);
    return OutOfScope();
}

HttpResponse CommitResponse(int status, std::string_view id, const Commit& commit) {
    JsonOut out;
    out.Open().Field("id", id).Field("version", commit.result.last_version.value).Close();
    HttpResponse response = JsonResponse(status, out.Take());
    response.headers.emplace_back("ETag", ETag(commit.result.last_version.value));
    if (commit.result.duplicate) response.headers.emplace_back("Idempotent-Replayed", "true");
    return response;
}

namespace {

// Payload JSON as history shows it: password hashes blanked (history is for auditing, not for
// cracking), resident IDs masked unless revealed.
std::string ForHistory(const std::string& payload, ResidentIds resident_ids) {
    const bool hash = payload.find("\"password_hash\"") != std::string::npos;
    const bool id = resident_ids == ResidentIds::kMasked &&
                    payload.find("\"resident_id\"") != std::string::npos;
    if (!hash && !id) return payload;
    rapidjson::Document doc;
    doc.Parse(payload.c_str(), payload.size());
    if (doc.HasParseError() || !doc.IsObject()) return "{}";
    if (hash && doc.HasMember("password_hash")) doc["password_hash"].SetString("[redacted]");
    if (id && doc.HasMember("resident_id") && doc["resident_id"].IsString()) {
        const std::string masked = domain::MaskResidentId(
            std::string_view(doc["resident_id"].GetString(), doc["resident_id"].GetStringLength()));
        doc["resident_id"].SetString(
            masked.c_str(), static_cast<rapidjson::SizeType>(masked.size()), doc.GetAllocator());
    }
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    doc.Accept(writer);
    return buffer.GetString();
}

// The "reason" an event's payload gives (a correction, a closure, a refusal), if any.
std::optional<std::string> ReasonGiven(const std::string& payload) {
    if (payload.find("\"reason\"") == std::string::npos) return std::nullopt;
    rapidjson::Document doc;
    doc.Parse(payload.data(), payload.size());
    if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
    auto it = doc.FindMember("reason");
    if (it == doc.MemberEnd() || !it->value.IsString()) return std::nullopt;
    return std::string(it->value.GetString(), it->value.GetStringLength());
}

}  // namespace

HttpResponse HistoryResponse(const std::vector<eventstore::EventEnvelope>& events,
                             ResidentIds resident_ids, const std::vector<std::string>& changes) {
    JsonOut out;
    out.Open().OpenArray("events");
    for (std::size_t i = 0; i < events.size(); ++i) {
        const eventstore::EventEnvelope& e = events[i];
        JsonOut item;
        item.Open()
            .Field("version", e.version.value)
            .Field("position", e.position.value)
            .Field("type", e.type)
            .Field("schema_version", std::uint64_t{e.schema_version})
            .Key("actor")
            .Open()
            .Field("user", e.actor.user_id)
            .Field("role", e.actor.role)
            .Field("region", e.actor.region)
            .Close()
            .Field("recorded_at", domain::FormatRfc3339(e.recorded_at_us))
            .Field("occurred_at", domain::FormatRfc3339(e.occurred_at_us));
        if (auto reason = ReasonGiven(e.payload)) item.Field("reason", *reason);
        if (changes.size() == events.size()) item.FieldRaw("changes", changes[i]);
        item.FieldRaw("data", ForHistory(e.payload, resident_ids))
            .Field("prev_hash", eventstore::ToHex(e.prev_hash))
            .Field("hash", eventstore::ToHex(e.hash))
            .Close();
        out.Item(item.Take());
    }
    out.CloseArray().Close();
    HttpResponse response = JsonResponse(200, out.Take());
    if (!events.empty()) response.headers.emplace_back("ETag", ETag(events.back().version.value));
    return response;
}

Result<std::string> ReadAccessReason(const RequestContext& ctx, std::string_view what) {
    const std::string reason = ctx.Query("reason").value_or("");
    if (reason.empty() || reason.size() > 500) {
        return Error::Make(Errc::kInvalidArgument,
                           "reason is required: " + std::string(what) +
                               ", and every such access is recorded with why (1 to 500 bytes)",
                           "reason");
    }
    XFL_CHECK(domain::CheckText(reason, "reason"));
    return reason;
}

Error RateLimited(std::string_view what, std::int64_t retry_after_seconds) {
    Error e = Error::Make(Errc::kRateLimited, std::string(what) + "; try again in " +
                                                  std::to_string(retry_after_seconds) + " s");
    e.retry_after_seconds = retry_after_seconds;
    return e;
}

Result<JsonBody> ReadJson(const RequestContext& ctx) {
    auto type = ctx.request.Header("content-type");
    if (!type || !type->starts_with("application/json")) {
        return Error::Make(Errc::kUnsupportedMedia, "Content-Type must be application/json",
                           "Content-Type");
    }
    return JsonBody::Parse(ctx.request.body);
}

Result<domain::RegionCode> ReadRegionInScope(const RequestContext& ctx) {
    auto text = ctx.Query("region");
    if (!text) return Error::Make(Errc::kInvalidArgument, "region is required", "region");
    XFL_TRY(region, domain::RegionCode::Parse(*text, "region"));
    if (!ctx.caller().Covers(ctx.roles, region)) return OutOfScope();
    return region;
}

Result<Page> ReadPage(const RequestContext& ctx) {
    Page page;
    if (auto limit = ctx.Query("limit")) {
        std::size_t n = 0;
        try {
            n = std::stoul(*limit);
        } catch (const std::exception&) {
        }
        if (n < 1 || n > 500 || !std::all_of(limit->begin(), limit->end(), ::isdigit)) {
            return Error::Make(Errc::kInvalidArgument, "limit must be 1 to 500", "limit");
        }
        page.limit = n;
    }
    if (auto cursor = ctx.Query("cursor")) {
        // The cursor is the hex of the last key of the previous page.
        if (cursor->size() % 2 != 0 || cursor->size() > 400) {
            return Error::Make(Errc::kInvalidArgument, "cursor is not one this server issued",
                               "cursor");
        }
        for (std::size_t i = 0; i < cursor->size(); i += 2) {
            int hi = HexValue((*cursor)[i]), lo = HexValue((*cursor)[i + 1]);
            if (hi < 0 || lo < 0) {
                return Error::Make(Errc::kInvalidArgument, "cursor is not one this server issued",
                                   "cursor");
            }
            page.after.push_back(static_cast<char>(hi * 16 + lo));
        }
    }
    return page;
}

std::string EncodeCursor(std::string_view last_key) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (char c : last_key) {
        const auto byte = static_cast<unsigned char>(c);
        out.push_back(kDigits[byte >> 4]);
        out.push_back(kDigits[byte & 0xf]);
    }
    return out;
}

void RouteBuilder::Public(const std::string& method, const std::string& pattern,
                          QueryHandler handler) {
    Services& services = services_;
    router_.Add(method, pattern, [&services, pattern, handler](HttpRequest& request) {
        return Timed(services, request, pattern, [&] {
            static const RoleSet kNone;
            RequestContext ctx{request, nullptr, kNone, NowMicros()};
            auto response = handler(ctx);
            return response.ok() ? std::move(response).value() : ErrorToResponse(response.error());
        });
    });
}

void RouteBuilder::Query(const std::string& method, const std::string& pattern, RoleSet roles,
                         QueryHandler handler) {
    Services& services = services_;
    router_.Add(method, pattern, [&services, pattern, roles, handler](HttpRequest& request) {
        return Timed(services, request, pattern, [&] {
            const std::int64_t now = NowMicros();
            auto principal = Authenticate(services, request, now);
            if (!principal.ok()) return ErrorToResponse(principal.error());
            if (principal->Scopes(roles).empty()) {
                return ErrorToResponse(NamingGrants(OutOfScope(), *principal));
            }
            RequestContext ctx{request, &*principal, roles, now};
            auto response = handler(ctx);
            return response.ok() ? std::move(response).value()
                                 : ErrorToResponse(NamingGrants(response.error(), *principal));
        });
    });
}

void RouteBuilder::Command(const std::string& method, const std::string& pattern, RoleSet roles,
                           CommandDecider decide, CommitResponder respond) {
    Command(method, pattern, std::move(roles), std::move(decide),
            [respond = std::move(respond)](RequestContext&, const Commit& commit) {
                return respond(commit);
            });
}

void RouteBuilder::Command(const std::string& method, const std::string& pattern, RoleSet roles,
                           CommandDecider decide, CallerCommitResponder respond) {
    Services& services = services_;
    Query(method, pattern, roles,
          [&services, decide, respond](RequestContext& ctx) -> Result<HttpResponse> {
              std::string command_id;
              if (auto key = ctx.request.Header("idempotency-key")) {
                  if (key->empty() || key->size() > 200) {
                      return Error::Make(Errc::kInvalidArgument,
                                         "Idempotency-Key: 1 to 200 characters", "Idempotency-Key");
                  }
                  const IdempotencyIds ids = CommandIds(ctx.caller(), ctx.request, *key);
                  XFL_TRY(first, services.FindCommit(ids.request));
                  if (first) return respond(ctx, *first);
                  // Keys used before requests were told apart carry the key's part alone.
                  XFL_TRY(older, services.FindCommit(ids.key));
                  if (older) return respond(ctx, *older);
                  XFL_TRY(reused, services.log.AnyCommandStartingWith(ids.key + "#"));
                  if (reused) {
                      return Error::Make(Errc::kRuleViolated,
                                         "Idempotency-Key was used for another request (other "
                                         "query or body); send a new key for a new request",
                                         "Idempotency-Key");
                  }
                  command_id = ids.request;
              }
              // Without If-Match the caller asked for the change on whatever is current: a
              // command that lost a race decides again on the new state.
              XFL_TRY(if_match, ctx.IfMatch());
              XFL_TRY(commit,
                      services.commands.Execute(
                          Authority::Caller(ctx.caller(), ctx.roles), [&] { return decide(ctx); },
                          {command_id, if_match ? 1 : kAttemptsWithoutIfMatch}));
              return respond(ctx, commit);
          });
}

}  // namespace xfl::api
