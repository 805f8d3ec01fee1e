// The running server against a log altered behind its back: what it serves is checked first.
#include <atomic>
#include <catch2/catch.hpp>
#include <cctype>
#include <fstream>
#include <functional>
#include <thread>

#include "support/api_server.hpp"
#include "support/json_field.hpp"
#include "support/raw_log.hpp"
#include "support/resident_ids.hpp"
#include "support/run_command.hpp"
#include "xfl/api/core/principal.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/eventstore/signed_head.hpp"
#include "xfl/eventstore/verify.hpp"

using namespace xfl::testing;

namespace {

std::string NewHousehold(ApiServer& server, const std::string& token, const std::string& address) {
    auto created = server.Call(
        "POST", "/api/v1/households",
        std::string("{\"region\":\"") + kWangguan + "\",\"address\":\"" + address + "\"}", token);
    REQUIRE(created.status == 201);
    return Field(created.body, "id");
}

// Opens a plan for the household: its "job_referral" measure is what the rewrite tests change.
HttpReply OpenPlan(ApiServer& server, const std::string& household, const std::string& token) {
    return server.Call("POST", "/api/v1/households/" + household + "/plans",
                       "{\"caseworker\":\"cw\",\"measures\":[\"job_referral\"],"
                       "\"date\":\"2026-01-05\"}",
                       token);
}

// A server that signs heads, with a new key in `keys`.
ApiServerOptions WithSigningKey(const TempDir& keys) {
    REQUIRE(xfl::eventstore::HeadSigner::Generate(keys.path() / "head.pem").ok());
    ApiServerOptions options;
    options.head_signer =
        std::move(xfl::eventstore::HeadSigner::Load(keys.path() / "head.pem")).value();
    return options;
}

}  // namespace

TEST_CASE("a household tampered with on disk is refused, reported, and not changed") {
    TempDir keys;
    const ApiServerOptions options = WithSigningKey(keys);
    ApiServer server(options);
    const std::string cw = server.UserWithRole("cw.lancheng", "caseworker", kLancheng);
    const std::string id = NewHousehold(server, cw, "王官社区3组12号");
    const std::string other = NewHousehold(server, cw, "王官社区5组1号");
    REQUIRE(OpenPlan(server, id, cw).status == 201);
    auto history = server.Call("GET", "/api/v1/households/" + id + "/history", {}, cw);
    REQUIRE(history.status == 200);
    const std::uint64_t first = std::stoull(Field(history.body, "position"));  // version 1
    const std::uint64_t last = server.log().Head().value;                      // version 2
    std::string broken_version;
    bool other_intact = true;
    auto tamper = [&](const std::function<void(RawLog&)>& change) {
        return server.Restart([&](const std::filesystem::path& data) {
            RawLog raw(data / "log");
            change(raw);
        });
    };

    SECTION("a payload byte altered") {
        REQUIRE(tamper([&](RawLog& raw) {
                    std::string record = raw.Get(first);
                    const auto at = record.find("3组");
                    REQUIRE(at != std::string::npos);
                    record[at] = '4';
                    raw.Put(first, record);
                }).ok());
        broken_version = " version 1";
    }
    SECTION("the middle of its history deleted") {
        REQUIRE(tamper([&](RawLog& raw) { raw.Delete(first); }).ok());
        broken_version = " version 1";
    }
    SECTION("its events swapped with another household's") {
        REQUIRE(tamper([&](RawLog& raw) {
                    const std::string a = raw.Get(first), b = raw.Get(first + 1);
                    raw.Put(first, b);
                    raw.Put(first + 1, a);
                }).ok());
        broken_version = " version 1";
        other_intact = false;
    }
    // At the tail the server does not start: it names the position and sends to `verify`.
    SECTION("its last event deleted") {
        auto refused = tamper([&](RawLog& raw) { raw.Delete(last); });
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == xfl::Errc::kDataLoss);
        CHECK_THAT(refused.error().message, Catch::Contains(std::to_string(last)));
    }
    SECTION("its last event swapped with the one before") {
        auto refused = tamper([&](RawLog& raw) {
            const std::string a = raw.Get(last - 1), b = raw.Get(last);
            raw.Put(last - 1, b);
            raw.Put(last, a);
        });
        REQUIRE_FALSE(refused.ok());
        CHECK_THAT(refused.error().message,
                   Catch::Contains("log position " + std::to_string(last)));
    }
    if (!broken_version.empty()) {
        auto read = server.Call("GET", "/api/v1/households/" + id, {}, cw);
        INFO(read.body);
        CHECK(read.status == 500);
        CHECK(Field(read.body, "code") == "data_loss");
        CHECK_THAT(read.body, Catch::Contains("household-" + id + broken_version));
        CHECK_THAT(read.body, !Catch::Contains("4组"));
        CHECK(server.Call("GET", "/api/v1/households/" + id + "/history", {}, cw).status == 500);
        CHECK(OpenPlan(server, id, cw).status == 500);
        auto ready = server.Call("GET", "/readyz");
        CHECK(ready.status == 503);
        CHECK(Field(ready.body, "status") == "integrity_failure");
        CHECK_THAT(ready.body, Catch::Contains("household-" + id));
        CHECK_THAT(server.Call("GET", "/metrics").body,
                   Catch::Contains("xfl_integrity_failures_total 3"));
        CHECK(server.Call("GET", "/api/v1/households/" + other, {}, cw).status ==
              (other_intact ? 200 : 500));
    }
    SECTION("its history rewritten with recomputed hashes after a signed head") {
        REQUIRE(server.Call("POST", "/api/v1/integrity/signed-heads", {}, server.admin_token())
                    .status == 201);
        REQUIRE(tamper([&](RawLog& raw) {
                    raw.RewriteLastEvent(last, "job_referral", "career_guidance");
                }).ok());
        // Every chain holds, so reads cannot tell; the signed head can.
        CHECK(server.Call("GET", "/api/v1/households/" + id, {}, cw).status == 200);
        auto sign = server.Call("POST", "/api/v1/integrity/signed-heads", {}, server.admin_token());
        CHECK(sign.status == 500);
        CHECK_THAT(sign.body, Catch::Contains("rewritten"));
        auto ready = server.Call("GET", "/readyz");
        CHECK(ready.status == 503);
        CHECK_THAT(ready.body, Catch::Contains("no longer matches its head signed"));
    }
}

