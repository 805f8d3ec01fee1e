// `xingfuli digest` and `xingfuli verify --since-digest` as an inspector runs them: the line
// printed today proves later that the log still extends it (exit 0), a copy of another log
// does not (exit 1, naming the position), a malformed line is refused (exit 2).
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include "support/temp_dir.hpp"

using namespace xfl::testing;

namespace {

struct Run {
    int exit_code = -1;
    std::string out;
};

// The shell command's standard output and exit code (its standard error is dropped).
Run Xingfuli(const std::string& arguments) {
    const std::string command = std::string(XFL_XINGFULI) + " " + arguments + " 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    Run run;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
        run.out.append(buffer, n);
    }
    const int status = pclose(pipe);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
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
    REQUIRE(digest.out.starts_with("xfl-digest/1 "));
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
