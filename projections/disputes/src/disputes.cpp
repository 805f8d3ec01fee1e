#include "xfl/projections/disputes/disputes.hpp"

#include "xfl/projections/core/decode_event.hpp"
#include "xfl/projections/core/record_index.hpp"

namespace xfl::projections {

std::unique_ptr<Projection> MakeDisputeIndexProjection() {
    return MakeRecordIndex({kDisputeIndex, 2, domain::kDisputeStreams, "dispute.",
                            domain::DisputeFiled::kType, [](const eventstore::EventEnvelope& e) {
                                return DecodeEvent<domain::DisputeFiled>(e).region;
                            }});
}

void ScanDisputes(const StateView& index, std::string_view region_prefix, const RecordVantage& at,
                  const std::function<bool(const DisputeListing&)>& visit) {
    ScanRecordEvents(index, region_prefix, at, [&](const std::vector<domain::StoredEvent>& events) {
        DisputeListing listing;
        for (const domain::StoredEvent& event : events) {
            if (Status ok = domain::ApplyDisputeEvent(listing.state, event); !ok.ok()) {
                throw std::runtime_error(ok.error().message);
            }
            if (event.type == domain::ArbitrationAccepted::kType) {
                auto accepted = domain::FromJsonPayload<domain::ArbitrationAccepted>(event.payload);
                if (accepted.ok()) listing.officer = accepted->officer;
            }
        }
        return !listing.state.exists || visit(listing);
    });
}

}  // namespace xfl::projections
