#include "xfl/projections/core/log_stats.hpp"

#include <charconv>

namespace xfl::projections {
namespace {

constexpr std::string_view kTypeCountPrefix = "type/";

std::uint64_t ParseCount(std::string_view text) {
    std::uint64_t n = 0;
    std::from_chars(text.data(), text.data() + text.size(), n);
    return n;
}

class LogStatsProjection final : public Projection {
  public:
    std::string_view Name() const override { return "log_stats"; }
    std::uint32_t CodeVersion() const override { return 1; }

    void Apply(const eventstore::EventEnvelope& event, StateWriter& state) override {
        const std::string key = std::string(kTypeCountPrefix) + event.type;
        auto current = state.Get(key);
        state.Put(key, std::to_string((current ? ParseCount(*current) : 0) + 1));
    }
};

}  // namespace

std::unique_ptr<Projection> MakeLogStatsProjection() {
    return std::make_unique<LogStatsProjection>();
}

std::map<std::string, std::uint64_t> ReadEventCounts(const StateView& log_stats) {
    std::map<std::string, std::uint64_t> counts;
    log_stats.Scan(kTypeCountPrefix, [&](std::string_view key, std::string_view value) {
        counts[std::string(key.substr(kTypeCountPrefix.size()))] = ParseCount(value);
        return true;
    });
    return counts;
}

}  // namespace xfl::projections
