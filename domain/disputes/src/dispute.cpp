#include "xfl/domain/disputes/dispute.hpp"

#include <algorithm>
#include <numeric>

#include "xfl/domain/disputes/clock_rules.hpp"
#include "xfl/domain/disputes/minimum_wage.hpp"
#include "xfl/domain/kernel/checks.hpp"
#include "xfl/domain/kernel/region_code.hpp"
#include "xfl/domain/kernel/resident_id.hpp"
#include "xfl/domain/kernel/text.hpp"
#include "xfl/domain/kernel/time.hpp"

namespace xfl::domain {
namespace {

// A claim above 100,000,000 yuan is a typing error.
constexpr std::int64_t kMaxAmountFen = 10'000'000'000;

DisputeEvents One(DisputeEvent e) { return DisputeEvents{std::move(e)}; }

Error NoDispute() { return Error::Make(Errc::kNotFound, "no such dispute"); }

// The case exists and is in one of `stages`; the message names what the case is doing instead.
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

// A business date, today or earlier, and not before `after` (named by `after_what`).
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

// The last day anything was recorded on the case: a later step may not come before it.
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

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

void Close(DisputeState& s, std::string outcome, const std::string& date) {
    s.stage = "closed";
    s.outcome = std::move(outcome);
    s.closed_on = date;
}

}  // namespace

std::int64_t DisputeState::ClaimedFen() const {
    std::int64_t sum = 0;
    for (const auto& c : filed.claims) sum += c.amount_fen;
    return sum;
}

std::int64_t DisputeState::RecoveredFen() const {
    std::int64_t sum = 0;
    for (const auto& p : payments) sum += p.amount_fen;
    return sum;
}

std::int64_t DisputeState::DueFen() const {
    if (!awarded_on.empty()) {
        return std::accumulate(award.granted_fen.begin(), award.granted_fen.end(), std::int64_t{0});
    }
    if (settled_fen > 0) return settled_fen;
    std::int64_t sum = 0;
    for (const auto& i : settlement.agreement) sum += i.amount_fen;
    return sum;
}

DisputeState::Conclusion DisputeState::Concluded() const {
    if (!awarded_on.empty()) return {"awarded", awarded_on};
    if (!settled_on.empty()) return {"settled_in_arbitration", settled_on};
    if (stage == "closed" && outcome != "settled_in_mediation") return {outcome, closed_on};
    if (!settlement.date.empty() && received_on <= settlement.date) {
        return {"settled_in_mediation", settlement.date};
    }
    return {};
}

std::int64_t DisputeState::UnpaidWagesFen() const {
    std::int64_t sum = 0;
    for (const auto& c : filed.claims) {
        if (c.kind == "unpaid_wages") sum += c.amount_fen;
    }
    return sum;
}

bool IsClaimKind(std::string_view kind) {
    for (std::string_view k : {"unpaid_wages", "overtime_pay", "economic_compensation",
                               "work_injury_costs", "double_wages_no_contract", "other"}) {
        if (kind == k) return true;
    }
    return false;
}

DisputeState Evolve(DisputeState s, const DisputeEvent& event) {
    std::visit(Overloaded{
                   [&](const DisputeFiled& e) {
                       s.exists = true;
                       s.filed = e;
                       if (e.first_stage == "mediation") {
                           s.stage = "mediation";
                           s.mediation_started_on = e.filed_on;
                       } else {
                           s.stage = "arbitration_applied";
                           s.received_on = e.filed_on;
                       }
                   },
                   [&](const LimitationInterrupted& e) { s.interruptions.push_back(e); },
                   [&](const LimitationSuspended& e) { s.limitation_pauses.push_back(e); },
                   [&](const MediationSessionHeld& e) { s.sessions.push_back(e); },
                   [&](const MediationSettled& e) {
                       s.settlement = e;
                       s.stage = "mediation_settled";
                   },
                   [&](const MediationFailed& e) {
                       s.mediation_failed_on = e.date;
                       s.stage = "mediation_failed";
                   },
                   [&](const ArbitrationApplied& e) {
                       s.received_on = e.received_on;
                       s.stage = "arbitration_applied";
                   },
                   [&](const ArbitrationAccepted& e) {
                       s.accepted_on = e.date;
                       s.stage = "arbitration";
                   },
                   [&](const ArbitrationRefused& e) { Close(s, "refused", e.date); },
                   [&](const TribunalNotified& e) { s.tribunal_on = e.date; },
                   [&](const CopyServed& e) { s.served_on = e.date; },
                   [&](const DefenceReceived& e) { s.defence_on = e.date; },
                   [&](const HearingScheduled& e) {
                       s.hearing_on = e.hearing_on;
                       s.hearing_notified_on = e.notified_on;
                   },
                   [&](const AwardLimitExtended& e) { s.extension_days = e.days; },
                   [&](const CaseSuspended& e) {
                       s.suspensions.push_back({e.date, ""});
                   },
                   [&](const CaseResumed& e) { s.suspensions.back().until = e.date; },
                   [&](const Awarded& e) {
                       s.award = e;
                       s.awarded_on = e.date;
                       s.stage = "awarded";
                       s.outcome = "awarded";
                   },
                   [&](const SettledInArbitration& e) {
                       s.settled_fen = e.amount_fen;
                       s.settled_on = e.date;
                       s.stage = "settled";
                       s.outcome = "settled_in_arbitration";
                   },
                   [&](const DisputeWithdrawn& e) { Close(s, "withdrawn", e.date); },
                   [&](const TransferredToInspection& e) { Close(s, "transferred", e.date); },
                   [&](const EnforcementRequested& e) { s.enforcement_on = e.date; },
                   [&](const PaymentRecovered& e) {
                       s.payments.push_back(e);
                       if (s.RecoveredFen() >= s.DueFen()) {
                           const std::string outcome =
                               s.stage == "mediation_settled" ? "settled_in_mediation" : s.outcome;
                           Close(s, outcome, e.date);
                       }
                   },
               },
               event);
    return s;
}

Status ApplyDisputeEvent(DisputeState& state, const StoredEvent& event) {
    return ApplyAny<DisputeState, DisputeFiled, LimitationInterrupted, LimitationSuspended,
                    MediationSessionHeld, MediationSettled, MediationFailed, ArbitrationApplied,
                    ArbitrationAccepted, ArbitrationRefused, TribunalNotified, CopyServed,
                    DefenceReceived, HearingScheduled, AwardLimitExtended, CaseSuspended,
                    CaseResumed, Awarded, SettledInArbitration, DisputeWithdrawn,
                    TransferredToInspection, EnforcementRequested, PaymentRecovered>(state, event);
}

Result<DisputeEvents> DecideFileDispute(const DisputeState& s, DisputeFiled f, std::int64_t today) {
    if (s.exists) return Error::Make(Errc::kAlreadyExists, "the dispute exists already");
    if (f.first_stage != "mediation" && f.first_stage != "arbitration") {
        return InvalidField("first_stage", "one of mediation, arbitration");
    }
    auto region = RegionCode::Parse(f.region, "region");
    if (!region.ok()) return std::move(region).error();
    if (Status ok = FirstFailure({CheckRequiredLine(f.claimant_name, "claimant_name", 60),
                                  CheckRequiredLine(f.respondent_name, "respondent_name", 200),
                                  CheckText(f.facts, "facts", TextKind::kParagraph)});
        !ok.ok()) {
        return std::move(ok).error();
    }
    if (f.facts.empty() || f.facts.size() > 5000) {
        return InvalidField("facts", "what happened, 1 to 5000 bytes");
    }
    if (auto id = ResidentId::Parse(f.resident_id, "resident_id"); !id.ok()) {
        return std::move(id).error();
    }
    auto filed = PastOrToday(f.filed_on, "filed_on", today);
    if (!filed.ok()) return std::move(filed).error();
    auto known = PastOrToday(f.known_on, "known_on", today);
    if (!known.ok()) return std::move(known).error();
    if (*known > *filed) return RuleBroken("known_on", "is after filed_on");
    if (f.claims.empty() || f.claims.size() > 20) {
        return InvalidField("claims", "1 to 20 claims");
    }
    for (std::size_t i = 0; i < f.claims.size(); ++i) {
        const Claim& c = f.claims[i];
        const std::string at = "claims[" + std::to_string(i) + "]";
        if (!IsClaimKind(c.kind)) {
            return InvalidField(at + ".kind",
                                "one of unpaid_wages, overtime_pay, economic_compensation, "
                                "work_injury_costs, double_wages_no_contract, other");
        }
        if (Status ok = CheckAmount(c.amount_fen, at + ".amount_fen"); !ok.ok()) return ok.error();
        if (c.kind == "unpaid_wages" || !c.period_from.empty() || !c.period_to.empty()) {
            auto from = PastOrToday(c.period_from, at + ".period_from", today);
            if (!from.ok()) return std::move(from).error();
            auto to = PastOrToday(c.period_to, at + ".period_to", today);
            if (!to.ok()) return std::move(to).error();
            if (*to < *from) return RuleBroken(at + ".period_to", "is before period_from");
        }
    }
    for (std::size_t i = 0; i < f.evidence.size(); ++i) {
        const Evidence& e = f.evidence[i];
        const std::string at = "evidence[" + std::to_string(i) + "]";
        if (Status ok = CheckRequiredLine(e.name, at + ".name", 200); !ok.ok()) return ok.error();
        const bool hex =
            e.sha256.size() == 64 && std::all_of(e.sha256.begin(), e.sha256.end(), [](char c) {
                return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            });
        if (!hex) return InvalidField(at + ".sha256", "64 lower-case hex digits");
    }
    return One(std::move(f));
}

Result<DisputeEvents> DecideInterruptLimitation(const DisputeState& s, LimitationInterrupted e,
                                                std::int64_t today) {
    if (!s.exists) return NoDispute();
    auto day = DateAfter(e.date, "date", today, s.filed.known_on, "known_on");
    if (!day.ok()) return std::move(day).error();
    if (Status ok = CheckReason(e.reason); !ok.ok()) return ok.error();
    return One(std::move(e));
}

Result<DisputeEvents> DecideSuspendLimitation(const DisputeState& s, LimitationSuspended e,
                                              std::int64_t today) {
    if (!s.exists) return NoDispute();
    auto from = DateAfter(e.date, "date", today, s.filed.known_on, "known_on");
    if (!from.ok()) return std::move(from).error();
    auto until = DateAfter(e.until, "until", today, e.date, "date");
    if (!until.ok()) return std::move(until).error();
    if (Status ok = CheckReason(e.reason); !ok.ok()) return ok.error();
    return One(std::move(e));
}

Result<DisputeEvents> DecideMediationSession(const DisputeState& s, MediationSessionHeld e,
                                             std::int64_t today) {
    if (Status ok = InStage(s, {"mediation"}, "a mediation session"); !ok.ok()) return ok.error();
    if (auto day = StepDate(s, e.date, today); !day.ok()) return std::move(day).error();
    if (Status ok = CheckText(e.note, "note", TextKind::kParagraph); !ok.ok()) return ok.error();
    return One(std::move(e));
}

Result<DisputeEvents> DecideSettleMediation(const DisputeState& s, MediationSettled e,
                                            std::int64_t today) {
    if (Status ok = InStage(s, {"mediation"}, "a mediation agreement"); !ok.ok()) {
        return ok.error();
    }
    auto day = StepDate(s, e.date, today);
    if (!day.ok()) return std::move(day).error();
    if (e.agreement.empty() || e.agreement.size() > 24) {
        return InvalidField("agreement", "1 to 24 instalments");
    }
    for (std::size_t i = 0; i < e.agreement.size(); ++i) {
        const std::string at = "agreement[" + std::to_string(i) + "]";
        if (Status ok = CheckAmount(e.agreement[i].amount_fen, at + ".amount_fen"); !ok.ok()) {
            return ok.error();
        }
        auto due = ParseDate(e.agreement[i].due_on, at + ".due_on");
        if (!due.ok()) return std::move(due).error();
        if (*due < *day) return RuleBroken(at + ".due_on", "is before the agreement's date");
    }
    return One(std::move(e));
}

Result<DisputeEvents> DecideFailMediation(const DisputeState& s, MediationFailed e,
                                          std::int64_t today) {
    if (Status ok = InStage(s, {"mediation"}, "ending mediation"); !ok.ok()) return ok.error();
    if (auto day = StepDate(s, e.date, today); !day.ok()) return std::move(day).error();
    if (Status ok = CheckReason(e.reason); !ok.ok()) return ok.error();
    return One(std::move(e));
}

Result<DisputeEvents> DecideApplyArbitration(const DisputeState& s, ArbitrationApplied e,
                                             std::int64_t today) {
    if (Status ok = InStage(s, {"mediation", "mediation_failed", "mediation_settled"},
                            "an application for arbitration");
        !ok.ok()) {
        return ok.error();
    }
    auto day =
        DateAfter(e.received_on, "received_on", today, LastStepOn(s), "the case's last step");
    if (!day.ok()) return std::move(day).error();
    // Mediation first: arbitration opens once it failed, ran its 15 days without agreement
    // (Art. 14), or the employer did not pay an instalment by its day (Art. 15, 16).
    const std::int64_t mediation_due =
        DisputeClock("mediation").limit.DueInCalendarDays(DayOr(s.mediation_started_on, 0));
    if (s.stage == "mediation" && *day <= mediation_due) {
        return RuleBroken("received_on",
                          "mediation started on " + s.mediation_started_on +
                              " and has neither failed nor run 15 days; record its end first");
    }
    if (s.stage == "mediation_settled" && !InstalmentOverdue(s, *day)) {
        return RuleBroken("received_on",
                          "the mediation agreement is being kept: no instalment is overdue");
    }
    return One(std::move(e));
}

Result<DisputeEvents> DecideAcceptArbitration(const DisputeState& s, ArbitrationAccepted e,
                                              std::int64_t today) {
    if (Status ok = InStage(s, {"arbitration_applied"}, "acceptance"); !ok.ok()) {
        if (s.exists && !s.accepted_on.empty()) {
            return RuleBroken("dispute", "accepted already on " + s.accepted_on);
        }
        return ok.error();
    }
    if (auto day = DateAfter(e.date, "date", today, s.received_on, "the application's receipt");
        !day.ok()) {
        return std::move(day).error();
    }
    if (Status ok = CheckRequiredLine(e.officer, "officer", 60); !ok.ok()) return ok.error();
    return One(std::move(e));
}

Result<DisputeEvents> DecideRefuseArbitration(const DisputeState& s, ArbitrationRefused e,
                                              std::int64_t today) {
    if (Status ok = InStage(s, {"arbitration_applied"}, "refusal"); !ok.ok()) return ok.error();
    if (auto day = DateAfter(e.date, "date", today, s.received_on, "the application's receipt");
        !day.ok()) {
        return std::move(day).error();
    }
    if (Status ok = CheckReason(e.reason); !ok.ok()) return ok.error();
    return One(std::move(e));
}

// An arbitration step after acceptance, once: `already` is its recorded date.
Status ArbitrationStep(const DisputeState& s, const std::string& already, std::string_view act) {
    if (Status ok = InStage(s, {"arbitration"}, act); !ok.ok()) return ok;
    if (!already.empty())
        return RuleBroken("dispute", std::string(act) + " was recorded on " + already);
    if (s.Suspended()) {
        return RuleBroken("dispute", "the case is suspended since " + s.suspensions.back().from +
                                         "; resume it first");
    }
    return {};
}

Result<DisputeEvents> DecideNotifyTribunal(const DisputeState& s, TribunalNotified e,
                                           std::int64_t today) {
    if (Status ok = ArbitrationStep(s, s.tribunal_on, "the tribunal's notice"); !ok.ok()) {
        return ok.error();
    }
    if (auto day = StepDate(s, e.date, today); !day.ok()) return std::move(day).error();
    if (e.members.empty() || e.members.size() > 3) {
        return InvalidField("members", "1 arbitrator, or 3 with the presiding one first");
    }
    if (Status ok = CheckLines(e.members, "members"); !ok.ok()) return ok.error();
    return One(std::move(e));
}

Result<DisputeEvents> DecideServeCopy(const DisputeState& s, CopyServed e, std::int64_t today) {
    if (Status ok = ArbitrationStep(s, s.served_on, "service on the respondent"); !ok.ok()) {
        return ok.error();
    }
    if (auto day = StepDate(s, e.date, today); !day.ok()) return std::move(day).error();
    return One(std::move(e));
}

Result<DisputeEvents> DecideReceiveDefence(const DisputeState& s, DefenceReceived e,
                                           std::int64_t today) {
    if (Status ok = ArbitrationStep(s, s.defence_on, "the defence"); !ok.ok()) return ok.error();
    if (s.served_on.empty()) {
        return RuleBroken("date", "the respondent has not been served a copy yet");
    }
    if (auto day = StepDate(s, e.date, today); !day.ok()) return std::move(day).error();
    return One(std::move(e));
}

Result<DisputeEvents> DecideScheduleHearing(const DisputeState& s, HearingScheduled e,
                                            const WorkingDayCalendar& calendar,
                                            std::int64_t today) {
    if (Status ok = ArbitrationStep(s, "", "a hearing"); !ok.ok()) return ok.error();
    if (!s.awarded_on.empty()) return RuleBroken("hearing_on", "the case is awarded");
    auto notified =
        DateAfter(e.notified_on, "notified_on", today, LastStepOn(s), "the case's last step");
    if (!notified.ok()) return std::move(notified).error();
    auto hearing = ParseDate(e.hearing_on, "hearing_on");
    if (!hearing.ok()) return std::move(hearing).error();
    auto earliest = DisputeClock("hearing_notice").limit.Due(*notified, calendar);
    if (!earliest.ok()) return std::move(earliest).error();
    if (*hearing < *earliest) {
        return RuleBroken("hearing_on",
                          "the parties must be notified at least 5 working days "
                          "before the hearing (Art. 33): the earliest day is " +
                              FormatDate(*earliest));
    }
    return One(std::move(e));
}

Result<DisputeEvents> DecideExtendAwardLimit(const DisputeState& s, AwardLimitExtended e,
                                             std::int64_t today) {
    if (Status ok = InStage(s, {"arbitration"}, "extending the award limit"); !ok.ok()) {
        return ok.error();
    }
    if (s.extension_days > 0) {
        return RuleBroken("days", "the award limit was extended once already (by " +
                                      std::to_string(s.extension_days) + " days)");
    }
    if (e.days < 1 || e.days > kMaxAwardExtensionDays) {
        return RuleBroken("days", "1 to 15 days (Art. 43)");
    }
    if (auto day = StepDate(s, e.date, today); !day.ok()) return std::move(day).error();
    if (Status ok = CheckRequiredLine(e.approved_by, "approved_by", 60); !ok.ok()) {
        return ok.error();
    }
    return One(std::move(e));
}

Result<DisputeEvents> DecideSuspendCase(const DisputeState& s, CaseSuspended e,
                                        std::int64_t today) {
    if (Status ok = ArbitrationStep(s, "", "suspending the case"); !ok.ok()) return ok.error();
    if (auto day = StepDate(s, e.date, today); !day.ok()) return std::move(day).error();
    if (Status ok = CheckReason(e.reason); !ok.ok()) return ok.error();
    return One(std::move(e));
}

Result<DisputeEvents> DecideResumeCase(const DisputeState& s, CaseResumed e, std::int64_t today) {
    if (Status ok = InStage(s, {"arbitration"}, "resuming the case"); !ok.ok()) return ok.error();
    if (!s.Suspended()) return RuleBroken("dispute", "the case is not suspended");
    if (auto day = StepDate(s, e.date, today); !day.ok()) return std::move(day).error();
    return One(std::move(e));
}

Result<DisputeEvents> DecideAward(const DisputeState& s, Awarded e,
                                  std::int64_t minimum_monthly_fen, std::int64_t today) {
    if (Status ok = ArbitrationStep(s, s.awarded_on, "the award"); !ok.ok()) return ok.error();
    if (s.hearing_on.empty()) return RuleBroken("date", "no hearing is scheduled");
    auto day = DateAfter(e.date, "date", today, std::max(s.hearing_on, LastStepOn(s)),
                         "the hearing or the case's last step");
    if (!day.ok()) return std::move(day).error();
    if (e.granted_fen.size() != s.filed.claims.size()) {
        return InvalidField("granted_fen", "one amount for each of the " +
                                               std::to_string(s.filed.claims.size()) +
                                               " claims, in the order filed (0 when refused)");
    }
    if (minimum_monthly_fen <= 0) {
        return RuleBroken("date", "no minimum monthly wage is recorded for " + e.date);
    }
    e.small_claim_limit_fen = 12 * minimum_monthly_fen;
    e.final_for_employer = true;
    for (std::size_t i = 0; i < e.granted_fen.size(); ++i) {
        const std::int64_t granted = e.granted_fen[i];
        if (granted < 0 || granted > s.filed.claims[i].amount_fen) {
            return RuleBroken("granted_fen[" + std::to_string(i) + "]",
                              "0 to the amount claimed (" +
                                  std::to_string(s.filed.claims[i].amount_fen) + " fen)");
        }
        if (granted > e.small_claim_limit_fen) e.final_for_employer = false;
    }
    return One(std::move(e));
}

Result<DisputeEvents> DecideSettleInArbitration(const DisputeState& s, SettledInArbitration e,
                                                std::int64_t today) {
    if (Status ok = ArbitrationStep(s, s.awarded_on, "a settlement"); !ok.ok()) return ok.error();
    if (auto day = StepDate(s, e.date, today); !day.ok()) return std::move(day).error();
    if (Status ok = CheckAmount(e.amount_fen, "amount_fen"); !ok.ok()) return ok.error();
    return One(std::move(e));
}

Result<DisputeEvents> DecideWithdraw(const DisputeState& s, DisputeWithdrawn e,
                                     std::int64_t today) {
    if (Status ok =
            InStage(s, {"mediation", "mediation_failed", "arbitration_applied", "arbitration"},
                    "withdrawal");
        !ok.ok()) {
        return ok.error();
    }
    if (auto day = StepDate(s, e.date, today); !day.ok()) return std::move(day).error();
    if (Status ok = CheckReason(e.reason); !ok.ok()) return ok.error();
    return One(std::move(e));
}

Result<DisputeEvents> DecideTransferToInspection(const DisputeState& s, TransferredToInspection e,
                                                 std::int64_t today) {
    if (Status ok =
            InStage(s, {"mediation", "mediation_failed", "arbitration_applied", "arbitration"},
                    "a transfer to labour inspection");
        !ok.ok()) {
        return ok.error();
    }
    if (auto day = StepDate(s, e.date, today); !day.ok()) return std::move(day).error();
    if (Status ok = CheckReason(e.reason); !ok.ok()) return ok.error();
    return One(std::move(e));
}

Result<DisputeEvents> DecideRequestEnforcement(const DisputeState& s, EnforcementRequested e,
                                               std::int64_t today) {
    if (Status ok = InStage(s, {"awarded", "settled"}, "a request for enforcement"); !ok.ok()) {
        return ok.error();
    }
    if (!s.enforcement_on.empty()) {
        return RuleBroken("dispute", "enforcement was requested on " + s.enforcement_on);
    }
    if (auto day = StepDate(s, e.date, today); !day.ok()) return std::move(day).error();
    if (Status ok = CheckRequiredLine(e.court, "court", 100); !ok.ok()) return ok.error();
    return One(std::move(e));
}

Result<DisputeEvents> DecideRecoverPayment(const DisputeState& s, PaymentRecovered e,
                                           std::int64_t today) {
    if (Status ok = InStage(s, {"mediation_settled", "awarded", "settled"}, "a payment");
        !ok.ok()) {
        return ok.error();
    }
    if (auto day = StepDate(s, e.date, today); !day.ok()) return std::move(day).error();
    if (Status ok = CheckAmount(e.amount_fen, "amount_fen"); !ok.ok()) return ok.error();
    const std::int64_t owed = s.DueFen() - s.RecoveredFen();
    if (e.amount_fen > owed) {
        return RuleBroken("amount_fen",
                          "more than is still owed (" + std::to_string(owed) + " fen)");
    }
    return One(std::move(e));
}

std::string DisputeStreamId(std::string_view dispute_id) { return kDisputeStreams.Of(dispute_id); }

Status RegisterDisputeEvents(EventRegistry& registry) {
    constexpr std::string_view kContext = "disputes";
    for (const StreamKind& kind : {kDisputeStreams, kMinimumWageStreams}) {
        if (Status s = registry.AddStreams(kind, kContext); !s.ok()) return s;
    }
    return registry
        .Add<DisputeFiled, LimitationInterrupted, LimitationSuspended, MediationSessionHeld,
             MediationSettled, MediationFailed, ArbitrationApplied, ArbitrationAccepted,
             ArbitrationRefused, TribunalNotified, CopyServed, DefenceReceived, HearingScheduled,
             AwardLimitExtended, CaseSuspended, CaseResumed, Awarded, SettledInArbitration,
             DisputeWithdrawn, TransferredToInspection, EnforcementRequested, PaymentRecovered,
             MinimumWageSet>(kContext);
}

}  // namespace xfl::domain
