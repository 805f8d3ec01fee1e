// Values derived from one stream's events, kept until the stream moves on: for the small admin
// streams that many requests read (the holiday calendar), which would otherwise be read and
// folded again on each request. Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <typeindex>
#include <utility>

#include "xfl/domain/kernel/result.hpp"
#include "xfl/eventstore/event_log.hpp"

namespace xfl::api {

class StreamMemo {
  public:
    // The value `derive` made from the stream at its current version, deriving it again when the
    // stream has moved on since.
    template <class T>
    Result<std::shared_ptr<const T>> Get(eventstore::EventLog& log, const std::string& stream_id,
                                         const std::function<Result<T>()>& derive) {
        auto head = log.StreamHead(stream_id);
        if (!head.ok()) return std::move(head).error();
        const eventstore::StreamVersion version = *head;
        const Key key{stream_id, std::type_index(typeid(T))};
        {
            std::lock_guard lock(mutex_);
            if (auto kept = kept_.find(key);
                kept != kept_.end() && kept->second.version == version) {
                return std::static_pointer_cast<const T>(kept->second.value);
            }
        }
        // Derived from `version` or a later one; kept as `version`, so a later one is derived
        // again on the next call.
        auto derived = derive();
        if (!derived.ok()) return std::move(derived).error();
        auto shared = std::make_shared<const T>(std::move(*derived));
        std::lock_guard lock(mutex_);
        kept_.insert_or_assign(key, Kept{version, shared});
        return shared;
    }

  private:
    using Key = std::pair<std::string, std::type_index>;
    struct Kept {
        eventstore::StreamVersion version;
        std::shared_ptr<const void> value;
    };
    std::mutex mutex_;
    std::map<Key, Kept> kept_;
};

}  // namespace xfl::api
