// Findings of supervision (问题清单, 限期销号整改): a problem an inspector found, with the unit and
// person responsible and a deadline. The responsible side answers with a rectification or a
// reply contesting it; an inspector accepts (销号: closed) or rejects with a reason and a new
// deadline. Nobody closes a finding about their own work. One stream per finding.
#pragma once

#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "xfl/domain/kernel/deadline.hpp"
#include "xfl/domain/kernel/event_codec.hpp"
#include "xfl/domain/kernel/event_type.hpp"
#include "xfl/domain/kernel/json_payload.hpp"

namespace xfl::domain {

// category: data_quality, overdue_clearing, assistance_not_given, wage_arrears_not_followed,
// service_station_not_working, other. evidence: what the finding rests on, one line each — a
// record's path (/api/v1/households/h…), a log digest, a document's name. region: where the
// responsible unit works (those who answer must cover it). responsible_person: the username
// of the person whose work it concerns, if one is named. inspection_id: the inspection that
// found it, if any.
struct FindingOpened {
    static constexpr std::string_view kType = "finding.opened";
    std::string finding_id, region, category, description, responsible_unit, responsible_person,
        deadline, inspection_id, opened_by, opened_on;
    std::vector<std::string> evidence;
    XFL_FIELDS(CEREAL_NVP(finding_id), CEREAL_NVP(region), CEREAL_NVP(category),
               CEREAL_NVP(description), CEREAL_NVP(responsible_unit),
               CEREAL_NVP(responsible_person), CEREAL_NVP(deadline), CEREAL_NVP(inspection_id),
               CEREAL_NVP(opened_by), CEREAL_NVP(opened_on), CEREAL_NVP(evidence))
};

// kind: rectification (what was done, with evidence) or reply (the finding contested).
struct FindingAnswered {
    static constexpr std::string_view kType = "finding.answered";
    std::string kind, text, date, by;
    std::vector<std::string> evidence;
    XFL_FIELDS(CEREAL_NVP(kind), CEREAL_NVP(text), CEREAL_NVP(date), CEREAL_NVP(by),
               CEREAL_NVP(evidence))
};

struct FindingAccepted {
    static constexpr std::string_view kType = "finding.accepted";
    std::string date, by, note;
    XFL_FIELDS(CEREAL_NVP(date), CEREAL_NVP(by), CEREAL_NVP(note))
};

// Back to open, with a new deadline.
struct FindingRejected {
    static constexpr std::string_view kType = "finding.rejected";
    std::string date, by, reason, new_deadline;
    XFL_FIELDS(CEREAL_NVP(date), CEREAL_NVP(by), CEREAL_NVP(reason), CEREAL_NVP(new_deadline))
};

using FindingEvent = std::variant<FindingOpened, FindingAnswered, FindingAccepted, FindingRejected>;

struct FindingState {
    bool exists = false;
    FindingOpened opened;
    // open (waiting for the responsible side), answered (waiting for an inspector), closed
    std::string status;
    std::string deadline;  // the one in force: the opening's, or the last rejection's
    std::vector<FindingAnswered> answers;
    std::vector<FindingRejected> rejections;
    FindingAccepted acceptance;  // date empty until closed

    // Open and past its deadline on `today`.
    bool OverdueOn(std::int64_t today) const;
};

// The rectification limit while the finding waits for the responsible side; none otherwise.
std::vector<PendingLimit> PendingFindingLimits(const FindingState& s);

FindingState Evolve(FindingState s, const FindingEvent& e);
Status ApplyFindingEvent(FindingState& state, const StoredEvent& event);

bool IsFindingCategory(std::string_view category);

// ---- decisions; `today` is the caller's calendar day, `actor` the caller's username ----
using FindingEvents = std::vector<FindingEvent>;

// Every field checked; the deadline lies after today.
Result<FindingEvents> DecideOpenFinding(const FindingState& s, FindingOpened opened,
                                        std::int64_t today);
// While open; the date is today or earlier.
Result<FindingEvents> DecideAnswerFinding(const FindingState& s, FindingAnswered answer,
                                          std::int64_t today);
// While answered; not by the person responsible nor by anyone who answered it.
Result<FindingEvents> DecideAcceptFinding(const FindingState& s, std::string note,
                                          const std::string& actor, std::int64_t today);
Result<FindingEvents> DecideRejectFinding(const FindingState& s, std::string reason,
                                          std::string new_deadline, const std::string& actor,
                                          std::int64_t today);

inline constexpr StreamKind kFindingStreams{"finding-"};
std::string FindingStreamId(std::string_view finding_id);

}  // namespace xfl::domain
