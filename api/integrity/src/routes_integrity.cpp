// /api/v1/integrity: signed heads of the log for inspectors, and the key to check them with.
#include "xfl/api/integrity/integrity.hpp"

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
    XFL_TRY(now, eventstore::DigestLogAt(services.log, last.head.position, last.head.taken_at_us));
    if (valid && now.streams == last.head.streams && now.digest == last.head.digest) return {};
    Error rewritten = Error::Make(
        Errc::kDataLoss, "the log no longer matches its head signed at log position " +
                             std::to_string(last.head.position.value) +
                             ": history before it was rewritten (run `xingfuli verify` with the "
                             "inspectors' copies of the signed heads)");
    services.metrics.ReportIntegrityFailure(rewritten.message);
    return rewritten;
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
}

}  // namespace

Context IntegrityContext() {
    return {"integrity",
            [] { return std::vector<std::unique_ptr<projections::Projection>>{}; },
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
