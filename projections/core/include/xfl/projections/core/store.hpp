// The projection store: RocksDB holding every projection's state and checkpoint.
//
// Concurrency: thread-safe; one process per directory (a second opener gets Errc::kBusy).
#pragma once

#include <filesystem>
#include <memory>
#include <string_view>

#include "xfl/domain/kernel/result.hpp"
#include "xfl/projections/core/projection.hpp"

namespace xfl::projections {

class ProjectionStore {
  public:
    static Result<std::unique_ptr<ProjectionStore>> Open(const std::filesystem::path& dir);
    ~ProjectionStore();
    ProjectionStore(const ProjectionStore&) = delete;
    ProjectionStore& operator=(const ProjectionStore&) = delete;

    // The committed state of one projection, for queries. The view reads the latest committed
    // state at each call; it must not outlive the store.
    std::unique_ptr<StateView> View(std::string_view projection_name) const;

    struct Impl;  // opaque: defined in the module's private sources

  private:
    friend class ProjectionRunner;
    explicit ProjectionStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace xfl::projections
