#include "dispute_rules.hpp"

#include <algorithm>

#include "xfl/domain/kernel/checks.hpp"
#include "xfl/domain/kernel/time.hpp"

namespace xfl::domain::dispute_rules {
namespace {

// A claim above 100,000,000 yuan is a typing error.
constexpr std::int64_t kMaxAmountFen = 10'000'000'000;

}  // namespace

DisputeEvents One(DisputeEvent e) { return DisputeEvents{std::move(e)}; }

Error NoDispute() { return Error::Make(Errc::kNotFound, "no such dispute"); }

Status InStage(const DisputeState& s, std::initializer_list<std::string_view> stages,
               std::string_view act) {
    if (!s.exists) return NoDispute();
    if (std::find(stages.begin(), stages.end(), s.stage) != stages.end()) return {};
    if (s.stage == "closed") {
        return RuleBroken("dispute", "the case is closed (" + s.outcome + " on " + s.closed_on +
                                         "); nothing more is recorded on it");
    }
    return RuleBroken(
        "dispute", std::string(act) + " is not a step of the " + s.stage + " stage the case is in");
}

Result<std::int64_t> DateAfter(const std::string& text, const std::string& field,
                               std::int64_t today, const std::string& after,
                               const std::string& after_what) {
    auto day = PastOrToday(text, field, today);
    if (!day.ok()) return day;
    if (!after.empty() && *day < DayOr(after, 0)) {
        return RuleBroken(field, "is before " + after_what + " (" + after + ")");
    }
    return day;
}

Status CheckAmount(std::int64_t fen, const std::string& field) {
    if (fen <= 0 || fen > kMaxAmountFen) {
        return InvalidField(field, "a whole number of fen, 1 to 10000000000");
    }
    return {};
}

Status CheckReason(const std::string& reason) { return CheckRequiredLine(reason, "reason", 1000); }

std::string LastStepOn(const DisputeState& s) {
    std::string last = s.filed.filed_on;
    for (const std::string* d :
         {&s.mediation_failed_on, &s.settlement.date, &s.received_on, &s.accepted_on,
          &s.tribunal_on, &s.served_on, &s.defence_on, &s.hearing_notified_on, &s.awarded_on,
          &s.settled_on, &s.enforcement_on}) {
        if (!d->empty() && *d > last) last = *d;
    }
    for (const auto& session : s.sessions) last = std::max(last, session.date);
    for (const auto& pause : s.suspensions) {
        last = std::max(last, pause.until.empty() ? pause.from : pause.until);
    }
    for (const auto& p : s.payments) last = std::max(last, p.date);
    return last;
}

Result<std::int64_t> StepDate(const DisputeState& s, const std::string& date, std::int64_t today) {
    return DateAfter(date, "date", today, LastStepOn(s), "the case's last step");
}

bool InstalmentOverdue(const DisputeState& s, std::int64_t today) {
    std::int64_t due_by_now = 0;
    for (const auto& i : s.settlement.agreement) {
        if (DayOr(i.due_on, 0) < today) due_by_now += i.amount_fen;
    }
    return s.RecoveredFen() < due_by_now;
}

}  // namespace xfl::domain::dispute_rules
