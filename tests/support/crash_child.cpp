// Child process for the crash tests; the parent kills it with SIGKILL at an arbitrary moment.
//   xfl_crash_child append DIR   appends from 8 threads, printing "ACK stream version position"
//                                for each append only after Append returned (i.e. acknowledged)
//   xfl_crash_child project DIR  catches the counting projection up with the log, repeatedly
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/counting_projection.hpp"
#include "support/temp_dir.hpp"
#include "xfl/eventstore/embedded_log.hpp"
#include "xfl/projections/core/runner.hpp"

using namespace xfl;

namespace {

int Append(const std::string& dir) {
    auto log = eventstore::OpenEmbeddedLog(std::string(dir) + "/log");
    if (!log.ok()) return 2;
    std::mutex out;
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0;; ++i) {
                auto request =
                    testing::MakeAppend("t" + std::to_string(t), 1 + i % 3,
                                        "c" + std::to_string(t) + "-" + std::to_string(i));
                auto r = (*log)->Append(request);
                if (!r.ok()) std::_Exit(3);
                std::lock_guard lock(out);
                std::printf("ACK %s %llu %llu\n", r->stream_id.c_str(),
                            static_cast<unsigned long long>(r->last_version.value),
                            static_cast<unsigned long long>(r->last_position.value));
                std::fflush(stdout);
            }
        });
    }
    for (auto& t : threads) t.join();
    return 0;
}

int Project(const std::string& dir) {
    auto log = eventstore::OpenEmbeddedLog(dir + "/log");
    auto store = projections::ProjectionStore::Open(dir + "/projections");
    if (!log.ok() || !store.ok()) return 2;
    std::vector<std::unique_ptr<projections::Projection>> all;
    all.push_back(std::make_unique<testing::CountingProjection>());
    projections::ProjectionRunner runner(**log, **store, std::move(all));
    std::printf("READY\n");
    std::fflush(stdout);
    for (;;) {
        if (!runner.CatchUp().ok()) return 3;
        if (!runner.Reset().ok()) return 4;
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) return 64;
    const std::string mode = argv[1];
    if (mode == "append") return Append(argv[2]);
    if (mode == "project") return Project(argv[2]);
    return 64;
}
