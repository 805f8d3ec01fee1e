// Runs the request fuzz target over its seed corpus and over deterministic random mutations of
// it, in every test run (and so under ASan + UBSan in CI). With clang, -DXFL_FUZZ=ON builds the
// same target as a coverage-guided libFuzzer binary for longer campaigns.
#include "fuzz/request_fuzz.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace {

std::vector<std::string> Corpus() {
    std::vector<std::string> seeds;
    for (const auto& entry : std::filesystem::directory_iterator(XFL_FUZZ_CORPUS)) {
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream bytes;
        bytes << in.rdbuf();
        seeds.push_back(bytes.str());
    }
    std::sort(seeds.begin(), seeds.end());
    return seeds;
}

std::string Mutate(std::string input, std::mt19937& random) {
    static const std::string kInteresting[] = {
        "\"",           "{",        "}",    "[",       "\\u0000",
        "\xff",         "\xe5\xb9", "%",    "%2e%2e/", "../",
        "\n",           ":",        "null", "-1",      "99999999999999999999",
        "530500000000", ","};
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int i = 0; i < edits; ++i) {
        const std::size_t at = input.empty() ? 0 : random() % input.size();
        switch (random() % 4) {
            case 0:
                if (!input.empty()) input[at] = static_cast<char>(random());
                break;
            case 1:
                input.insert(at, kInteresting[random() % std::size(kInteresting)]);
                break;
            case 2:
                if (!input.empty()) input.erase(at, 1 + random() % 8);
                break;
            default:
                input.insert(at, input.substr(0, random() % 16));
                break;
        }
    }
    return input;
}

}  // namespace

TEST_CASE("request fuzz target: seed corpus and 3000 deterministic mutations") {
    const auto seeds = Corpus();
    REQUIRE(seeds.size() >= 5);
    for (const auto& seed : seeds) {
        CHECK_NOTHROW(xfl::testing::FuzzRequest(reinterpret_cast<const std::uint8_t*>(seed.data()),
                                                seed.size()));
    }
    std::mt19937 random(20261125);
    for (int i = 0; i < 3000; ++i) {
        const std::string input = Mutate(seeds[random() % seeds.size()], random);
        INFO("input: " << input);
        REQUIRE_NOTHROW(xfl::testing::FuzzRequest(
            reinterpret_cast<const std::uint8_t*>(input.data()), input.size()));
    }
}
