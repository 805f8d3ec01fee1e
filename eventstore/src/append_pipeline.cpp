#include "xfl/eventstore/append_pipeline.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

namespace xfl::eventstore {

struct AppendPipeline::Shared {
    std::size_t max_in_flight = 1;
    std::mutex mutex;
    std::condition_variable work;                    // workers: a task is ready, or closing
    std::condition_variable room;                    // Submit and Finish: a task finished
    std::deque<std::pair<std::string, Task>> ready;  // their stream has nothing running
    // A stream with a task running, and the tasks waiting behind it in order.
    std::unordered_map<std::string, std::deque<Task>> running;
    std::size_t in_flight = 0;  // submitted and unfinished
    bool closing = false;
    std::optional<Error> failure;
    std::vector<std::thread> workers;

    void Work() {
        std::unique_lock lock(mutex);
        for (;;) {
            work.wait(lock, [&] { return closing || !ready.empty(); });
            if (ready.empty()) return;
            auto [stream, task] = std::move(ready.front());
            ready.pop_front();
            // Runs the stream's tasks one after another, as long as more wait behind.
            for (;;) {
                if (!failure) {
                    lock.unlock();
                    Status done = task();
                    lock.lock();
                    if (!done.ok() && !failure) failure = done.error();
                }
                in_flight--;
                room.notify_all();
                auto it = running.find(stream);
                if (it->second.empty()) {
                    running.erase(it);
                    break;
                }
                task = std::move(it->second.front());
                it->second.pop_front();
            }
        }
    }
};

AppendPipeline::AppendPipeline(std::size_t threads, std::size_t max_in_flight)
    : shared_(std::make_unique<Shared>()) {
    threads = std::max<std::size_t>(1, threads);
    shared_->max_in_flight = std::max(threads, max_in_flight);
    for (std::size_t i = 0; i < threads; ++i) {
        shared_->workers.emplace_back([s = shared_.get()] { s->Work(); });
    }
}

AppendPipeline::~AppendPipeline() {
    static_cast<void>(Finish());  // callers that care called Finish themselves
    {
        std::lock_guard lock(shared_->mutex);
        shared_->closing = true;
    }
    shared_->work.notify_all();
    for (auto& t : shared_->workers) t.join();
}

Status AppendPipeline::Submit(const std::string& stream_id, Task task) {
    Shared& s = *shared_;
    std::unique_lock lock(s.mutex);
    s.room.wait(lock, [&] { return s.failure || s.in_flight < s.max_in_flight; });
    if (s.failure) return *s.failure;
    s.in_flight++;
    if (auto it = s.running.find(stream_id); it != s.running.end()) {
        it->second.push_back(std::move(task));
    } else {
        s.running.emplace(stream_id, std::deque<Task>());
        s.ready.emplace_back(stream_id, std::move(task));
        s.work.notify_one();
    }
    return {};
}

Status AppendPipeline::Finish() {
    Shared& s = *shared_;
    std::unique_lock lock(s.mutex);
    s.room.wait(lock, [&] { return s.in_flight == 0; });
    if (s.failure) return *s.failure;
    return {};
}

}  // namespace xfl::eventstore