TEST_CASE("inspectors sign the log's head on request and copy the signed heads") {
    TempDir keys;
    const ApiServerOptions options = WithSigningKey(keys);
    ApiServer server(options);
    const std::string inspector = server.UserWithRole("insp.city", "inspector", kCity);
    const std::string cw = server.UserWithRole("cw.lancheng", "caseworker", kLancheng);
    NewHousehold(server, cw, "王官社区3组12号");

    auto signed_head = server.Call("POST", "/api/v1/integrity/signed-heads", {}, inspector);
    REQUIRE(signed_head.status == 201);
    CHECK(std::stoull(Field(signed_head.body, "position")) + 1 == server.log().Head().value);
    CHECK(server.Call("POST", "/api/v1/integrity/signed-heads", {}, cw).status == 403);
    auto listed = server.Call("GET", "/api/v1/integrity/signed-heads", {}, inspector);
    REQUIRE(listed.status == 200);
    auto heads = xfl::eventstore::SignedHead::ListFromJson(listed.body);
    REQUIRE(heads.ok());
    REQUIRE(heads->size() == 1);
    auto key = server.Call("GET", "/api/v1/integrity/public-key", {}, inspector);
    REQUIRE(key.status == 200);
    xfl::eventstore::VerifyOptions verify;
    verify.signed_heads = *heads;
    verify.public_key_pem = options.head_signer->PublicKeyPem();
    CHECK(xfl::eventstore::VerifyLog(server.log(), verify).ok);

    ApiServer unsigned_server;
    auto refused = unsigned_server.Call("POST", "/api/v1/integrity/signed-heads", {},
                                        unsigned_server.admin_token());
    CHECK(refused.status == 503);
    CHECK_THAT(refused.body, Catch::Contains("--signing-key"));
}

TEST_CASE(
    "a full disk answers 503 without paths, /readyz says so, and writing resumes with space") {
    auto full = std::make_shared<std::atomic<bool>>(false);
    ApiServerOptions options;
    options.disk_full = [full] { return full->load(); };
    ApiServer server(options);
    const std::string cw = server.UserWithRole("cw.lancheng", "caseworker", kLancheng);
    NewHousehold(server, cw, "王官社区1号");
    const auto head = server.log().Head().value;

    full->store(true);
    auto refused =
        server.Call("POST", "/api/v1/households",
                    std::string("{\"region\":\"") + kWangguan + "\",\"address\":\"2号\"}", cw);
    INFO(refused.body);
    CHECK(refused.status == 503);
    CHECK_THAT(refused.body, Catch::Contains("no space left"));
    CHECK_THAT(refused.body, !Catch::Contains("/"));
    CHECK(server
              .Call("POST", "/api/v1/sessions",
                    "{\"username\":\"admin\",\"password\":\"" + std::string(kAdminPassword) + "\"}")
              .status == 503);
    auto ready = server.Call("GET", "/readyz");
    CHECK(ready.status == 503);
    CHECK(Field(ready.body, "status") == "log_unwritable");
    CHECK_THAT(ready.body, !Catch::Contains("/"));
    CHECK(server.log().Head().value == head);

    full->store(false);  // space is back: the log resumes within seconds
    int ready_status = 0;
    for (int i = 0; i < 100 && ready_status != 200; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        ready_status = server.Call("GET", "/readyz").status;
    }
    CHECK(ready_status == 200);
    NewHousehold(server, cw, "王官社区2号");
    CHECK(server.log().Head().value == head + 1);
    CHECK(server
              .Call("POST", "/api/v1/sessions",
                    "{\"username\":\"admin\",\"password\":\"" + std::string(kAdminPassword) + "\"}")
              .status == 201);
    REQUIRE(server.Restart().ok());
    CHECK(xfl::eventstore::VerifyLog(server.log()).ok);
}

