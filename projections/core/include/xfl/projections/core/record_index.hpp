// An index of one kind of record by region, for boards and reports that list records of a region
// as they stood on a date: each record under its region (keys start with the record's 12-digit
// region code, so a region at any level is one prefix scan), with its events kept beside it so
// that a record folds as of any recorded time without reading its stream.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xfl/domain/kernel/event_codec.hpp"
#include "xfl/domain/kernel/event_type.hpp"
#include "xfl/projections/core/projection.hpp"

namespace xfl::projections {

struct RecordIndexSpec {
    std::string_view name;
    std::uint32_t code_version = 1;
    domain::StreamKind streams;
    // The events of the record's stream that the index keeps start with this ("dispute.").
    std::string_view type_prefix;
    // The event that creates a record, and the region it names; a record is filed under the
    // region its creating event gave it. Throws when the payload does not decode.
    std::string_view created_type;
    std::function<std::string(const eventstore::EventEnvelope& created)> region_of;
};

std::unique_ptr<Projection> MakeRecordIndex(RecordIndexSpec spec);

// Which of a record's events a list folds: those recorded up to `as_of_us` and, with `valid_on`
// (a day), only those whose business date (business_date.hpp) is on or before it — an event
// without a date of its own counts whatever the day — as one record's valid_on read folds.
struct RecordVantage {
    std::int64_t as_of_us = 0;
    std::optional<std::int64_t> valid_on;
};

// Each record whose region starts with `region_prefix` that existed at `at` (its creating event
// recorded by then and, with valid_on, dated by then), with its events as `at` selects them (the
// creating one first), in region and id order, until `visit` returns false. The events' views
// are valid during the call only.
void ScanRecordEvents(const StateView& index, std::string_view region_prefix,
                      const RecordVantage& at,
                      const std::function<bool(const std::vector<domain::StoredEvent>&)>& visit);

}  // namespace xfl::projections
