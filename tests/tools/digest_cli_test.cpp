// `xingfuli digest` and `xingfuli verify --since-digest` as an inspector runs them: the line
// printed today proves later that the log still extends it (exit 0), a copy of another log
// does not (exit 1, naming the position), a malformed line is refused (exit 2). `xingfuli
// prove` writes one record's proof in a digest, which ops/check-record-proof.py checks alone.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>

#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

using namespace xfl::testing;

namespace {

using Run = CommandRun;

// `xingfuli` with `arguments`: its standard output and exit code (standard error dropped).
Run Xingfuli(const std::string& arguments) {
    return RunCommand(std::string(XFL_XINGFULI) + " " + arguments + " 2>/dev/null");
}

// ops/check-record-proof.py with `arguments`: what it printed, and its exit code.
Run CheckProof(const std::string& arguments) {
    return RunCommand(std::string("python3 ") + XFL_CHECK_RECORD_PROOF + " " + arguments + " 2>&1");
}

std::string ReadText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void WriteText(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

std::string Seed(const TempDir& dir, int households, int seed) {
    const std::string data = (dir.path() / "data").string();
    REQUIRE(Xingfuli("seed --data-dir " + data + " --households " + std::to_string(households) +
                     " --seed " + std::to_string(seed))
                .exit_code == 0);
    return data;
}

}  // namespace

TEST_CASE("a digest printed today is proved later from the data directory") {
    TempDir dir, other_dir;
    const std::string data = Seed(dir, 5, 1);
    Run digest = Xingfuli("digest --data-dir " + data);
    REQUIRE(digest.exit_code == 0);
    REQUIRE(digest.out.starts_with("xfl-digest/2 "));
    REQUIRE(digest.out.back() == '\n');
    const std::string line = digest.out.substr(0, digest.out.size() - 1);
    Seed(dir, 8, 1);  // the log goes on

    Run still = Xingfuli("verify --data-dir " + data + " --since-digest '" + line + "'");
    INFO(still.out);
    CHECK(still.exit_code == 0);
    CHECK_THAT(still.out, Catch::Contains("OK:") && Catch::Contains("1 digests"));

    Run other =
        Xingfuli("verify --data-dir " + Seed(other_dir, 3, 2) + " --since-digest '" + line + "'");
    INFO(other.out);
    CHECK(other.exit_code == 1);
    CHECK_THAT(other.out, Catch::Contains("FAILED at log position") &&
                              Catch::Contains("digest at log position"));

    CHECK(Xingfuli("verify --data-dir " + data + " --since-digest 'xfl-digest/1 nonsense'")
              .exit_code == 2);
}

TEST_CASE("a record's proof file is checked without the server or the log") {
    TempDir dir, other_dir;
    const std::string data = Seed(dir, 5, 1);
    Run digest = Xingfuli("digest --data-dir " + data);
    REQUIRE(digest.exit_code == 0);
    const std::string line = digest.out.substr(0, digest.out.size() - 1);
    Seed(dir, 8, 1);  // the log goes on; the proof is of the record as the digest holds it

    const std::string proof = (dir.path() / "city.proof.json").string();
    const std::string stream = "region-530500000000";
    Run proved = Xingfuli("prove --data-dir " + data + " --stream " + stream + " --digest '" +
                          line + "' --out " + proof);
    INFO(proved.out);
    REQUIRE(proved.exit_code == 0);
    Run checked = CheckProof(proof + " '" + line + "'");
    INFO(checked.out);
    CHECK(checked.exit_code == 0);
    CHECK_THAT(checked.out, Catch::StartsWith("ok: " + stream));
    CHECK(CheckProof(proof).exit_code == 0);  // against the digest line inside the file

    const std::string original = ReadText(proof);
    auto tampered = [&](const std::string& from, const std::string& to) {
        std::string text = original;
        const auto at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
        const std::string path = (dir.path() / "tampered.json").string();
        WriteText(path, text);
        return CheckProof(path + " '" + line + "'");
    };
    SECTION("a payload altered in the file") {
        Run run = tampered("保山市", "宝山市");
        CHECK(run.exit_code == 1);
        CHECK_THAT(run.out, Catch::Contains("version 1") && Catch::Contains("altered"));
    }
    SECTION("an event and its stored hash altered together") {
        std::string text = original;
        const auto hash_at = text.find("\"hash\":\"");
        REQUIRE(hash_at != std::string::npos);
        text.erase(hash_at, std::string("\"hash\":\"").size() + 64 + 2);  // and its comma
        const auto at = text.find("保山市");
        text.replace(at, std::string("保山市").size(), "宝山市");
        const std::string path = (dir.path() / "tampered.json").string();
        WriteText(path, text);
        Run run = CheckProof(path + " '" + line + "'");
        CHECK(run.exit_code == 1);
        CHECK_THAT(run.out, Catch::Contains("is not part of the digest"));
    }
    SECTION("a proof checked against another digest") {
        Run other = Xingfuli("digest --data-dir " + Seed(other_dir, 3, 2));
        Run run = CheckProof(proof + " '" + other.out.substr(0, other.out.size() - 1) + "'");
        CHECK(run.exit_code == 1);
    }
    SECTION("what cannot be proved") {
        CHECK(Xingfuli("prove --data-dir " + data + " --stream no-such-stream").exit_code == 1);
        CHECK(Xingfuli("prove --data-dir " + Seed(other_dir, 3, 2) + " --stream " + stream +
                       " --digest '" + line + "'")
                  .exit_code == 1);
        CHECK(Xingfuli("prove --data-dir " + data + " --stream " + stream + " --digest nonsense")
                  .exit_code == 2);
    }
}
