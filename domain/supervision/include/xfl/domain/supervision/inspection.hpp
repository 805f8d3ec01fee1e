// Inspections (督导检查): inspectors check a unit — a region, an office, a labour-service
// operator — over some days, by some methods, and check a random sample of its records drawn
// reproducibly from a recorded seed; each sampled record gets a result. One stream per
// inspection.
#pragma once

#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "xfl/domain/kernel/event_codec.hpp"
#include "xfl/domain/kernel/event_type.hpp"
#include "xfl/domain/kernel/json_payload.hpp"

namespace xfl::domain {

// What a sample is drawn from: the records of `kind` in the inspection's region between `from`
// and `to` (business dates, both counted), as recorded at `drawn_at_us`:
//   zero_employment_cleared — households whose zero-employment flag was cleared in the period;
//   zero_employment_flagged — households zero-employment at some time in the period;
//   disputes                — wage-dispute cases filed in the period.
// The members are the records' ids in byte order; `seed` and `size` pick the sample from them
// (DrawSample), so anyone can draw it again from the same population.
struct SamplePlan {
    std::string kind, from, to;
    std::int64_t drawn_at_us = 0, population = 0, size = 0;
    std::uint64_t seed = 0;
    std::vector<std::string> sampled;  // in the order drawn
    XFL_FIELDS(CEREAL_NVP(kind), CEREAL_NVP(from), CEREAL_NVP(to), CEREAL_NVP(drawn_at_us),
               CEREAL_NVP(population), CEREAL_NVP(size), CEREAL_NVP(seed), CEREAL_NVP(sampled))
};

// unit_kind: region, office, operator (a labour-service company). methods: document_review,
// on_site_sampling, household_visits.
struct InspectionOpened {
    static constexpr std::string_view kType = "inspection.opened";
    std::string inspection_id, region, unit_kind, unit_name, starts_on, ends_on, opened_by;
    std::vector<std::string> inspectors, methods;
    SamplePlan sample;
    XFL_FIELDS(CEREAL_NVP(inspection_id), CEREAL_NVP(region), CEREAL_NVP(unit_kind),
               CEREAL_NVP(unit_name), CEREAL_NVP(starts_on), CEREAL_NVP(ends_on),
               CEREAL_NVP(opened_by), CEREAL_NVP(inspectors), CEREAL_NVP(methods),
               CEREAL_NVP(sample))
};

// result: conforming, problem (finding_id: the finding raised), not_reachable (the household
// could not be visited, the file could not be found).
struct SampleChecked {
    static constexpr std::string_view kType = "inspection.sample_checked";
    std::string record_id, result, note, finding_id, date, by;
    XFL_FIELDS(CEREAL_NVP(record_id), CEREAL_NVP(result), CEREAL_NVP(note), CEREAL_NVP(finding_id),
               CEREAL_NVP(date), CEREAL_NVP(by))
};

struct InspectionClosed {
    static constexpr std::string_view kType = "inspection.closed";
    std::string date, by, summary;
    XFL_FIELDS(CEREAL_NVP(date), CEREAL_NVP(by), CEREAL_NVP(summary))
};

using InspectionEvent = std::variant<InspectionOpened, SampleChecked, InspectionClosed>;

struct InspectionState {
    bool exists = false;
    InspectionOpened opened;
    std::vector<SampleChecked> results;  // the latest result per record, in sample order
    InspectionClosed closing;            // date empty while open

    const SampleChecked* ResultOf(std::string_view record_id) const;
};

InspectionState Evolve(InspectionState s, const InspectionEvent& e);
Status ApplyInspectionEvent(InspectionState& state, const StoredEvent& event);

bool IsSampleKind(std::string_view kind);

// `size` of `population` (byte-ordered, distinct), picked by a partial Fisher–Yates shuffle
// driven by SplitMix64 from `seed`; a draw of index i below n takes the next 64-bit output
// modulo n, rejecting outputs at or above the largest multiple of n, so every member is equally
// likely and the draw is the same on any machine. A broken rule (field
// "sample.size") when the sample is larger than its population.
Result<std::vector<std::string>> DrawSample(const std::vector<std::string>& population,
                                            std::int64_t size, std::uint64_t seed);

// ---- decisions; `today` is the caller's calendar day ----
using InspectionEvents = std::vector<InspectionEvent>;

// Every field checked (an inspection may be recorded after it took place); the sample drawn
// from `population` (byte-ordered ids of the records the plan names, as recorded at
// sample.drawn_at_us) with the plan's seed and size.
Result<InspectionEvents> DecideOpenInspection(const InspectionState& s, InspectionOpened opened,
                                              const std::vector<std::string>& population,
                                              std::int64_t today);
// A sampled record's result, while the inspection is open; a later result replaces an earlier.
Result<InspectionEvents> DecideCheckSample(const InspectionState& s, SampleChecked checked,
                                           std::int64_t today);
Result<InspectionEvents> DecideCloseInspection(const InspectionState& s, InspectionClosed closing,
                                               std::int64_t today);

inline constexpr StreamKind kInspectionStreams{"inspection-"};
std::string InspectionStreamId(std::string_view inspection_id);

// The supervision context's event types and stream kinds (inspections, findings, exports).
Status RegisterSupervisionEvents(EventRegistry& registry);

}  // namespace xfl::domain
