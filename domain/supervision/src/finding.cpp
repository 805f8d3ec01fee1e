#include "xfl/domain/supervision/finding.hpp"

#include <algorithm>
#include <array>

#include "xfl/domain/kernel/checks.hpp"
#include "xfl/domain/kernel/deadline.hpp"
#include "xfl/domain/kernel/region_code.hpp"
#include "xfl/domain/kernel/text.hpp"
#include "xfl/domain/kernel/time.hpp"

namespace xfl::domain {
namespace {

constexpr std::array<std::string_view, 6> kCategories = {"data_quality",
                                                         "overdue_clearing",
                                                         "assistance_not_given",
                                                         "wage_arrears_not_followed",
                                                         "service_station_not_working",
                                                         "other"};

Error NoFinding() { return Error::Make(Errc::kNotFound, "no such finding"); }

// A deadline is set for work still to be done: after today.
Status CheckDeadline(const std::string& deadline, const std::string& field, std::int64_t today) {
    auto day = ParseDate(deadline, field);
    if (!day.ok()) return std::move(day).error();
    if (*day <= today) return RuleBroken(field, "must lie after today (" + FormatDate(today) + ")");
    return {};
}

Status CheckEvidence(const std::vector<std::string>& evidence, const std::string& field) {
    if (Status ok = CheckLines(evidence, field); !ok.ok()) return ok;
    for (std::size_t i = 0; i < evidence.size(); ++i) {
        if (evidence[i].empty() || evidence[i].size() > 500) {
            return InvalidField(field + "[" + std::to_string(i) + "]", "1 to 500 bytes");
        }
    }
    return {};
}

// Nobody closes, or sends back, a finding about their own work.
Status CheckNotOwnWork(const FindingState& s, const std::string& actor) {
    if (actor == s.opened.responsible_person) {
        return Error::Make(Errc::kPermissionDenied,
                           "the finding concerns your own work: another inspector decides it");
    }
    const bool answered = std::any_of(s.answers.begin(), s.answers.end(),
                                      [&](const FindingAnswered& a) { return a.by == actor; });
    if (answered) {
        return Error::Make(Errc::kPermissionDenied,
                           "you answered this finding: another inspector decides it");
    }
    return {};
}

Status CheckAnswered(const FindingState& s) {
    if (s.status == "closed") return RuleBroken("finding", "the finding is closed already");
    if (s.status != "answered") {
        return RuleBroken("finding",
                          "the responsible side has not answered since it was opened "
                          "or last sent back");
    }
    return {};
}

FindingState Apply(FindingState s, const FindingOpened& e) {
    s.exists = true;
    s.opened = e;
    s.status = "open";
    s.deadline = e.deadline;
    return s;
}
FindingState Apply(FindingState s, const FindingAnswered& e) {
    s.answers.push_back(e);
    s.status = "answered";
    return s;
}
FindingState Apply(FindingState s, const FindingAccepted& e) {
    s.acceptance = e;
    s.status = "closed";
    return s;
}
FindingState Apply(FindingState s, const FindingRejected& e) {
    s.rejections.push_back(e);
    s.status = "open";
    s.deadline = e.new_deadline;
    return s;
}

}  // namespace

bool FindingState::OverdueOn(std::int64_t today) const {
    return exists && status == "open" && Overdue(DayOr(deadline, today), today);
}

std::vector<PendingLimit> PendingFindingLimits(const FindingState& s) {
    if (!s.exists || s.status != "open") return {};
    auto due = ParseDate(s.deadline, "deadline");
    if (!due.ok()) return {};
    return {{"rectification of the finding", *due}};
}

FindingState Evolve(FindingState s, const FindingEvent& e) {
    return std::visit([&](const auto& event) { return Apply(std::move(s), event); }, e);
}

Status ApplyFindingEvent(FindingState& state, const StoredEvent& event) {
    return ApplyAny<FindingState, FindingOpened, FindingAnswered, FindingAccepted, FindingRejected>(
        state, event);
}

bool IsFindingCategory(std::string_view category) {
    return std::find(kCategories.begin(), kCategories.end(), category) != kCategories.end();
}

Result<FindingEvents> DecideOpenFinding(const FindingState& s, FindingOpened opened,
                                        std::int64_t today) {
    if (s.exists) return Error::Make(Errc::kAlreadyExists, "the finding exists already");
    auto region = RegionCode::Parse(opened.region, "region");
    if (!region.ok()) return std::move(region).error();
    if (!IsFindingCategory(opened.category)) {
        return InvalidField("category",
                            "one of data_quality, overdue_clearing, assistance_not_given, "
                            "wage_arrears_not_followed, service_station_not_working, other");
    }
    Status ok = FirstFailure(
        {CheckText(opened.description, "description", TextKind::kParagraph),
         opened.description.empty() ? InvalidField("description", "is required") : Status{},
         CheckRequiredLine(opened.responsible_unit, "responsible_unit", 200),
         CheckText(opened.responsible_person, "responsible_person"),
         CheckEvidence(opened.evidence, "evidence"),
         CheckDeadline(opened.deadline, "deadline", today)});
    if (!ok.ok()) return std::move(ok).error();
    opened.opened_on = FormatDate(today);
    return FindingEvents{std::move(opened)};
}

Result<FindingEvents> DecideAnswerFinding(const FindingState& s, FindingAnswered answer,
                                          std::int64_t today) {
    if (!s.exists) return NoFinding();
    if (s.status == "closed") return RuleBroken("finding", "the finding is closed already");
    if (s.status == "answered") {
        return RuleBroken("finding",
                          "answered already: an inspector decides it before another "
                          "answer");
    }
    if (answer.kind != "rectification" && answer.kind != "reply") {
        return InvalidField("kind", "one of rectification, reply");
    }
    Status ok = FirstFailure({answer.text.empty() ? InvalidField("text", "is required") : Status{},
                              CheckText(answer.text, "text", TextKind::kParagraph),
                              CheckEvidence(answer.evidence, "evidence")});
    if (!ok.ok()) return std::move(ok).error();
    auto date = PastOrToday(answer.date, "date", today);
    if (!date.ok()) return std::move(date).error();
    if (*date < DayOr(s.opened.opened_on, *date)) {
        return RuleBroken("date", "is before the finding was opened (" + s.opened.opened_on + ")");
    }
    return FindingEvents{std::move(answer)};
}

Result<FindingEvents> DecideAcceptFinding(const FindingState& s, std::string note,
                                          const std::string& actor, std::int64_t today) {
    if (!s.exists) return NoFinding();
    Status ok = FirstFailure({CheckAnswered(s), CheckNotOwnWork(s, actor),
                              CheckText(note, "note", TextKind::kParagraph)});
    if (!ok.ok()) return std::move(ok).error();
    return FindingEvents{FindingAccepted{FormatDate(today), actor, std::move(note)}};
}

Result<FindingEvents> DecideRejectFinding(const FindingState& s, std::string reason,
                                          std::string new_deadline, const std::string& actor,
                                          std::int64_t today) {
    if (!s.exists) return NoFinding();
    Status ok = FirstFailure({CheckAnswered(s), CheckNotOwnWork(s, actor),
                              reason.empty() ? InvalidField("reason", "is required") : Status{},
                              CheckText(reason, "reason", TextKind::kParagraph),
                              CheckDeadline(new_deadline, "new_deadline", today)});
    if (!ok.ok()) return std::move(ok).error();
    return FindingEvents{
        FindingRejected{FormatDate(today), actor, std::move(reason), std::move(new_deadline)}};
}

std::string FindingStreamId(std::string_view finding_id) { return kFindingStreams.Of(finding_id); }

}  // namespace xfl::domain
