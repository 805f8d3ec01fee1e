#include "support/temp_dir.hpp"

#include <stdlib.h>

#include <stdexcept>

namespace xfl::testing {

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "xfl-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

eventstore::AppendRequest MakeAppend(std::string stream, int count, std::string command_id,
                                     std::string type) {
    eventstore::AppendRequest request;
    request.stream_id = std::move(stream);
    request.command_id = std::move(command_id);
    request.actor = {"user-1", "caseworker", "530502001002"};
    for (int i = 0; i < count; ++i) {
        request.events.push_back({type, 1, 1'700'000'000'000'000 + i,
                                  "{\"n\":" + std::to_string(i) + ",\"note\":\"幸福里\"}"});
    }
    return request;
}

}  // namespace xfl::testing
