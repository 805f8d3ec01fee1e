// Tampering with the stored log behind its back, as an attacker with disk access would, and
// checking that verification names what was changed. The key layout used here ('e' + big-endian
// position -> record) is the embedded log's storage format.
#include "xfl/eventstore/verify.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

#include "support/raw_log.hpp"
#include "support/temp_dir.hpp"
#include "xfl/eventstore/embedded_log.hpp"
#include "xfl/eventstore/hash_chain.hpp"
#include "xfl/eventstore/merkle.hpp"
#include "xfl/eventstore/record_proof.hpp"
#include "xfl/eventstore/signed_head.hpp"

using namespace xfl;
using namespace xfl::eventstore;
using xfl::testing::MakeAppend;
using xfl::testing::RawLog;
using xfl::testing::TempDir;

namespace {

// Five events: stream a v1..v3 at positions 1..3, stream b v1..v2 at positions 4..5.
void WriteSample(const TempDir& dir) {
    auto log = OpenEmbeddedLog(dir.path() / "log");
    REQUIRE(log.ok());
    REQUIRE((*log)->Append(MakeAppend("a", 3)).ok());
    REQUIRE((*log)->Append(MakeAppend("b", 2)).ok());
}

VerifyReport Verify(const TempDir& dir) {
    auto log = OpenEmbeddedLog(dir.path() / "log");
    REQUIRE(log.ok());
    return VerifyLog(**log);
}

}  // namespace

TEST_CASE("verify passes on an untouched log") {
    TempDir dir;
    WriteSample(dir);
    auto report = Verify(dir);
    CHECK(report.ok);
    CHECK(report.events_checked == 5);
    CHECK(report.streams_checked == 2);
    CHECK(report.problems.empty());
}

TEST_CASE("verify names an event whose payload was altered") {
    TempDir dir;
    WriteSample(dir);
    {
        RawLog raw(dir.path() / "log");
        std::string record = raw.Get(2);
        auto at = record.find("\"n\":1");
        REQUIRE(at != std::string::npos);
        record[at + 4] = '7';
        raw.Put(2, record);
    }
    auto report = Verify(dir);
    REQUIRE_FALSE(report.ok);
    REQUIRE(report.problems.size() == 1);
    CHECK(report.problems[0].stream_id == "a");
    CHECK(report.problems[0].version == 2);
    CHECK_THAT(report.problems[0].what, Catch::Contains("altered"));
}

TEST_CASE("verify names a removed event by its stream and version") {
    TempDir dir;
    WriteSample(dir);
    RawLog(dir.path() / "log").Delete(2);
    auto report = Verify(dir);
    REQUIRE_FALSE(report.ok);
    bool named = false;
    for (const auto& p : report.problems) {
        if (p.stream_id == "a" && p.version == 3 &&
            p.what.find("stream version 2 expected") != std::string::npos) {
            named = true;
        }
    }
    CHECK(named);
}

TEST_CASE("verify catches a swapped pair of events") {
    TempDir dir;
    WriteSample(dir);
    {
        RawLog raw(dir.path() / "log");
        std::string first = raw.Get(1);
        std::string second = raw.Get(2);
        raw.Put(1, second);
        raw.Put(2, first);
    }
    auto report = Verify(dir);
    REQUIRE_FALSE(report.ok);
    CHECK(report.problems[0].stream_id == "a");
    CHECK(report.problems[0].position == 2);
}

TEST_CASE("a truncated record is reported with its position, at open and by verify") {
    TempDir dir;
    WriteSample(dir);
    SECTION("in the middle of the log") {
        {
            RawLog raw(dir.path() / "log");
            std::string record = raw.Get(3);
            raw.Put(3, record.substr(0, record.size() / 2));
        }
        auto report = Verify(dir);
        REQUIRE_FALSE(report.ok);
        CHECK_THAT(report.problems.back().what, Catch::Contains("log position 3"));
    }
    SECTION("at the tail, where open checks") {
        {
            RawLog raw(dir.path() / "log");
            std::string record = raw.Get(5);
            raw.Put(5, record.substr(0, 10));
        }
        auto log = OpenEmbeddedLog(dir.path() / "log");
        REQUIRE_FALSE(log.ok());
        CHECK(log.error().code == Errc::kDataLoss);
        CHECK_THAT(log.error().message, Catch::Contains("log position 5"));
    }
}

namespace {

StreamQuery WholeStream(const std::string& stream) {
    StreamQuery query;
    query.stream_id = stream;
    return query;
}

}  // namespace

