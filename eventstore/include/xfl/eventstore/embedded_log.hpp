// The embedded event log: RocksDB in one directory, no server to install.
//
// Operation: one group is committed at a time. A single writer thread drains every append
// waiting at that moment into one synced RocksDB write (group commit), so N concurrent callers
// share one fsync instead of paying N; an append that finds the log idle commits on its own
// thread, sparing the hand-over.
// Concurrency: one process per directory; a second opener gets Errc::kBusy.
// Limitations: one machine (the Kafka log for more is planned: issue "The Kafka event log").
#pragma once

#include <filesystem>
#include <memory>

#include "xfl/eventstore/event_log.hpp"

namespace xfl::eventstore {

// Opens (creating if missing) the log in `dir`. At open the tail of the log is checked: a record
// that cannot be decoded fails with Errc::kDataLoss naming its position.
Result<std::unique_ptr<EventLog>> OpenEmbeddedLog(const std::filesystem::path& dir);

}  // namespace xfl::eventstore
