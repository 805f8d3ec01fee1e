// The decisions of a case from the application for arbitration to the money recovered.
#include "dispute_rules.hpp"
#include "xfl/domain/disputes/clock_rules.hpp"
#include "xfl/domain/disputes/dispute.hpp"
#include "xfl/domain/disputes/minimum_wage.hpp"
#include "xfl/domain/kernel/checks.hpp"
#include "xfl/domain/kernel/text.hpp"
#include "xfl/domain/kernel/time.hpp"

namespace xfl::domain {

using namespace dispute_rules;

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

}  // namespace xfl::domain
