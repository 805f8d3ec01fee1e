#include "xfl/projections/core/record_index.hpp"

#include <stdexcept>

#include "xfl/projections/core/business_date.hpp"
#include "xfl/projections/core/delimited.hpp"

namespace xfl::projections {
namespace {

using eventstore::EventEnvelope;

// "r/<region>/<id>" → the record's events, each type, recorded time, schema version and
// payload; "at/<id>" → its key.
class RecordIndex final : public Projection {
  public:
    explicit RecordIndex(RecordIndexSpec spec) : spec_(std::move(spec)) {}
    std::string_view Name() const override { return spec_.name; }
    std::uint32_t CodeVersion() const override { return spec_.code_version; }
    void Apply(const EventEnvelope& e, StateWriter& state) override {
        const auto id = spec_.streams.IdOf(e.stream_id);
        if (!id || !e.type.starts_with(spec_.type_prefix)) return;
        const std::string at = "at/" + std::string(*id);
        std::string key;
        if (e.type == spec_.created_type) {
            key = "r/" + spec_.region_of(e) + "/" + std::string(*id);
            state.Put(at, key);
        } else {
            auto found = state.Get(at);
            if (!found) return;
            key = *found;
        }
        std::string events = state.Get(key).value_or("");
        if (!events.empty()) events.push_back(kListSeparator);
        events += JoinFields({e.type, std::to_string(e.recorded_at_us),
                              std::to_string(e.schema_version), e.payload});
        state.Put(key, events);
    }

  private:
    RecordIndexSpec spec_;
};

}  // namespace

std::unique_ptr<Projection> MakeRecordIndex(RecordIndexSpec spec) {
    return std::make_unique<RecordIndex>(std::move(spec));
}

void ScanRecordEvents(const StateView& index, std::string_view region_prefix,
                      const RecordVantage& at,
                      const std::function<bool(const std::vector<domain::StoredEvent>&)>& visit) {
    index.Scan(
        "r/" + std::string(region_prefix), [&](std::string_view key, std::string_view value) {
            const std::vector<std::string> items = SplitList(value);
            std::vector<domain::StoredEvent> events;
            events.reserve(items.size());
            for (const std::string& item : items) {
                auto fields = SplitFields(item, 4);
                if (!fields) {
                    throw std::runtime_error("record index: bad entry at " + std::string(key));
                }
                if (ParseInt((*fields)[1]) > at.as_of_us) break;
                if (at.valid_on) {
                    const auto day = BusinessDay((*fields)[3]);
                    if (day && *day > *at.valid_on) {
                        if (events.empty()) return true;  // created after the day asked
                        continue;
                    }
                }
                events.push_back({(*fields)[0], (*fields)[3],
                                  static_cast<std::uint32_t>(ParseInt((*fields)[2]))});
            }
            if (events.empty()) return true;
            return visit(events);
        });
}

}  // namespace xfl::projections
