// An event log held in memory, for domain and application tests that need a log but not a disk:
// every promise of event_log.hpp except durability (nothing outlives the object). It is held to
// the same guarantee tests as the embedded and the Kafka log
// (tests/eventstore/eventstore_test.cpp).
#pragma once

#include <memory>

#include "xfl/eventstore/event_log.hpp"

namespace xfl::eventstore {

std::unique_ptr<EventLog> MakeMemoryLog();

}  // namespace xfl::eventstore
