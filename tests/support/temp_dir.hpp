// Test helpers: a fresh temporary directory per test, removed afterwards, and event builders.
#pragma once

#include <filesystem>
#include <string>

#include "xfl/eventstore/envelope.hpp"

namespace xfl::testing {

class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

// An append of `count` events of `type` to `stream` with the given command id.
eventstore::AppendRequest MakeAppend(std::string stream, int count = 1, std::string command_id = {},
                                     std::string type = "test.happened");

}  // namespace xfl::testing
