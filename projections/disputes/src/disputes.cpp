#include "xfl/projections/disputes/disputes.hpp"

#include "xfl/projections/core/delimited.hpp"

namespace xfl::projections {
namespace {

using eventstore::EventEnvelope;

// "d/<region>/<dispute>" → the case's events, each type, recorded time and payload;
// "at/<dispute>" → its key.
class DisputeIndex final : public Projection {
  public:
    std::string_view Name() const override { return kDisputeIndex; }
    std::uint32_t CodeVersion() const override { return 1; }
    void Apply(const EventEnvelope& e, StateWriter& state) override {
        const auto id = domain::kDisputeStreams.IdOf(e.stream_id);
        if (!id || !e.type.starts_with("dispute.")) return;
        const std::string at = "at/" + std::string(*id);
        std::string key;
        if (e.type == domain::DisputeFiled::kType) {
            auto filed = domain::FromJsonPayload<domain::DisputeFiled>(e.payload);
            if (!filed.ok()) throw std::runtime_error(filed.error().message);
            key = "d/" + filed->region + "/" + std::string(*id);
            state.Put(at, key);
        } else {
            auto found = state.Get(at);
            if (!found) return;
            key = *found;
        }
        std::vector<std::string> events = SplitList(state.Get(key).value_or(""));
        events.push_back(JoinFields({e.type, std::to_string(e.recorded_at_us),
                                     std::to_string(e.schema_version), e.payload}));
        state.Put(key, JoinList(events));
    }
};

}  // namespace

std::unique_ptr<Projection> MakeDisputeIndexProjection() {
    return std::make_unique<DisputeIndex>();
}

void ScanDisputes(const StateView& index, std::string_view region_prefix, std::int64_t as_of_us,
                  const std::function<bool(const DisputeListing&)>& visit) {
    index.Scan("d/" + std::string(region_prefix), [&](std::string_view key,
                                                      std::string_view value) {
        DisputeListing listing;
        for (const std::string& item : SplitList(value)) {
            auto fields = SplitFields(item, 4);
            if (!fields)
                throw std::runtime_error("dispute index: bad entry at " + std::string(key));
            if (ParseInt((*fields)[1]) > as_of_us) break;
            const domain::StoredEvent event{(*fields)[0], (*fields)[3],
                                            static_cast<std::uint32_t>(ParseInt((*fields)[2]))};
            if (Status ok = domain::ApplyDisputeEvent(listing.state, event); !ok.ok()) {
                throw std::runtime_error(ok.error().message);
            }
            if (event.type == domain::ArbitrationAccepted::kType) {
                auto accepted = domain::FromJsonPayload<domain::ArbitrationAccepted>(event.payload);
                if (accepted.ok()) listing.officer = accepted->officer;
            }
        }
        if (!listing.state.exists) return true;
        return visit(listing);
    });
}

}  // namespace xfl::projections
