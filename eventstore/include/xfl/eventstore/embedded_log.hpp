// The embedded event log: RocksDB in one directory, no server to install.
//
// Operation: one group is committed at a time. A single writer thread drains every append
// waiting at that moment into one synced RocksDB write (group commit), so N concurrent callers
// share one fsync instead of paying N; an append that finds the log idle commits on its own
// thread, sparing the hand-over.
// Concurrency: one process per directory; a second opener gets Errc::kBusy.
// Limitations: one machine (the Kafka log for more is planned: issue "The Kafka event log").
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>

#include "xfl/eventstore/event_log.hpp"

namespace xfl::eventstore {

// Opens (creating if missing) the log in `dir`. At open the tail of the log is checked: a record
// that cannot be decoded fails with Errc::kDataLoss naming its position.
// After a failed write (a full disk) appends answer Errc::kUnavailable, naming the cause but no
// file, until the log resumes: each append and each WriteProblem() tries.
struct EmbeddedLogOptions {
    // Fault injection for tests: while it returns true, every write fails as on a full disk.
    std::function<bool()> disk_full;
    // Stream reads check every event's hash, chain and order; `xingfuli bench` turns that off
    // to measure what the checks cost. Nothing else should.
    bool check_reads = true;
    // Benchmarks: every sync of the log's files waits this long first, as on a slow disk
    // (`xingfuli bench --sync-delay-ms`, slow_disk.hpp).
    std::chrono::microseconds sync_delay{0};
};
Result<std::unique_ptr<EventLog>> OpenEmbeddedLog(const std::filesystem::path& dir,
                                                  EmbeddedLogOptions options = {});

}  // namespace xfl::eventstore
