// The latest state of recently used streams, so that a command on a long-lived record (a
// region, an employer with years of postings, a dispute with its hearings) reads what was
// appended since it was last used instead of replaying the whole stream.
//
// A state is kept with the version and hash of the last event folded into it, and the log is
// asked every time: the stream is read from that version on, and the state is used only when
// the log still holds that very event there (same version, same hash; the read checks the hash
// chain from it to the stream's indexed head); the events after it are folded into a copy.
// Anything else — another event at that version, a log that lost it — replays the stream in
// full. So a cache can never serve a state the log does not have; an event altered on disk
// before that version is found by `xingfuli verify` and by any full read, as before. A state
// as of a past time is never cached. At most `capacity` states are kept, the least recently
// used dropped first. Thread-safe.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <typeindex>
#include <utility>
#include <vector>

#include "xfl/api/core/commands.hpp"
#include "xfl/eventstore/event_log.hpp"

namespace xfl::api {

class StateCache {
  public:
    using Read = std::function<Result<std::vector<eventstore::EventEnvelope>>(
        const eventstore::StreamQuery&)>;

    explicit StateCache(std::size_t capacity) : capacity_(capacity) {}

    // The stream's current state folded with `apply` (LoadFrom), from the kept state when the
    // log still has its last event, else from the whole stream read with `read`.
    template <class State, class Apply>
    Result<Loaded<State>> Load(const Read& read, const std::string& stream_id, Apply apply) {
        const Key key{stream_id, std::type_index(typeid(State))};
        if (auto kept = Find(key)) {
            eventstore::StreamQuery query;
            query.stream_id = stream_id;
            query.from_version = kept->version;
            auto events = read(query);
            if (!events.ok()) return std::move(events).error();
            if (!events->empty() && events->front().version == kept->version &&
                events->front().hash == kept->hash) {
                Loaded<State> loaded{*std::static_pointer_cast<const State>(kept->state),
                                     kept->version.value};
                if (Status folded = FoldInto(loaded, std::span(*events).subspan(1), apply);
                    !folded.ok()) {
                    return std::move(folded).error();
                }
                if (events->size() > 1) Keep(key, loaded, events->back());
                hits_.fetch_add(1);
                return loaded;
            }
        }
        eventstore::StreamQuery query;
        query.stream_id = stream_id;
        auto events = read(query);
        if (!events.ok()) return std::move(events).error();
        auto loaded = LoadFrom<State>(*events, apply);
        if (!loaded.ok()) return loaded;
        if (!events->empty()) Keep(key, *loaded, events->back());
        misses_.fetch_add(1);
        return loaded;
    }

    // How many loads used a kept state, and how many replayed the stream.
    std::size_t hits() const { return hits_.load(); }
    std::size_t misses() const { return misses_.load(); }

  private:
    using Key = std::pair<std::string, std::type_index>;
    struct Entry {
        eventstore::StreamVersion version;
        eventstore::Sha256Digest hash{};
        std::shared_ptr<const void> state;
        std::list<Key>::iterator recent;  // its place in recency_
    };

    std::optional<Entry> Find(const Key& key);
    template <class State>
    void Keep(const Key& key, const Loaded<State>& loaded, const eventstore::EventEnvelope& last) {
        Put(key, last.version, last.hash, std::make_shared<const State>(loaded.state));
    }
    void Put(const Key& key, eventstore::StreamVersion version,
             const eventstore::Sha256Digest& hash, std::shared_ptr<const void> state);

    const std::size_t capacity_;
    std::mutex mutex_;
    std::map<Key, Entry> entries_;
    std::list<Key> recency_;  // most recently used first
    std::atomic<std::size_t> hits_{0}, misses_{0};
};

}  // namespace xfl::api