TEST_CASE("a deleted last event is noticed and its position is never handed out again") {
    TempDir dir;
    WriteSample(dir);
    RawLog(dir.path() / "log").Delete(5);
    auto log = OpenEmbeddedLog(dir.path() / "log");
    REQUIRE(log.ok());
    CHECK((*log)->Head().value == 5);
    auto next = (*log)->Append(MakeAppend("c"));
    REQUIRE(next.ok());
    CHECK(next->first_position.value == 6);
    auto b = (*log)->ReadStream(WholeStream("b"));
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().code == Errc::kDataLoss);
    CHECK_THAT(b.error().message, Catch::Contains("stream b version 2"));
    CHECK((*log)->ReadStream(WholeStream("c")).ok());
    auto report = VerifyLog(**log);
    REQUIRE_FALSE(report.ok);
    bool named = false;
    for (const auto& p : report.problems) {
        named = named || p.what.find("log position 5") != std::string::npos;
    }
    CHECK(named);
}

TEST_CASE("reading a tampered stream fails naming its stream and version") {
    TempDir dir;
    WriteSample(dir);
    std::string expected;
    {
        RawLog raw(dir.path() / "log");
        SECTION("a payload byte altered") {
            std::string record = raw.Get(2);
            auto at = record.find("\"n\":1");
            REQUIRE(at != std::string::npos);
            record[at + 4] = '7';
            raw.Put(2, record);
            expected = "stream a version 2: the event does not match its hash";
        }
        SECTION("two events swapped") {
            std::string first = raw.Get(1), second = raw.Get(2);
            raw.Put(1, second);
            raw.Put(2, first);
            expected = "stream a version 1: the log holds stream a version 2";
        }
        SECTION("another stream's event in its place") {
            raw.Put(3, raw.Get(4));
            expected = "stream a version 3: the log holds stream b version 1";
        }
        SECTION("its last event replaced by an older one of its own") {
            raw.Put(3, raw.Get(2));
            expected = "stream a version 3";
        }
    }
    auto log = OpenEmbeddedLog(dir.path() / "log");
    REQUIRE(log.ok());
    auto a = (*log)->ReadStream(WholeStream("a"));
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().code == Errc::kDataLoss);
    CHECK_THAT(a.error().message, Catch::Contains(expected));
    CHECK((*log)->ReadStream(WholeStream("b")).ok());
    CHECK_FALSE(VerifyLog(**log).ok);
}

TEST_CASE("verify compares every stream's indexed head with its events") {
    TempDir dir;
    WriteSample(dir);
    RawLog(dir.path() / "log").Delete(3);
    auto log = OpenEmbeddedLog(dir.path() / "log");
    REQUIRE(log.ok());
    auto report = VerifyLog(**log);
    bool named = false;
    for (const auto& p : report.problems) {
        named = named ||
                (p.stream_id == "a" && p.what.find("index says version 3") != std::string::npos);
    }
    CHECK(named);
}

TEST_CASE(
    "events appended while a check runs are not reported: it covers the log up to its start") {
    TempDir dir;
    WriteSample(dir);
    auto log = std::move(OpenEmbeddedLog(dir.path() / "log")).value();
    VerifyOptions options;
    bool appended = false;
    // A server goes on writing during the check: stream a moves past what the check read.
    options.progress = [&](std::uint64_t) {
        if (!appended) appended = log->Append(MakeAppend("a")).ok();
    };
    auto report = VerifyLog(*log, options);
    CHECK(appended);
    CHECK(report.ok);
    CHECK(report.events_checked == 5);
    CHECK(VerifyLog(*log).events_checked == 6);
}

