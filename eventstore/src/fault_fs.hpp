// A RocksDB file system with faults a test or a benchmark asks for: writes that fail as on a
// full disk (EmbeddedLogOptions::disk_full), and syncs slowed as on a slow disk
// (EmbeddedLogOptions::sync_delay, NewSlowSyncEnv).
#pragma once

#include <rocksdb/env.h>

#include <chrono>
#include <functional>
#include <memory>

namespace xfl::eventstore::internal {

struct InjectedFaults {
    // While it returns true, every append to a file fails with IOStatus::NoSpace.
    std::function<bool()> disk_full;
    // Every sync of a file waits this long before it is done.
    std::chrono::microseconds sync_delay{0};
    bool any() const { return disk_full || sync_delay.count() > 0; }
};

// An Env over the default file system with `faults`.
std::unique_ptr<rocksdb::Env> NewFaultyEnv(InjectedFaults faults);

}  // namespace xfl::eventstore::internal
