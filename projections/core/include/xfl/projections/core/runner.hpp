// ProjectionRunner: keeps projections up to date with the log.
//
// Operation: reads the log from the lowest checkpoint, applies each event to every projection
// that has not seen it, and writes each projection's state changes together with its new
// checkpoint (all of them in ONE RocksDB write batch, a catch-up's large ones as table files
// ingested whole), so a crash at any point applies no event twice and skips none. The tail
// writes after every batch read; catch-up holds the writes in memory up to a bound first. A
// projection whose code version differs from the stored one is cleared and rebuilt, and so is
// one whose checkpoint names an event this log does not have at that position (the read models
// were built from another log: a restored backup, a Kafka mirror read again). Positions must
// arrive gapless; a gap stops the runner with Errc::kDataLoss instead of skipping.
// Concurrency: CatchUp/Reset are for one thread while the tail is not running; Start runs the
// tail on a thread of its own; status calls are thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "xfl/eventstore/event_log.hpp"
#include "xfl/projections/core/projection.hpp"
#include "xfl/projections/core/store.hpp"

namespace xfl::projections {

struct ProjectionStatus {
    std::string name;
    std::uint32_t code_version = 0;
    eventstore::LogPosition checkpoint;
};

class ProjectionRunner {
  public:
    using Warn = std::function<void(const std::string&)>;
    // `warn` (default: standard error) hears why a read model is rebuilt at start.
    ProjectionRunner(eventstore::EventLog& log, ProjectionStore& store,
                     std::vector<std::unique_ptr<Projection>> projections, Warn warn = {});
    ~ProjectionRunner();
    ProjectionRunner(const ProjectionRunner&) = delete;
    ProjectionRunner& operator=(const ProjectionRunner&) = delete;

    // Every event's hash is checked before read models apply it; `xingfuli bench` turns that
    // off (before CatchUp) to measure what the check costs. Nothing else should.
    void CheckHashesForBenchmark(bool check);

    // The tail and catch-up read the log this many events at a time.
    static constexpr std::size_t kEventsPerBatch = 10000;
    void ReadInBatchesOf(std::size_t events);

    // Catch-up keeps read-model writes in memory until they take about this much, then writes
    // them with their checkpoints: a key is read from the store once rather than per batch.
    static constexpr std::size_t kHeldBytes = std::size_t{64} << 20;
    void HoldWritesUpTo(std::size_t bytes);

    // Loads checkpoints (rebuilding projections whose code version changed) and applies the log
    // up to its current head. `progress` (may be empty) gets the lowest checkpoint now and then.
    Status CatchUp(const std::function<void(eventstore::LogPosition)>& progress = {});

    // Clears the state and checkpoint of the named projection (every projection when empty);
    // the next CatchUp replays the log into it. Errc::kNotFound for an unknown name.
    Status Reset(const std::optional<std::string>& name = std::nullopt);

    // Tails the log on a background thread until Stop or the destructor.
    void Start();
    void Stop();

    // The lowest checkpoint of all projections.
    eventstore::LogPosition Position() const;
    // Waits until every projection has applied `position`; false on timeout or failure.
    bool WaitFor(eventstore::LogPosition position, std::chrono::milliseconds timeout) const;
    // Waits until the named projections have applied `position` (a name this runner does not
    // run counts as applied); false on timeout or failure.
    bool WaitFor(eventstore::LogPosition position, std::span<const std::string_view> names,
                 std::chrono::milliseconds timeout) const;
    std::vector<ProjectionStatus> Statuses() const;
    // The error that stopped the tail, if one did.
    std::optional<Error> Failure() const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace xfl::projections
