#include "xfl/projections/supervision/supervision.hpp"

#include <stdexcept>

#include "xfl/projections/core/decode_event.hpp"
#include "xfl/projections/core/record_index.hpp"

namespace xfl::projections {
namespace {

// Folds each record of an index with `apply` and visits it.
template <class State>
void ScanFolded(const StateView& index, std::string_view region_prefix, const RecordVantage& at,
                Status (*apply)(State&, const domain::StoredEvent&),
                const std::function<bool(const State&)>& visit) {
    ScanRecordEvents(index, region_prefix, at, [&](const std::vector<domain::StoredEvent>& events) {
        State state;
        for (const domain::StoredEvent& event : events) {
            if (Status ok = apply(state, event); !ok.ok()) {
                throw std::runtime_error(ok.error().message);
            }
        }
        return !state.exists || visit(state);
    });
}

}  // namespace

std::unique_ptr<Projection> MakeFindingIndexProjection() {
    return MakeRecordIndex({kFindingIndex, 1, domain::kFindingStreams, "finding.",
                            domain::FindingOpened::kType, [](const eventstore::EventEnvelope& e) {
                                return DecodeEvent<domain::FindingOpened>(e).region;
                            }});
}

std::unique_ptr<Projection> MakeInspectionIndexProjection() {
    return MakeRecordIndex({kInspectionIndex, 1, domain::kInspectionStreams, "inspection.",
                            domain::InspectionOpened::kType,
                            [](const eventstore::EventEnvelope& e) {
                                return DecodeEvent<domain::InspectionOpened>(e).region;
                            }});
}

void ScanFindings(const StateView& index, std::string_view region_prefix, const RecordVantage& at,
                  const std::function<bool(const domain::FindingState&)>& visit) {
    ScanFolded<domain::FindingState>(index, region_prefix, at, domain::ApplyFindingEvent, visit);
}

void ScanInspections(const StateView& index, std::string_view region_prefix,
                     const RecordVantage& at,
                     const std::function<bool(const domain::InspectionState&)>& visit) {
    ScanFolded<domain::InspectionState>(index, region_prefix, at, domain::ApplyInspectionEvent,
                                        visit);
}

}  // namespace xfl::projections
