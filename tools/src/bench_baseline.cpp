// Raw RocksDB figures measured in the same run as the log, so the log's figures can be read as
// ratios on a noisy machine.
#include "bench_baseline.hpp"

#include <rocksdb/db.h>
#include <rocksdb/env.h>

#include <atomic>
#include <memory>
#include <stdexcept>

#include "bench_support.hpp"
#include "xfl/eventstore/slow_disk.hpp"

namespace xfl::tools::bench {
namespace {

std::unique_ptr<rocksdb::DB> OpenScratch(const std::filesystem::path& dir,
                                         rocksdb::Env* env = nullptr) {
    rocksdb::Options options;
    options.create_if_missing = true;
    if (env) options.env = env;
    rocksdb::DB* raw = nullptr;
    rocksdb::Status s = rocksdb::DB::Open(options, dir.string(), &raw);
    if (!s.ok()) throw std::runtime_error("baseline RocksDB: " + s.ToString());
    return std::unique_ptr<rocksdb::DB>(raw);
}

std::string Key(int thread, std::uint64_t i) {
    return "k" + std::to_string(thread) + "/" + std::to_string(i);
}

const std::string kValue(300, 'v');  // about one encoded event

}  // namespace

double RawSyncedPutsPerSecond(const std::filesystem::path& dir, int threads,
                              std::uint64_t total_puts, std::chrono::microseconds sync_delay) {
    const auto slow = sync_delay.count() > 0 ? eventstore::NewSlowSyncEnv(sync_delay) : nullptr;
    auto db = OpenScratch(dir, slow.get());
    rocksdb::WriteOptions synced;
    synced.sync = true;
    const std::uint64_t per_thread = total_puts / static_cast<std::uint64_t>(threads);
    double seconds = TimeThreads(threads, [&](int t) {
        for (std::uint64_t i = 0; i < per_thread; ++i) {
            if (!db->Put(synced, Key(t, i), kValue).ok()) throw std::runtime_error("put failed");
        }
    });
    return static_cast<double>(per_thread * static_cast<std::uint64_t>(threads)) / seconds;
}

double RawSyncedBatchPutsPerSecond(const std::filesystem::path& dir, std::uint64_t total_puts,
                                   int batch_size) {
    auto db = OpenScratch(dir);
    rocksdb::WriteOptions synced;
    synced.sync = true;
    const auto start = Clock::now();
    std::uint64_t done = 0;
    while (done < total_puts) {
        rocksdb::WriteBatch batch;
        for (int i = 0; i < batch_size; ++i) batch.Put(Key(0, done++), kValue);
        if (!db->Write(synced, &batch).ok()) throw std::runtime_error("write failed");
    }
    return static_cast<double>(done) / Seconds(Clock::now() - start);
}

}  // namespace xfl::tools::bench
