// SIGINT and SIGTERM as an orderly stop: blocked before any thread starts, so that only Wait
// receives them.
#pragma once

#include <csignal>

namespace xfl::tools {

class StopSignals {
  public:
    StopSignals() {
        sigemptyset(&set_);
        sigaddset(&set_, SIGTERM);
        sigaddset(&set_, SIGINT);
        pthread_sigmask(SIG_BLOCK, &set_, nullptr);
    }
    // Blocks until one arrives; returns its number.
    int Wait() {
        int signal_number = 0;
        sigwait(&set_, &signal_number);
        return signal_number;
    }

  private:
    sigset_t set_;
};

}  // namespace xfl::tools
