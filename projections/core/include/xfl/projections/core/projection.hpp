// A projection: a read model computed from the log and kept in the projection store.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "xfl/eventstore/envelope.hpp"
#include "xfl/projections/core/tally.hpp"

namespace xfl::projections {

// Read access to one projection's keys (each projection has its own key space).
class StateView {
  public:
    virtual ~StateView() = default;
    virtual std::optional<std::string> Get(std::string_view key) const = 0;
    // Visits the keys that start with `prefix`, in byte order, until `visit` returns false.
    virtual void Scan(
        std::string_view prefix,
        const std::function<bool(std::string_view key, std::string_view value)>& visit) const = 0;
};

// What Apply writes through; its reads see the writes of the batch being applied.
class StateWriter : public StateView {
  public:
    virtual void Put(std::string_view key, std::string_view value) = 0;
    virtual void Delete(std::string_view key) = 0;
    // Adds `delta` to the decimal integer stored at `key` (absent: 0). Between writes to
    // RocksDB the runner keeps it as a number, so prefer this to Get, parse and Put.
    virtual void Add(std::string_view key, std::int64_t delta) = 0;
    // Adds each of `deltas` to its name's count in the tally stored at `key` (tally.hpp), kept
    // decoded between writes to RocksDB; the key is found once for all the names.
    virtual void AddToTally(std::string_view key, const Tally& deltas) = 0;
};

// Implementations must be deterministic: the same events give the same state, so a rebuild
// reproduces what the live tail built. Apply ignores event types it does not know.
class Projection {
  public:
    virtual ~Projection() = default;
    // Stable name, [a-z0-9_]+; it names the projection's key space and checkpoint.
    virtual std::string_view Name() const = 0;
    // Bump whenever Apply changes what it writes: the runner then rebuilds the projection.
    virtual std::uint32_t CodeVersion() const = 0;
    // Throwing stops the runner for good, with nothing of the current batch written.
    virtual void Apply(const eventstore::EventEnvelope& event, StateWriter& state) = 0;
    // A projection that adds up what many events change before writing it (cheaper than a
    // write per event) writes it here and forgets it. The runner calls it before it writes the
    // projection's state to the store (after every batch of the live tail; in catch-up when
    // the writes held reach their bound, and at the end) and before it discards that state.
    // The projection bounds what it holds itself.
    virtual void WriteHeld(StateWriter&) {}
};

}  // namespace xfl::projections
