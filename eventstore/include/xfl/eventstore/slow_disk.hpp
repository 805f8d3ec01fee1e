// For benchmarks: RocksDB on a disk whose fsync is slow. This machine's disks sync in well
// under a millisecond; servers in county offices may take several. The log is opened on such a
// disk with EmbeddedLogOptions::sync_delay; a raw RocksDB baseline of the same run with this.
#pragma once

#include <chrono>
#include <memory>

namespace rocksdb {
class Env;
}

namespace xfl::eventstore {

// An Env over the default file system in which every sync of a file waits `delay` first.
std::unique_ptr<rocksdb::Env> NewSlowSyncEnv(std::chrono::microseconds delay);

}  // namespace xfl::eventstore