namespace {

// Asks for the check until it has finished (it runs on a thread of its own).
HttpReply FinishedCheck(ApiServer& server, const std::string& query, const std::string& token) {
    for (int i = 0; i < 200; ++i) {
        auto check = server.Call("GET", "/api/v1/audit/verify" + query, {}, token);
        if (check.status != 202) return check;
        CHECK(Field(check.body, "state") == "running");
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL("the check did not finish in ten seconds");
    return {};
}

std::string UrlEncode(const std::string& text) {
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
            out += ch;
        } else {
            static constexpr char kHex[] = "0123456789ABCDEF";
            out += {'%', kHex[c >> 4], kHex[c & 15]};
        }
    }
    return out;
}

}  // namespace

TEST_CASE("inspectors take the log's digest and run its check through the API") {
    TempDir keys;
    const ApiServerOptions options = WithSigningKey(keys);
    ApiServer server(options);
    const std::string inspector = server.UserWithRole("insp.city", "inspector", kCity);
    const std::string county = server.UserWithRole("insp.longyang", "inspector", kLongyang);
    const std::string cw = server.UserWithRole("cw.lancheng", "caseworker", kLancheng);
    const std::string id = NewHousehold(server, cw, "王官社区3组12号");
    REQUIRE(OpenPlan(server, id, cw).status == 201);
    REQUIRE(server.Call("POST", "/api/v1/integrity/signed-heads", {}, inspector).status == 201);

    auto digest = server.Call("GET", "/api/v1/audit/digest", {}, inspector);
    REQUIRE(digest.status == 200);
    const std::string line = Field(digest.body, "line");
    CHECK(std::stoull(Field(digest.body, "position")) == server.log().Head().value);
    CHECK_THAT(line, Catch::StartsWith("xfl-digest/2 " + Field(digest.body, "position") + " "));
    // The whole log's digest and check name every stream: not for a county's inspector, nor
    // for a caseworker.
    CHECK(server.Call("GET", "/api/v1/audit/digest", {}, county).status == 403);
    CHECK(server.Call("GET", "/api/v1/audit/verify", {}, county).status == 403);
    CHECK(server.Call("GET", "/api/v1/audit/verify", {}, cw).status == 403);

    auto check = FinishedCheck(server, "", inspector);
    REQUIRE(check.status == 200);
    CHECK(Field(check.body, "state") == "finished");
    CHECK(Field(check.body, "ok") == "true");
    CHECK(Field(check.body, "signed_heads_checked") == "1");
    CHECK(Field(check.body, "events_checked") == Field(check.body, "head_position"));
    // A finished check is answered again, not run again, until asked for a fresh one.
    CHECK(server.Call("GET", "/api/v1/audit/verify", {}, inspector).body == check.body);
    CHECK(server.Call("GET", "/api/v1/audit/verify?fresh=true", {}, inspector).status == 202);
    CHECK(FinishedCheck(server, "", inspector).status == 200);

    SECTION("the log still extends the digest") {
        NewHousehold(server, cw, "王官社区5组1号");
        auto since = FinishedCheck(server, "?since_digest=" + UrlEncode(line), inspector);
        REQUIRE(since.status == 200);
        CHECK(Field(since.body, "ok") == "true");
        CHECK(Field(since.body, "digests_checked") == "1");
    }
    SECTION("history rewritten with recomputed hashes after the digest") {
        const std::uint64_t last = server.log().Head().value - 1;  // the plan, before the head
        REQUIRE(
            server
                .Restart([&](const std::filesystem::path& data) {
                    RawLog(data / "log").RewriteLastEvent(last, "job_referral", "career_guidance");
                })
                .ok());
        auto since = FinishedCheck(server, "?since_digest=" + UrlEncode(line), inspector);
        REQUIRE(since.status == 200);
        CHECK(Field(since.body, "ok") == "false");
        CHECK_THAT(since.body,
                   Catch::Contains("digest at log position " + Field(digest.body, "position")));
        CHECK_THAT(since.body, Catch::Contains("rewritten"));
    }
    SECTION("a malformed digest, or one from a longer log, is refused") {
        auto malformed = server.Call("GET", "/api/v1/audit/verify?since_digest=xfl-digest%2F1+12",
                                     {}, inspector);
        CHECK(malformed.status == 400);
        CHECK(Field(malformed.body, "field") == "since_digest");
        const std::string later =
            "xfl-digest/1 999999 3 2026-01-01T00:00:00Z " + std::string(64, 'a');
        auto other = server.Call("GET", "/api/v1/audit/verify?since_digest=" + UrlEncode(later), {},
                                 inspector);
        CHECK(other.status == 422);
        CHECK_THAT(other.body, Catch::Contains("another log"));
        CHECK(server.Call("GET", "/api/v1/audit/verify?fresh=maybe", {}, inspector).status == 400);
    }
}

