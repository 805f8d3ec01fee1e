#include "fault_fs.hpp"

#include <rocksdb/file_system.h>

#include <thread>

#include "xfl/eventstore/slow_disk.hpp"

namespace xfl::eventstore::internal {
namespace {

class FaultyFile final : public rocksdb::FSWritableFileOwnerWrapper {
  public:
    FaultyFile(std::unique_ptr<rocksdb::FSWritableFile> file, const InjectedFaults& faults)
        : FSWritableFileOwnerWrapper(std::move(file)), faults_(faults) {}

    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override {
        if (Full()) return rocksdb::IOStatus::NoSpace("injected: the disk is full");
        return FSWritableFileOwnerWrapper::Append(data, options, dbg);
    }
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                             const rocksdb::DataVerificationInfo& info,
                             rocksdb::IODebugContext* dbg) override {
        if (Full()) return rocksdb::IOStatus::NoSpace("injected: the disk is full");
        return FSWritableFileOwnerWrapper::Append(data, options, info, dbg);
    }
    rocksdb::IOStatus Sync(const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* dbg) override {
        Wait();
        return FSWritableFileOwnerWrapper::Sync(options, dbg);
    }
    rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options,
                            rocksdb::IODebugContext* dbg) override {
        Wait();
        return FSWritableFileOwnerWrapper::Fsync(options, dbg);
    }

  private:
    bool Full() const { return faults_.disk_full && faults_.disk_full(); }
    void Wait() const {
        if (faults_.sync_delay.count() > 0) std::this_thread::sleep_for(faults_.sync_delay);
    }
    const InjectedFaults& faults_;
};

class FaultyFileSystem final : public rocksdb::FileSystemWrapper {
  public:
    explicit FaultyFileSystem(InjectedFaults faults)
        : FileSystemWrapper(rocksdb::FileSystem::Default()), faults_(std::move(faults)) {}
    const char* Name() const override { return "xfl.FaultyFileSystem"; }

    rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* result,
                                      rocksdb::IODebugContext* dbg) override {
        return Wrap(target()->NewWritableFile(name, options, result, dbg), result);
    }
    rocksdb::IOStatus ReopenWritableFile(const std::string& name,
                                         const rocksdb::FileOptions& options,
                                         std::unique_ptr<rocksdb::FSWritableFile>* result,
                                         rocksdb::IODebugContext* dbg) override {
        return Wrap(target()->ReopenWritableFile(name, options, result, dbg), result);
    }
    rocksdb::IOStatus ReuseWritableFile(const std::string& name, const std::string& old_name,
                                        const rocksdb::FileOptions& options,
                                        std::unique_ptr<rocksdb::FSWritableFile>* result,
                                        rocksdb::IODebugContext* dbg) override {
        return Wrap(target()->ReuseWritableFile(name, old_name, options, result, dbg), result);
    }

  private:
    rocksdb::IOStatus Wrap(rocksdb::IOStatus opened,
                           std::unique_ptr<rocksdb::FSWritableFile>* result) const {
        if (opened.ok()) *result = std::make_unique<FaultyFile>(std::move(*result), faults_);
        return opened;
    }
    InjectedFaults faults_;
};

}  // namespace

std::unique_ptr<rocksdb::Env> NewFaultyEnv(InjectedFaults faults) {
    return rocksdb::NewCompositeEnv(std::make_shared<FaultyFileSystem>(std::move(faults)));
}

}  // namespace xfl::eventstore::internal

namespace xfl::eventstore {

std::unique_ptr<rocksdb::Env> NewSlowSyncEnv(std::chrono::microseconds delay) {
    return internal::NewFaultyEnv({{}, delay});
}

}  // namespace xfl::eventstore
