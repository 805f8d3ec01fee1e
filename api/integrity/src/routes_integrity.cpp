// /api/v1/integrity: signed heads of the log for inspectors, and the key to check them with.
// /api/v1/audit/digest and /api/v1/audit/verify: the log's digest and the check of the whole
// log (`xingfuli digest`, `xingfuli verify`) for inspectors, without a shell on the server.
#include "activity.hpp"
#include "log_checks.hpp"
#include "xfl/api/integrity/integrity.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/domain/supervision/record_export.hpp"
#include "xfl/eventstore/hash_chain.hpp"
#include "xfl/eventstore/record_proof.hpp"
#include "xfl/projections/core/activity.hpp"

namespace xfl::api {
namespace {

const RoleSet kAuditors = {domain::Role::kAdmin, domain::Role::kInspector};

Error NoSigningKey() {
    return Error::Make(Errc::kUnavailable,
                       "this server signs no heads: start it with --signing-key (a key made by "
                       "`xingfuli keygen`, kept outside the data directory)");
}

std::string PublicKeyJson(const eventstore::HeadSigner& signer) {
    return JsonOut()
        .Open()
        .Field("key_id", signer.key_id())
        .Field("public_key", signer.PublicKeyPem())
        .Close()
        .Take();
}

Result<HttpResponse> ListSignedHeads(Services& services) {
    XFL_TRY(events, services.Stream(kSignedHeadsStream));
    JsonOut heads;
    heads.OpenArray();
    for (const auto& e : events) {
        if (e.type == kHeadSignedType) heads.Item(e.payload);
    }
    JsonOut out;
    out.Open().FieldRaw("signed_heads", heads.CloseArray().Take());
    if (services.config.head_signer) {
        out.FieldRaw("key", PublicKeyJson(*services.config.head_signer));
    }
    return JsonResponse(200, out.Close().Take());
}

// The newest signed head in the log, against the log as it stands: its signature by this
// server's key, and the stream heads at its position. A rewrite of history (with recomputed
// hashes) before it shows here; it is reported like any broken stream.
Status CheckLastSignedHead(Services& services) {
    XFL_TRY(events, services.Stream(kSignedHeadsStream));
    if (events.empty()) return {};
    XFL_TRY(last, eventstore::SignedHead::FromJson(events.back().payload));
    const auto& signer = *services.config.head_signer;
    if (last.key_id != signer.key_id()) return {};  // signed by an earlier key
    XFL_TRY(valid, eventstore::CheckSignature(last, signer.PublicKeyPem()));
    XFL_TRY(now, eventstore::DigestLogAt(services.log, last.head.position, last.head.taken_at_us,
                                         last.head.format));
    if (valid && now.streams == last.head.streams && now.digest == last.head.digest) return {};
    Error rewritten = Error::Make(
        Errc::kDataLoss, "the log no longer matches its head signed at log position " +
                             std::to_string(last.head.position.value) +
                             ": history before it was rewritten (run `xingfuli verify` with the "
                             "inspectors' copies of the signed heads)");
    services.metrics.ReportIntegrityFailure(rewritten.message);
    return rewritten;
}

// The digest and the check name every stream of the log: they are for auditors of the whole city.
Status RequireCityAuditor(const RequestContext& ctx) {
    if (ctx.caller().CoversCity(kAuditors)) return {};
    return Error::Make(Errc::kPermissionDenied,
                       "the log's digest and its check cover the records of the whole city: only "
                       "an inspector or admin of 保山市 (530500000000) may take or run them");
}

std::string DigestJson(const eventstore::LogDigest& d) {
    return JsonOut()
        .Open()
        .Field("line", d.ToLine())
        .Field("position", d.position.value)
        .Field("streams", d.streams)
        .Field("taken_at", domain::FormatRfc3339(d.taken_at_us))
        .Field("digest", eventstore::ToHex(d.digest))
        .Close()
        .Take();
}

Result<HttpResponse> GetDigest(Services& services, RequestContext& ctx) {
    XFL_CHECK(RequireCityAuditor(ctx));
    XFL_TRY(digest, eventstore::DigestLogAt(services.log, services.log.Head(), ctx.now_us));
    return JsonResponse(200, DigestJson(digest));
}

// GET /api/v1/audit/proof?stream=&reason=[&digest=]: one record's events and the proof that
// they are part of a digest (the log's head now when none is given), as a file to check with
// ops/check-record-proof.py. The file holds every payload in full, so the export needs a reason
// and is recorded in the access log before it is answered.
Result<HttpResponse> GetProof(Services& services, RequestContext& ctx) {
    XFL_CHECK(RequireCityAuditor(ctx));
    const std::string stream = ctx.Query("stream").value_or("");
    if (stream.empty() || stream.size() > 200) {
        return Error::Make(Errc::kInvalidArgument,
                           "stream: the record's stream is required, e.g. household-h0001 (as "
                           "the activity and the history name it)",
                           "stream");
    }
    XFL_TRY(reason, ReadAccessReason(ctx, "the proof carries the record's events in full"));
    eventstore::LogDigest digest;
    if (const auto line = ctx.Query("digest")) {
        XFL_TRY(kept, eventstore::LogDigest::FromLine(*line, "digest"));
        digest = kept;
    } else {
        XFL_TRY(now, eventstore::DigestLogAt(services.log, services.log.Head(), ctx.now_us));
        digest = now;
    }
    XFL_TRY(proof, eventstore::ProveRecord(services.log, digest, stream, "digest"));
    // The record's region places the export in the access log of that region (the caller's
    // while the activity index has not yet seen a brand-new stream).
    const std::string region =
        projections::RegionOfStream(*services.store.View(projections::kActivityIndex), stream)
            .value_or(ctx.caller().ActorFor(kAuditors).region);
    auto record_region = domain::RegionCode::Parse(region);
    domain::RecordExported exported{stream, region, std::move(reason), digest.ToLine()};
    XFL_TRY(recorded, services.commands.Execute(
                          Authority::Caller(ctx.caller(), kAuditors), [&]() -> Result<CommandSpec> {
                              return CommandSpec{
                                  domain::kExportStreams.Of(stream),
                                  eventstore::ExpectedVersion::Any(),
                                  {MakeEvent(exported, ctx.now_us)},
                                  record_region.ok() ? std::optional(*record_region) : std::nullopt,
                                  {}};
                          }));
    (void)recorded;
    HttpResponse response = JsonResponse(200, proof.ToJson());
    const bool plain_name = stream.find_first_not_of(
                                "abcdefghijklmnopqrstuvwxyz"
                                "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == std::string::npos;
    response.headers.emplace_back(
        "Content-Disposition", "attachment; filename=\"" +
                                   (plain_name ? stream : std::string("record")) + ".proof.json\"");
    return response;
}

// ?since_digest=: a digest line taken earlier, which the log must still extend.
Result<std::vector<eventstore::LogDigest>> ReadSinceDigest(Services& services,
                                                           const RequestContext& ctx) {
    const auto line = ctx.Query("since_digest");
    if (!line) return std::vector<eventstore::LogDigest>{};
    XFL_TRY(digest, eventstore::LogDigest::FromLine(*line, "since_digest"));
    const auto head = services.log.Head();
    if (head < digest.position) {
        return Error::Make(Errc::kRuleViolated,
                           "since_digest: this log has no position " +
                               std::to_string(digest.position.value) + " (its head is " +
                               std::to_string(head.value) +
                               "): the digest was taken from another log",
                           "since_digest");
    }
    return std::vector<eventstore::LogDigest>{digest};
}

// The heads this server signed, so that the check also proves its own signed history.
Result<SignedHeadsToProve> OwnSignedHeads(Services& services) {
    SignedHeadsToProve own;
    const auto& signer = services.config.head_signer;
    if (!signer) return own;
    XFL_TRY(events, services.Stream(kSignedHeadsStream));
    for (const auto& e : events) {
        XFL_TRY(head, eventstore::SignedHead::FromJson(e.payload));
        if (head.key_id == signer->key_id()) own.heads.push_back(std::move(head));
    }
    own.public_key_pem = signer->PublicKeyPem();
    return own;
}

std::string CheckJson(const LogCheckState& check) {
    JsonOut out;
    out.Open().Field("state", check.finished_at_us ? "finished" : "running");
    out.OpenArray("since_digests");
    for (const auto& line : check.digests) out.Value(line);
    out.CloseArray()
        .Field("started_at", domain::FormatRfc3339(check.started_at_us))
        .Field("head_position", check.head_position)
        .Field("events_checked", check.events_checked);
    if (!check.finished_at_us) return out.Close().Take();
    const eventstore::VerifyReport& r = check.report;
    out.Field("finished_at", domain::FormatRfc3339(*check.finished_at_us))
        .Field("ok", r.ok)
        .Field("streams_checked", r.streams_checked)
        .Field("signed_heads_checked", r.signed_heads_checked)
        .Field("digests_checked", r.digests_checked)
        .OpenArray("problems");
    for (const auto& p : r.problems) {
        out.Item(JsonOut()
                     .Open()
                     .Field("position", p.position)
                     .Field("stream_id", p.stream_id)
                     .Field("version", p.version)
                     .Field("what", p.what)
                     .Close()
                     .Take());
    }
    return out.CloseArray().Close().Take();
}

Result<HttpResponse> AskForCheck(Services& services, LogChecks& checks, RequestContext& ctx) {
    XFL_CHECK(RequireCityAuditor(ctx));
    XFL_TRY(fresh, ctx.BoolQuery("fresh", false));
    XFL_TRY(digests, ReadSinceDigest(services, ctx));
    XFL_TRY(check, checks.Ask(digests, fresh, ctx.now_us,
                              [&services] { return OwnSignedHeads(services); }));
    HttpResponse response = JsonResponse(check.finished_at_us ? 200 : 202, CheckJson(check));
    if (!check.finished_at_us) response.headers.emplace_back("Retry-After", "2");
    return response;
}

}  // namespace

Result<eventstore::SignedHead> SignLogHead(Services& services, const eventstore::Actor& actor,
                                           std::int64_t now_us, const std::string& command_id) {
    if (!services.config.head_signer) return NoSigningKey();
    // Signing over rewritten history would vouch for it.
    XFL_CHECK(CheckLastSignedHead(services));
    XFL_TRY(digest, eventstore::DigestLogAt(services.log, services.log.Head(), now_us));
    eventstore::SignedHead head = services.config.head_signer->Sign(digest);
    eventstore::NewEvent event{std::string(kHeadSignedType), 1, now_us, head.ToJson()};
    // Listed from the log itself: no read model to wait for.
    XFL_TRY(commit, services.commands.Execute(Authority::As(actor),
                                              [&]() -> Result<CommandSpec> {
                                                  return CommandSpec{
                                                      kSignedHeadsStream,
                                                      eventstore::ExpectedVersion::Any(),
                                                      {event},
                                                      std::nullopt,
                                                      {}};
                                              },
                                              {command_id}));
    (void)commit;
    return head;
}

namespace {

// With a signing key, the heads are signed once in each hour (China time) the server runs.
Job SignHeadsJob() {
    return {"integrity-heads", std::chrono::hours(1), JobPeriod::kHour,
            [](Services& services, const JobRun& run) -> Result<std::string> {
                const std::string id = run.CommandId("sign");
                XFL_TRY(signed_before, services.FindCommit(id));
                if (!services.config.head_signer || signed_before) return std::string();
                XFL_TRY(head, SignLogHead(services, kSystemActor, run.now_us, id));
                return "signed the log's head at position " +
                       std::to_string(head.head.position.value) + " (" +
                       std::to_string(head.head.streams) + " streams, key " + head.key_id + ")";
            }};
}

void AddIntegrityRoutes(RouteBuilder& routes, Services& services) {
    routes.Query("GET", "/api/v1/integrity/signed-heads", kAuditors,
                 [&](RequestContext&) { return ListSignedHeads(services); });
    routes.Query("POST", "/api/v1/integrity/signed-heads", kAuditors,
                 [&](RequestContext& ctx) -> Result<HttpResponse> {
                     XFL_TRY(head,
                             SignLogHead(services, ctx.caller().ActorFor(ctx.roles), ctx.now_us));
                     return JsonResponse(201, head.ToJson());
                 });
    routes.Query("GET", "/api/v1/integrity/public-key", kAuditors,
                 [&](RequestContext&) -> Result<HttpResponse> {
                     if (!services.config.head_signer) return NoSigningKey();
                     return JsonResponse(200, PublicKeyJson(*services.config.head_signer));
                 });
    routes.Query("GET", "/api/v1/audit/digest", kAuditors,
                 [&](RequestContext& ctx) { return GetDigest(services, ctx); });
    routes.Query("GET", "/api/v1/audit/proof", kAuditors,
                 [&](RequestContext& ctx) { return GetProof(services, ctx); });
    AddCompareRoute(routes);
    AddActivityRoutes(routes, services);
    auto checks = std::make_shared<LogChecks>(services.log);
    routes.Query(
        "GET", "/api/v1/audit/verify", kAuditors,
        [&services, checks](RequestContext& ctx) { return AskForCheck(services, *checks, ctx); });
}

}  // namespace

Context IntegrityContext() {
    return {"integrity",
            [] {
                std::vector<std::unique_ptr<projections::Projection>> all;
                all.push_back(projections::MakeActivityIndexProjection());
                return all;
            },
            AddIntegrityRoutes,
            {SignHeadsJob()},
            [](domain::EventRegistry& registry) {
                if (Status s = registry.AddStreams(kSignedHeadStreams, "integrity"); !s.ok()) {
                    return s;
                }
                return registry.AddType(kHeadSignedType, 1, "integrity");
            }};
}

}  // namespace xfl::api
