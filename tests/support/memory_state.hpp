// A projection's keys in a map: applies events to a projection by hand, with the times and
// versions a test chooses, without a log or a store.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "xfl/projections/core/delimited.hpp"
#include "xfl/projections/core/projection.hpp"
#include "xfl/projections/core/tally.hpp"

namespace xfl::testing {

class MemoryState final : public projections::StateWriter {
  public:
    std::optional<std::string> Get(std::string_view key) const override {
        auto found = keys_.find(key);
        if (found == keys_.end()) return std::nullopt;
        return found->second;
    }
    void Scan(std::string_view prefix,
              const std::function<bool(std::string_view, std::string_view)>& visit) const override {
        for (auto it = keys_.lower_bound(prefix);
             it != keys_.end() && it->first.starts_with(prefix); ++it) {
            if (!visit(it->first, it->second)) return;
        }
    }
    void Put(std::string_view key, std::string_view value) override {
        keys_.insert_or_assign(std::string(key), std::string(value));
    }
    void Delete(std::string_view key) override {
        if (auto found = keys_.find(key); found != keys_.end()) keys_.erase(found);
    }
    void Add(std::string_view key, std::int64_t delta) override {
        Put(key, std::to_string(projections::ParseInt(Get(key).value_or("0")) + delta));
    }
    void AddToTally(std::string_view key, const projections::Tally& deltas) override {
        auto tally = projections::DecodeTally(Get(key).value_or("")).value_or(projections::Tally{});
        for (const auto& [name, delta] : deltas) tally[name] += delta;
        const std::string encoded = projections::EncodeTally(tally);
        if (encoded.empty()) {
            Delete(key);
        } else {
            Put(key, encoded);
        }
    }

  private:
    std::map<std::string, std::string, std::less<>> keys_;
};

}  // namespace xfl::testing
