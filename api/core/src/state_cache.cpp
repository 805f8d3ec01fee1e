#include "xfl/api/core/state_cache.hpp"

namespace xfl::api {

std::optional<StateCache::Entry> StateCache::Find(const Key& key) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    recency_.splice(recency_.begin(), recency_, it->second.recent);
    return it->second;
}

void StateCache::Put(const Key& key, eventstore::StreamVersion version,
                     const eventstore::Sha256Digest& hash, std::shared_ptr<const void> state) {
    if (capacity_ == 0) return;
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(key); it != entries_.end()) {
        // Two commands may load one stream at once: the later version stays.
        if (it->second.version > version) return;
        it->second.version = version;
        it->second.hash = hash;
        it->second.state = std::move(state);
        recency_.splice(recency_.begin(), recency_, it->second.recent);
        return;
    }
    if (entries_.size() >= capacity_) {
        entries_.erase(recency_.back());
        recency_.pop_back();
    }
    recency_.push_front(key);
    entries_.emplace(key, Entry{version, hash, std::move(state), recency_.begin()});
}

}  // namespace xfl::api
