// A RocksDB file system whose writes fail as on a full disk while a test says so: the fault
// injection behind EmbeddedLogOptions::disk_full.
#pragma once

#include <rocksdb/env.h>

#include <functional>
#include <memory>

namespace xfl::eventstore::internal {

// An Env over the default file system in which every append to a file fails with
// IOStatus::NoSpace while `disk_full()` returns true.
std::unique_ptr<rocksdb::Env> NewFullDiskEnv(std::function<bool()> disk_full);

}  // namespace xfl::eventstore::internal