TEST_CASE("an inspector exports a record's proof, checked without the server, and it is logged") {
    ApiServer server;
    const std::string inspector = server.UserWithRole("insp.city", "inspector", kCity);
    const std::string county = server.UserWithRole("insp.longyang", "inspector", kLongyang);
    const std::string cw = server.UserWithRole("cw.lancheng", "caseworker", kLancheng);
    const std::string id = NewHousehold(server, cw, "王官社区3组12号");
    const std::string resident_id = ValidResidentId("19800101", true);
    REQUIRE(
        server
            .Call("POST", "/api/v1/households/" + id + "/members",
                  "{\"name\":\"张三\",\"resident_id\":\"" + resident_id +
                      "\",\"sex\":\"male\",\"birth_date\":\"1980-01-01\",\"labour_capacity\":true,"
                      "\"wants_work\":true}",
                  cw)
            .status == 201);
    const std::string line =
        Field(server.Call("GET", "/api/v1/audit/digest", {}, inspector).body, "line");
    REQUIRE(OpenPlan(server, id, cw).status == 201);  // after the digest

    const std::string stream = "household-" + id;
    const std::string base = "/api/v1/audit/proof?stream=" + stream +
                             "&reason=" + UrlEncode("督导检查附件") + "&digest=" + UrlEncode(line);
    auto proof = server.Call("GET", base, {}, inspector);
    REQUIRE(proof.status == 200);
    CHECK(proof.headers["content-disposition"] ==
          "attachment; filename=\"" + stream + ".proof.json\"");
    CHECK(Field(proof.body, "digest") == line);
    CHECK(Field(proof.body, "format") == "xfl-record-proof/1");
    CHECK_THAT(proof.body, Catch::Contains(resident_id));     // in full: what is hashed
    CHECK_THAT(proof.body, !Catch::Contains("plan_opened"));  // recorded after the digest
    TempDir files;
    const std::string file = (files.path() / "proof.json").string();
    std::ofstream(file) << proof.body;
    const auto checked = RunCommand(std::string("python3 ") + XFL_CHECK_RECORD_PROOF + " " + file +
                                    " '" + line + "' 2>&1");
    INFO(checked.out);
    CHECK(checked.exit_code == 0);
    // Without a digest: the log's head now, with the plan.
    auto now =
        server.Call("GET", "/api/v1/audit/proof?stream=" + stream + "&reason=x", {}, inspector);
    REQUIRE(now.status == 200);
    CHECK_THAT(now.body, Catch::Contains("plan_opened"));

    // The export is in the access log of the household's region, with its reason.
    std::string access;
    for (int i = 0; i < 100; ++i) {
        access = server
                     .Call("GET",
                           std::string("/api/v1/audit/access?region=") + kLongyang +
                               "&type=access.record_exported",
                           {}, inspector)
                     .body;
        if (access.find("access-export-" + stream) != std::string::npos) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    CHECK_THAT(access, Catch::Contains("\"reason\":\"督导检查附件\""));
    CHECK_THAT(access, Catch::Contains("\"region\":\"" + std::string(kWangguan) + "\""));

    auto refused = [&](const std::string& target, const std::string& token) {
        return server.Call("GET", target, {}, token);
    };
    CHECK(refused(base, county).status == 403);
    CHECK(refused(base, cw).status == 403);
    auto no_reason = refused("/api/v1/audit/proof?stream=" + stream, inspector);
    CHECK(no_reason.status == 400);
    CHECK(Field(no_reason.body, "field") == "reason");
    auto no_stream = refused("/api/v1/audit/proof?reason=x", inspector);
    CHECK(no_stream.status == 400);
    CHECK(Field(no_stream.body, "field") == "stream");
    auto unknown = refused("/api/v1/audit/proof?reason=x&stream=household-nobody", inspector);
    CHECK(unknown.status == 404);
    CHECK(Field(unknown.body, "field") == "stream");
    auto malformed = refused(
        "/api/v1/audit/proof?reason=x&stream=" + stream + "&digest=xfl-digest%2F2+12", inspector);
    CHECK(malformed.status == 400);
    CHECK(Field(malformed.body, "field") == "digest");
    const std::string hex(64, 'a');
    auto flat = refused("/api/v1/audit/proof?reason=x&stream=" + stream +
                            "&digest=" + UrlEncode("xfl-digest/1 3 3 2026-01-01T00:00:00Z " + hex),
                        inspector);
    CHECK(flat.status == 400);
    CHECK(Field(flat.body, "field") == "digest");
    for (const std::string& other : {"xfl-digest/2 3 3 2026-01-01T00:00:00Z " + hex,
                                     "xfl-digest/2 999999 3 2026-01-01T00:00:00Z " + hex}) {
        auto foreign =
            refused("/api/v1/audit/proof?reason=x&stream=" + stream + "&digest=" + UrlEncode(other),
                    inspector);
        CHECK(foreign.status == 422);
        CHECK(Field(foreign.body, "field") == "digest");
    }
}

TEST_CASE("a record, or a report, is compared between two dates as the caller may see it") {
    ApiServer server;
    const std::string inspector = server.UserWithRole("insp.city", "inspector", kCity);
    const std::string cw = server.UserWithRole("cw.lancheng", "caseworker", kLancheng);
    const std::string elsewhere = server.UserWithRole("cw.tengchong", "caseworker", kTengchong);
    const std::string id = NewHousehold(server, cw, "王官社区3组12号");
    const std::string path = "/api/v1/households/" + id;
    auto now = [] { return xfl::domain::FormatRfc3339(xfl::api::NowMicros()); };
    const std::string registered = now();
    REQUIRE(OpenPlan(server, id, cw).status == 201);
    const std::string planned = now();
    auto compare = [&](const std::string& record, const std::string& from, const std::string& to,
                       const std::string& token) {
        return server.Call("GET",
                           "/api/v1/audit/compare?record=" + UrlEncode(record) +
                               "&from=" + UrlEncode(from) + "&to=" + UrlEncode(to),
                           {}, token);
    };

    auto changed = compare(path, registered, planned, inspector);
    REQUIRE(changed.status == 200);
    const std::string plan = Field(server.Call("GET", path, {}, cw).body, "open_plan");
    CHECK_THAT(
        changed.body,
        Catch::EndsWith("\"changes\":[{\"field\":\"open_plan\",\"before\":null,\"after\":\"" +
                        plan + "\"}]}"));
    CHECK_THAT(compare(path, planned, planned, cw).body, Catch::EndsWith("\"changes\":[]}"));
    // The board of the township, as a report: compared the same way.
    CHECK(compare(std::string("/api/v1/reports/zero-employment?region=") + kLancheng, registered,
                  planned, cw)
              .status == 200);

    SECTION("before the record existed: the route's own answer, told of the date") {
        auto before = compare(path, "2026-01-01", planned, inspector);
        CHECK(before.status == 404);
        CHECK(Field(before.body, "field") == "from");
        CHECK_THAT(before.body, Catch::Contains("from (2026-01-01)"));
    }
    SECTION("outside the caller's scope: the same refusal as reading it") {
        auto hidden = compare(path, registered, planned, elsewhere);
        CHECK(hidden.status == 403);
        CHECK(hidden.body == server.Call("GET", path, {}, elsewhere).body);
    }
    SECTION("bad requests name the field") {
        CHECK(Field(compare("/etc/passwd", registered, planned, cw).body, "field") == "record");
        CHECK(Field(compare("/api/v1/audit/compare", registered, planned, cw).body, "field") ==
              "record");
        CHECK(Field(compare(path + "?as_of=2026-01-01", registered, planned, cw).body, "field") ==
              "record");
        CHECK(Field(compare(path, "yesterday", planned, cw).body, "field") == "from");
        CHECK(Field(compare(path, registered, "2099-01-01", cw).body, "field") == "to");
        CHECK(
            Field(
                server.Call("GET", "/api/v1/audit/compare?record=" + UrlEncode(path), {}, cw).body,
                "field") == "from");
    }
}