namespace {

// A log with stream a v1..v3 then b v1..v2, whose a v2 says `a2` instead of what MakeAppend
// writes: every hash chain holds, as after a rewrite that recomputed them.
std::unique_ptr<EventLog> WriteRewrittenSample(const TempDir& dir, const std::string& a2) {
    auto log = std::move(OpenEmbeddedLog(dir.path() / "log")).value();
    auto a = MakeAppend("a", 3);
    a.events[1].payload = a2;
    REQUIRE(log->Append(std::move(a)).ok());
    REQUIRE(log->Append(MakeAppend("b", 2)).ok());
    return log;
}

SignedHead SignNow(const HeadSigner& signer, EventLog& log) {
    auto head = DigestLogAt(log, log.Head(), 1'700'000'000'000'000);
    REQUIRE(head.ok());
    return signer.Sign(*head);
}

}  // namespace

TEST_CASE("signed heads catch a history rewritten with recomputed hashes") {
    TempDir keys;
    REQUIRE(HeadSigner::Generate(keys.path() / "head.pem").ok());
    auto signer = std::move(HeadSigner::Load(keys.path() / "head.pem")).value();
    const std::string public_key = signer->PublicKeyPem();

    TempDir original_dir;
    auto original = WriteRewrittenSample(original_dir, "{\"n\":1}");
    const SignedHead signed_head = SignNow(*signer, *original);
    CHECK(signed_head.head.streams == 2);
    CHECK(SignedHead::FromJson(signed_head.ToJson())->signature == signed_head.signature);

    VerifyOptions options;
    options.signed_heads = {signed_head};
    options.public_key_pem = public_key;
    SECTION("the signed log passes, also after more appends") {
        REQUIRE(original->Append(MakeAppend("c")).ok());
        auto report = VerifyLog(*original, options);
        CHECK(report.ok);
        CHECK(report.signed_heads_checked == 1);
    }
    SECTION("a rewritten log passes its chains but not the signed head") {
        TempDir rewritten_dir;
        auto rewritten = WriteRewrittenSample(rewritten_dir, "{\"n\":7}");
        CHECK(VerifyLog(*rewritten).ok);
        auto report = VerifyLog(*rewritten, options);
        REQUIRE_FALSE(report.ok);
        CHECK_THAT(report.problems.front().what, Catch::Contains("rewritten"));
    }
    SECTION("a head signed by another key, or altered, is refused") {
        SignedHead forged = signed_head;
        forged.head.streams = 3;
        options.signed_heads = {forged};
        auto report = VerifyLog(*original, options);
        REQUIRE_FALSE(report.ok);
        CHECK_THAT(report.problems.front().what, Catch::Contains("signature is not valid"));
    }
    SECTION("events deleted from the tail after the head was signed") {
        original.reset();
        RawLog(original_dir.path() / "log").Delete(5);
        auto reopened = std::move(OpenEmbeddedLog(original_dir.path() / "log")).value();
        CHECK_FALSE(VerifyLog(*reopened, options).ok);
    }
}

TEST_CASE("a digest proves later that the log still extends it, without any key") {
    TempDir original_dir;
    auto original = WriteRewrittenSample(original_dir, "{\"n\":1}");
    auto taken = DigestLogAt(*original, original->Head(), 1'700'000'000'000'000);
    REQUIRE(taken.ok());
    CHECK(taken->streams == 2);
    const std::string line = taken->ToLine();
    CHECK_THAT(line, Catch::StartsWith("xfl-digest/2 5 2 2023-11-1"));
    auto read_back = LogDigest::FromLine(line);
    REQUIRE(read_back.ok());
    CHECK(read_back->ToLine() == line);

    VerifyOptions options;
    options.digests = {*read_back};
    SECTION("the log passes, also after more appends") {
        REQUIRE(original->Append(MakeAppend("a")).ok());
        REQUIRE(original->Append(MakeAppend("c")).ok());
        auto report = VerifyLog(*original, options);
        CHECK(report.ok);
        CHECK(report.digests_checked == 1);
    }
    SECTION("a stream rewritten with recomputed hashes passes verify alone, not the digest") {
        TempDir rewritten_dir;
        auto rewritten = WriteRewrittenSample(rewritten_dir, "{\"n\":7}");
        CHECK(VerifyLog(*rewritten).ok);
        auto report = VerifyLog(*rewritten, options);
        REQUIRE_FALSE(report.ok);
        CHECK(report.problems.front().position == 5);
        CHECK_THAT(report.problems.front().what,
                   Catch::Contains("digest at log position 5") && Catch::Contains("rewritten"));
    }
    SECTION("events deleted from the tail after the digest") {
        original.reset();
        RawLog(original_dir.path() / "log").Delete(5);
        auto reopened = std::move(OpenEmbeddedLog(original_dir.path() / "log")).value();
        auto report = VerifyLog(*reopened, options);
        REQUIRE_FALSE(report.ok);
        CHECK_THAT(report.problems[0].what, Catch::Contains("events missing from log position 5"));
        bool digest_named = false;
        for (const auto& p : report.problems) {
            digest_named =
                digest_named || p.what.find("digest at log position 5") != std::string::npos;
        }
        CHECK(digest_named);
    }
    SECTION("a digest of another log") {
        TempDir other_dir;
        auto other = std::move(OpenEmbeddedLog(other_dir.path() / "log")).value();
        REQUIRE(other->Append(MakeAppend("x", 5)).ok());
        CHECK_FALSE(VerifyLog(*other, options).ok);
    }
}

TEST_CASE("a digest of format 1, taken before the Merkle tree, still proves the log extends it") {
    TempDir dir;
    auto log = WriteRewrittenSample(dir, "{\"n\":1}");
    auto flat = DigestLogAt(*log, log->Head(), 1'700'000'000'000'000, DigestFormat::kFlat);
    REQUIRE(flat.ok());
    const std::string line = flat->ToLine();
    CHECK_THAT(line, Catch::StartsWith("xfl-digest/1 5 2 "));
    auto merkle = DigestLogAt(*log, log->Head(), 1'700'000'000'000'000);
    REQUIRE(merkle.ok());
    CHECK(merkle->digest != flat->digest);  // the two formats never pass for each other

    auto read_back = LogDigest::FromLine(line);
    REQUIRE(read_back.ok());
    CHECK(read_back->format == DigestFormat::kFlat);
    REQUIRE(log->Append(MakeAppend("c")).ok());
    VerifyOptions options;
    options.digests = {*read_back};
    CHECK(VerifyLog(*log, options).ok);
    TempDir rewritten_dir;
    auto rewritten = WriteRewrittenSample(rewritten_dir, "{\"n\":7}");
    CHECK_FALSE(VerifyLog(*rewritten, options).ok);
}

TEST_CASE("a head signed over a format-1 digest keeps its format and its signature") {
    TempDir keys;
    REQUIRE(HeadSigner::Generate(keys.path() / "head.pem").ok());
    auto signer = std::move(HeadSigner::Load(keys.path() / "head.pem")).value();
    TempDir dir;
    auto log = WriteRewrittenSample(dir, "{\"n\":1}");
    auto flat = DigestLogAt(*log, log->Head(), 1'700'000'000'000'000, DigestFormat::kFlat);
    REQUIRE(flat.ok());
    const SignedHead old_head = signer->Sign(*flat);
    const std::string json = old_head.ToJson();
    CHECK(json.find("\"format\"") == std::string::npos);  // as heads were written before
    auto read_back = SignedHead::FromJson(json);
    REQUIRE(read_back.ok());
    CHECK(read_back->head.format == DigestFormat::kFlat);
    CHECK(*CheckSignature(*read_back, signer->PublicKeyPem()));
    // Read as the other format, the same signature does not hold.
    SignedHead as_merkle = *read_back;
    as_merkle.head.format = DigestFormat::kMerkle;
    CHECK_FALSE(*CheckSignature(as_merkle, signer->PublicKeyPem()));

    VerifyOptions options;
    options.signed_heads = {*read_back, SignNow(*signer, *log)};
    options.public_key_pem = signer->PublicKeyPem();
    auto report = VerifyLog(*log, options);
    CHECK(report.ok);
    CHECK(report.signed_heads_checked == 2);
}

namespace {

Sha256Digest Node(const Sha256Digest& left, const Sha256Digest& right) {
    std::string bytes(1, '\x01');
    bytes.append(reinterpret_cast<const char*>(left.data()), left.size());
    bytes.append(reinterpret_cast<const char*>(right.data()), right.size());
    return Sha256Of(bytes);
}

}  // namespace

TEST_CASE("the digest's Merkle tree is RFC 9162's, with one leaf per stream head") {
    StreamTip tip{"a", StreamVersion{3}, {}};
    tip.hash.fill(0xab);
    // 0x00, then "a" with its 4-byte length, version 3 in 8 bytes, the 32-byte hash.
    std::string leaf_bytes(
        "\x00\x00\x00\x00\x01"
        "a\x00\x00\x00\x00\x00\x00\x00\x03",
        14);
    leaf_bytes.append(32, '\xab');
    CHECK(StreamLeafHash(tip) == Sha256Of(leaf_bytes));

    std::vector<Sha256Digest> leaves;
    for (const char* id : {"a", "b", "c", "d", "e"}) {
        leaves.push_back(StreamLeafHash({id, StreamVersion{1}, {}}));
    }
    const auto& [a, b, c, d, e] = std::tie(leaves[0], leaves[1], leaves[2], leaves[3], leaves[4]);
    CHECK(MerkleRoot({}) == Sha256Of(""));
    CHECK(MerkleRoot({a}) == a);
    CHECK(MerkleRoot({a, b, c}) == Node(Node(a, b), c));
    // Five leaves split 4 + 1.
    CHECK(MerkleRoot(leaves) == Node(Node(Node(a, b), Node(c, d)), e));
    CHECK(InclusionPath(leaves, 0) == std::vector{b, Node(c, d), e});
    CHECK(InclusionPath(leaves, 3) == std::vector{c, Node(a, b), e});
    CHECK(InclusionPath(leaves, 4) == std::vector{Node(Node(a, b), Node(c, d))});
    CHECK(InclusionPath({a}, 0).empty());
}

TEST_CASE("a record's proof carries its events and its path to the digest") {
    TempDir dir;
    auto log = WriteRewrittenSample(dir, "{\"n\":1}");
    REQUIRE(log->Append(MakeAppend("c", 1)).ok());
    auto digest = DigestLogAt(*log, log->Head(), 1'700'000'000'000'000);
    REQUIRE(digest.ok());
    REQUIRE(log->Append(MakeAppend("a", 1)).ok());  // after the digest: not in the proof

    auto proof = ProveRecord(*log, *digest, "a", "digest");
    REQUIRE(proof.ok());
    CHECK(proof->leaf_index == 0);
    REQUIRE(proof->events.size() == 3);
    CHECK(proof->events.back().version.value == 3);
    auto heads = std::move(log->StreamHeadsAt(digest->position)).value();
    std::sort(heads.begin(), heads.end(),
              [](const auto& x, const auto& y) { return x.stream_id < y.stream_id; });
    std::vector<Sha256Digest> leaves;
    for (const auto& h : heads) leaves.push_back(StreamLeafHash(h));
    CHECK(proof->path == InclusionPath(leaves, 0));
    const std::string json = proof->ToJson();
    CHECK_THAT(json, Catch::StartsWith("{\"format\":\"xfl-record-proof/1\",\"digest\":\"" +
                                       digest->ToLine() +
                                       "\",\"stream\":\"a\",\"leaf_index\":0,"
                                       "\"tree_size\":3,\"path\":["));

    SECTION("a stream the digest does not hold") {
        auto missing = ProveRecord(*log, *digest, "z", "digest");
        REQUIRE_FALSE(missing.ok());
        CHECK(missing.error().code == Errc::kNotFound);
        CHECK(missing.error().field == "stream");
    }
    SECTION("a digest of another log, or beyond this log's end") {
        LogDigest other = *digest;
        other.digest[0] ^= 1;
        auto refused = ProveRecord(*log, other, "a", "digest");
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == Errc::kRuleViolated);
        CHECK(refused.error().field == "digest");
        other = *digest;
        other.position = LogPosition{99};
        CHECK(ProveRecord(*log, other, "a", "digest").error().code == Errc::kRuleViolated);
    }
    SECTION("a format-1 digest has no tree") {
        auto flat = DigestLogAt(*log, digest->position, 0, DigestFormat::kFlat);
        auto refused = ProveRecord(*log, *flat, "a", "digest");
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == Errc::kInvalidArgument);
    }
}

TEST_CASE("a malformed digest line is refused naming what is wrong") {
    const std::string hex(64, 'a');
    CHECK(LogDigest::FromLine("xfl-digest/1 5 2 2023-11-14T22:13:20Z " + hex).ok());
    CHECK(LogDigest::FromLine("xfl-digest/2 5 2 2023-11-14T22:13:20Z " + hex).ok());
    CHECK_FALSE(LogDigest::FromLine("xfl-digest/3 5 2 2023-11-14T22:13:20Z " + hex).ok());
    for (const std::string& bad :
         {std::string(""), "digest 5 2 2023-11-14T22:13:20Z " + hex,
          "xfl-digest/1 0 2 2023-11-14T22:13:20Z " + hex,
          "xfl-digest/1 x 2 2023-11-14T22:13:20Z " + hex, "xfl-digest/1 5 2 yesterday " + hex,
          std::string("xfl-digest/1 5 2 2023-11-14T22:13:20Z abc"),
          std::string("xfl-digest/1 5 2 2023-11-14T22:13:20Z")}) {
        auto parsed = LogDigest::FromLine(bad);
        INFO(bad);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().code == Errc::kInvalidArgument);
        CHECK_THAT(parsed.error().message, Catch::StartsWith("digest: "));
    }
}
