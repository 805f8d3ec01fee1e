#include "full_disk_fs.hpp"

#include <rocksdb/file_system.h>

namespace xfl::eventstore::internal {
namespace {

class FullDiskFile final : public rocksdb::FSWritableFileOwnerWrapper {
  public:
    FullDiskFile(std::unique_ptr<rocksdb::FSWritableFile> file,
                 const std::function<bool()>& disk_full)
        : FSWritableFileOwnerWrapper(std::move(file)), disk_full_(disk_full) {}

    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override {
        if (disk_full_()) return rocksdb::IOStatus::NoSpace("injected: the disk is full");
        return FSWritableFileOwnerWrapper::Append(data, options, dbg);
    }
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                             const rocksdb::DataVerificationInfo& info,
                             rocksdb::IODebugContext* dbg) override {
        if (disk_full_()) return rocksdb::IOStatus::NoSpace("injected: the disk is full");
        return FSWritableFileOwnerWrapper::Append(data, options, info, dbg);
    }

  private:
    const std::function<bool()>& disk_full_;
};

class FullDiskFileSystem final : public rocksdb::FileSystemWrapper {
  public:
    explicit FullDiskFileSystem(std::function<bool()> disk_full)
        : FileSystemWrapper(rocksdb::FileSystem::Default()), disk_full_(std::move(disk_full)) {}
    const char* Name() const override { return "xfl.FullDiskFileSystem"; }

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
        if (opened.ok()) *result = std::make_unique<FullDiskFile>(std::move(*result), disk_full_);
        return opened;
    }
    std::function<bool()> disk_full_;
};

}  // namespace

std::unique_ptr<rocksdb::Env> NewFullDiskEnv(std::function<bool()> disk_full) {
    return rocksdb::NewCompositeEnv(std::make_shared<FullDiskFileSystem>(std::move(disk_full)));
}

}  // namespace xfl::eventstore::internal
