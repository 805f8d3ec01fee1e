#include "xfl/api/core/access_recorder.hpp"

#include <iostream>
#include <map>
#include <tuple>

namespace xfl::api {
namespace {

// A queue this long is written at once instead of waiting out the delay.
constexpr std::size_t kFullBatch = 1024;
constexpr std::chrono::milliseconds kRetryPause{200};

}  // namespace

AccessRecorder::AccessRecorder(eventstore::EventLog& log, CommandService& commands,
                               AccessRecorderOptions options)
    : log_(log), commands_(commands), options_(options), writer_([this] { Write(); }) {}

AccessRecorder::~AccessRecorder() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    queued_.notify_all();
    room_.notify_all();
    writer_.join();
}

Status AccessRecorder::Record(eventstore::Actor actor, std::string stream_id,
                              domain::RegionCode region, eventstore::NewEvent event) {
    Pending record{std::move(actor),
                   std::move(stream_id),
                   std::move(region),
                   std::move(event),
                   std::chrono::steady_clock::now(),
                   0};
    if (!log_.Writes(record.stream_id)) {
        std::vector<Pending> one;
        one.push_back(std::move(record));
        auto failed = Append(std::move(one));
        if (!failed.empty()) return std::move(failed.front().second);
        return {};
    }
    std::unique_lock lock(mutex_);
    if (!room_.wait_for(lock, options_.wait_for_room,
                        [&] { return stopping_ || queue_.size() < options_.max_queued; })) {
        return Error::Make(Errc::kUnavailable,
                           "the access log cannot keep up: full resident IDs are not shown now");
    }
    if (stopping_) return Error::Make(Errc::kUnavailable, "the server is stopping");
    record.number = ++queued_count_;
    queue_.push_back(std::move(record));
    // The writer waits for the first record, then for its delay or a full batch: waking it for
    // every record would cost each read a thread switch.
    if (queue_.size() == 1 || queue_.size() == kFullBatch) queued_.notify_one();
    return {};
}

void AccessRecorder::Flush() {
    std::unique_lock lock(mutex_);
    const std::uint64_t target = queued_count_;
    written_.wait(lock, [&] {
        const bool queued = !queue_.empty() && queue_.front().number <= target;
        return stopping_ || (!queued && writing_below_ <= target);
    });
}

std::vector<std::pair<std::vector<AccessRecorder::Pending>, Error>> AccessRecorder::Append(
    std::vector<Pending> records) {
    // A commit per stream and actor, in the order the records came.
    std::map<std::tuple<std::string, std::string, std::string, std::string>, std::size_t> index;
    std::vector<std::vector<Pending>> groups;
    for (Pending& p : records) {
        auto key = std::make_tuple(p.stream_id, p.actor.user_id, p.actor.role, p.actor.region);
        auto [at, added] = index.emplace(std::move(key), groups.size());
        if (added) groups.emplace_back();
        groups[at->second].push_back(std::move(p));
    }
    std::vector<std::pair<eventstore::Actor, CommandSpec>> specs;
    for (const auto& group : groups) {
        CommandSpec spec{group.front().stream_id,
                         eventstore::ExpectedVersion::Any(),
                         {},
                         group.front().region,
                         {}};
        for (const Pending& p : group) spec.events.push_back(p.event);
        specs.emplace_back(group.front().actor, std::move(spec));
    }
    const std::vector<Status> written = commands_.AppendEach(std::move(specs));
    std::vector<std::pair<std::vector<Pending>, Error>> failed;
    for (std::size_t i = 0; i < groups.size(); ++i) {
        if (!written[i].ok()) failed.emplace_back(std::move(groups[i]), written[i].error());
    }
    return failed;
}

void AccessRecorder::Write() {
    std::unique_lock lock(mutex_);
    while (true) {
        if (queue_.empty()) {
            if (stopping_) return;
            queued_.wait(lock);
            continue;
        }
        const auto due = queue_.front().queued_at + options_.delay;
        if (!stopping_ && queue_.size() < kFullBatch && std::chrono::steady_clock::now() < due) {
            queued_.wait_until(lock, due);
            continue;
        }
        std::vector<Pending> batch(std::make_move_iterator(queue_.begin()),
                                   std::make_move_iterator(queue_.end()));
        queue_.clear();
        writing_below_ = batch.back().number + 1;
        room_.notify_all();
        lock.unlock();
        auto failed = Append(std::move(batch));
        lock.lock();
        writing_below_ = 0;
        bool retry = false;
        for (auto it = failed.rbegin(); it != failed.rend(); ++it) {
            auto& [records, error] = *it;
            // Only a log that cannot write now is worth waiting for; while stopping, or for
            // any other refusal, the records are lost and said so.
            if (!stopping_ && error.code == Errc::kUnavailable) {
                for (auto r = records.rbegin(); r != records.rend(); ++r) {
                    queue_.push_front(std::move(*r));
                }
                retry = true;
            } else {
                std::cerr << "xingfuli: " << records.size() << " access record(s) of "
                          << records.front().stream_id << " could not be written: " << error.message
                          << "\n";
            }
        }
        written_.notify_all();
        if (retry) {
            lock.unlock();
            std::this_thread::sleep_for(kRetryPause);
            lock.lock();
        }
    }
}

}  // namespace xfl::api
