#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>

namespace xfl::tools::bench {

// `threads` threads each doing synced single Puts of a 300-byte value into a fresh DB, on a
// disk whose every sync takes `sync_delay` longer (slow_disk.hpp).
double RawSyncedPutsPerSecond(const std::filesystem::path& dir, int threads,
                              std::uint64_t total_puts, std::chrono::microseconds sync_delay = {});
// One thread writing synced WriteBatches of `batch_size` 300-byte Puts.
double RawSyncedBatchPutsPerSecond(const std::filesystem::path& dir, std::uint64_t total_puts,
                                   int batch_size);

}  // namespace xfl::tools::bench
