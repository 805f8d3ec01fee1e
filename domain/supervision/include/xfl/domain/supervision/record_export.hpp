// A record exported with its proof (GET /api/v1/audit/proof): the file carries every payload in
// full, resident IDs included, so the export is recorded for the access log like a reveal.
#pragma once

#include <cereal/types/string.hpp>
#include <string>
#include <string_view>

#include "xfl/domain/kernel/event_type.hpp"

namespace xfl::domain {

// stream: the record's stream; region: the record's region; digest: the line it was proved in.
struct RecordExported {
    static constexpr std::string_view kType = "access.record_exported";
    std::string stream, region, reason, digest;
    template <class A>
    void serialize(A& ar) {
        ar(CEREAL_NVP(stream), CEREAL_NVP(region), CEREAL_NVP(reason), CEREAL_NVP(digest));
    }
};

// One stream of exports per exported record: "access-export-household-h0001".
inline constexpr StreamKind kExportStreams{"access-export-"};

}  // namespace xfl::domain
