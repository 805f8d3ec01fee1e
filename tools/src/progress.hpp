// Progress of long work on a terminal: one self-overwriting line on stderr, only when stderr is
// a terminal (logs and pipes stay clean), at most five updates a second.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace xfl::tools {

class Progress {
  public:
    Progress(std::string label, std::uint64_t total)
        : label_(std::move(label)), total_(total), enabled_(isatty(STDERR_FILENO) == 1) {}
    ~Progress() { Done(); }

    void Update(std::uint64_t done) {
        if (!enabled_) return;
        auto now = std::chrono::steady_clock::now();
        if (now - last_ < std::chrono::milliseconds(200)) return;
        last_ = now;
        if (total_ > 0) {
            std::fprintf(stderr, "\r%s: %llu / %llu (%.0f%%)   ", label_.c_str(),
                         static_cast<unsigned long long>(done),
                         static_cast<unsigned long long>(total_),
                         100.0 * static_cast<double>(done) / static_cast<double>(total_));
        } else {
            std::fprintf(stderr, "\r%s: %llu   ", label_.c_str(),
                         static_cast<unsigned long long>(done));
        }
        shown_ = true;
    }

    void Done() {
        if (shown_) std::fprintf(stderr, "\r\033[K");
        shown_ = false;
    }

  private:
    std::string label_;
    std::uint64_t total_;
    bool enabled_;
    bool shown_ = false;
    std::chrono::steady_clock::time_point last_{};
};

}  // namespace xfl::tools
