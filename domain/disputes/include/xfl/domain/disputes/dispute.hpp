// Wage disputes (劳动争议): a worker's complaint against an employer, from mediation in the
// village or township to labour arbitration, the award and the money recovered. One stream per
// case; every step an event with the business date it happened on. The statutory clocks are
// computed from these events (clocks.hpp), never stored.
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

// kind: unpaid_wages (with the period from/to), overtime_pay, economic_compensation,
// work_injury_costs, double_wages_no_contract, other.
struct Claim {
    std::string kind, period_from, period_to;
    std::int64_t amount_fen = 0;
    XFL_FIELDS(CEREAL_NVP(kind), CEREAL_NVP(period_from), CEREAL_NVP(period_to),
               CEREAL_NVP(amount_fen))
};

// A document the claimant or an officer holds, named and fingerprinted (no file is stored).
struct Evidence {
    std::string name, sha256;
    XFL_FIELDS(CEREAL_NVP(name), CEREAL_NVP(sha256))
};

struct DisputeFiled {
    static constexpr std::string_view kType = "dispute.filed";
    // region: where the case is handled (the claimant's village, or a township or county).
    // first_stage: mediation (a village or township mediator first) or arbitration (the
    // application is received on filed_on). known_on: the day the claimant knew of the
    // infringement, from which limitation runs. resident_id: the claimant's (named so that
    // every history masks it as it masks a member's).
    std::string dispute_id, region, filed_on, first_stage, claimant_name, resident_id,
        claimant_person_id, claimant_household_id, respondent_id, respondent_name, facts, known_on;
    bool still_employed = false;
    std::vector<Claim> claims;
    std::vector<Evidence> evidence;
    XFL_FIELDS(CEREAL_NVP(dispute_id), CEREAL_NVP(region), CEREAL_NVP(filed_on),
               CEREAL_NVP(first_stage), CEREAL_NVP(claimant_name), CEREAL_NVP(resident_id),
               CEREAL_NVP(claimant_person_id), CEREAL_NVP(claimant_household_id),
               CEREAL_NVP(respondent_id), CEREAL_NVP(respondent_name), CEREAL_NVP(facts),
               CEREAL_NVP(known_on), CEREAL_NVP(still_employed), CEREAL_NVP(claims),
               CEREAL_NVP(evidence))
};

// Limitation (时效, Art. 27): an interruption (a claim to the employer, a request to an
// authority, the employer agreeing to pay) restarts the year; a suspension (force majeure)
// pauses it from `date` to `until`.
struct LimitationInterrupted {
    static constexpr std::string_view kType = "dispute.limitation_interrupted";
    std::string date, reason;
    XFL_FIELDS(CEREAL_NVP(date), CEREAL_NVP(reason))
};
struct LimitationSuspended {
    static constexpr std::string_view kType = "dispute.limitation_suspended";
    std::string date, until, reason;
    XFL_FIELDS(CEREAL_NVP(date), CEREAL_NVP(until), CEREAL_NVP(reason))
};

struct MediationSessionHeld {
    static constexpr std::string_view kType = "dispute.mediation_session";
    std::string date, mediator, note;
    XFL_FIELDS(CEREAL_NVP(date), CEREAL_NVP(mediator), CEREAL_NVP(note))
};

// A mediation agreement: what the employer pays, by when.
struct Instalment {
    std::int64_t amount_fen = 0;
    std::string due_on;
    XFL_FIELDS(CEREAL_NVP(amount_fen), CEREAL_NVP(due_on))
};
struct MediationSettled {
    static constexpr std::string_view kType = "dispute.mediation_settled";
    std::string date, mediator;
    std::vector<Instalment> agreement;
    XFL_FIELDS(CEREAL_NVP(date), CEREAL_NVP(mediator), CEREAL_NVP(agreement))
};
struct MediationFailed {
    static constexpr std::string_view kType = "dispute.mediation_failed";
    std::string date, reason;
    XFL_FIELDS(CEREAL_NVP(date), CEREAL_NVP(reason))
};

// The arbitration committee's steps, each on its business date.
struct ArbitrationApplied {
    static constexpr std::string_view kType = "dispute.arbitration_applied";
    std::string received_on;
    XFL_FIELDS(CEREAL_NVP(received_on))
};
struct ArbitrationAccepted {
    static constexpr std::string_view kType = "dispute.arbitration_accepted";
    std::string date, officer;
    XFL_FIELDS(CEREAL_NVP(date), CEREAL_NVP(officer))
};
struct ArbitrationRefused {
    static constexpr std::string_view kType = "dispute.arbitration_refused";
    std::string date, reason;
    XFL_FIELDS(CEREAL_NVP(date), CEREAL_NVP(reason))
};
struct TribunalNotified {
    static constexpr std::string_view kType = "dispute.tribunal_notified";
    std::string date;
    std::vector<std::string> members;
    XFL_FIELDS(CEREAL_NVP(date), CEREAL_NVP(members))
};
struct CopyServed {
    static constexpr std::string_view kType = "dispute.copy_served";
    std::string date;
    XFL_FIELDS(CEREAL_NVP(date))
};
struct DefenceReceived {
    static constexpr std::string_view kType = "dispute.defence_received";
    std::string date;
    XFL_FIELDS(CEREAL_NVP(date))
};
struct HearingScheduled {
    static constexpr std::string_view kType = "dispute.hearing_scheduled";
    std::string hearing_on, notified_on;
    XFL_FIELDS(CEREAL_NVP(hearing_on), CEREAL_NVP(notified_on))
};
// The award limit extended once, by at most 15 days, with the committee chair's approval.
struct AwardLimitExtended {
    static constexpr std::string_view kType = "dispute.award_limit_extended";
    std::string date, approved_by;
    std::int64_t days = 0;
    XFL_FIELDS(CEREAL_NVP(date), CEREAL_NVP(approved_by), CEREAL_NVP(days))
};
// Time stops while a case is suspended (中止) and runs again from its resumption.
struct CaseSuspended {
    static constexpr std::string_view kType = "dispute.suspended";
    std::string date, reason;
    XFL_FIELDS(CEREAL_NVP(date), CEREAL_NVP(reason))
};
struct CaseResumed {
    static constexpr std::string_view kType = "dispute.resumed";
    std::string date;
    XFL_FIELDS(CEREAL_NVP(date))
};
// granted: per claim, in the order filed. final_for_employer: every claim within the
// small-claims limit (Art. 47), so the award binds the employer at once.
struct Awarded {
    static constexpr std::string_view kType = "dispute.awarded";
    std::string date;
    std::vector<std::int64_t> granted_fen;
    bool final_for_employer = false;
    std::int64_t small_claim_limit_fen = 0;  // 12 months of the minimum wage that applied
    XFL_FIELDS(CEREAL_NVP(date), CEREAL_NVP(granted_fen), CEREAL_NVP(final_for_employer),
               CEREAL_NVP(small_claim_limit_fen))
};
struct SettledInArbitration {
    static constexpr std::string_view kType = "dispute.settled_in_arbitration";
    std::string date;
    std::int64_t amount_fen = 0;
    XFL_FIELDS(CEREAL_NVP(date), CEREAL_NVP(amount_fen))
};
struct DisputeWithdrawn {
    static constexpr std::string_view kType = "dispute.withdrawn";
    std::string date, reason;
    XFL_FIELDS(CEREAL_NVP(date), CEREAL_NVP(reason))
};
// Handed to labour inspection (劳动保障监察), which can order payment without a hearing.
struct TransferredToInspection {
    static constexpr std::string_view kType = "dispute.transferred_to_inspection";
    std::string date, reason;
    XFL_FIELDS(CEREAL_NVP(date), CEREAL_NVP(reason))
};
struct EnforcementRequested {
    static constexpr std::string_view kType = "dispute.enforcement_requested";
    std::string date, court;
    XFL_FIELDS(CEREAL_NVP(date), CEREAL_NVP(court))
};
// Money the claimant received: under a mediation agreement, a settlement or an award.
struct PaymentRecovered {
    static constexpr std::string_view kType = "dispute.payment_recovered";
    std::string date;
    std::int64_t amount_fen = 0;
    XFL_FIELDS(CEREAL_NVP(date), CEREAL_NVP(amount_fen))
};

using DisputeEvent =
    std::variant<DisputeFiled, LimitationInterrupted, LimitationSuspended, MediationSessionHeld,
                 MediationSettled, MediationFailed, ArbitrationApplied, ArbitrationAccepted,
                 ArbitrationRefused, TribunalNotified, CopyServed, DefenceReceived,
                 HearingScheduled, AwardLimitExtended, CaseSuspended, CaseResumed, Awarded,
                 SettledInArbitration, DisputeWithdrawn, TransferredToInspection,
                 EnforcementRequested, PaymentRecovered>;

// A stretch of days with time stopped; `until` empty while it lasts.
struct Pause {
    std::string from, until;
};

struct DisputeState {
    bool exists = false;
    DisputeFiled filed;
    // mediation, mediation_settled (the agreement being paid), arbitration_applied (received,
    // not yet accepted), arbitration, awarded or settled (enforcement and payments follow),
    // closed
    std::string stage;
    // While open: empty. Closed: settled_in_mediation, refused, settled_in_arbitration,
    // withdrawn, transferred; an awarded case keeps "awarded".
    std::string outcome;
    std::vector<LimitationInterrupted> interruptions;
    std::vector<LimitationSuspended> limitation_pauses;
    std::vector<MediationSessionHeld> sessions;
    MediationSettled settlement;  // date empty unless settled
    std::string mediation_started_on, mediation_failed_on;
    std::string received_on, accepted_on, refused_on, tribunal_on, served_on, defence_on,
        hearing_on, hearing_notified_on, awarded_on, settled_on, closed_on, enforcement_on;
    std::int64_t extension_days = 0;
    std::vector<Pause> suspensions;
    Awarded award;
    std::int64_t settled_fen = 0;
    std::vector<PaymentRecovered> payments;

    std::int64_t ClaimedFen() const;
    std::int64_t RecoveredFen() const;
    // What the respondent owes under the agreement, settlement or award (0 before one).
    std::int64_t DueFen() const;
    bool Suspended() const { return !suspensions.empty() && suspensions.back().until.empty(); }
    // How the handling of the case ended, and on which day (结案): a mediation agreement (unless
    // broken and taken to arbitration), an award, a settlement in arbitration, a refusal,
    // a withdrawal or a transfer. Payments and enforcement follow it. Empty while handled.
    struct Conclusion {
        std::string how, on;
    };
    Conclusion Concluded() const;
    // The amount claimed as unpaid wages (0: the case claims no unpaid wages).
    std::int64_t UnpaidWagesFen() const;
};

DisputeState Evolve(DisputeState s, const DisputeEvent& e);
Status ApplyDisputeEvent(DisputeState& state, const StoredEvent& event);

bool IsClaimKind(std::string_view kind);

// ---- decisions; `today` is the caller's calendar day; every date is today or earlier ----
using DisputeEvents = std::vector<DisputeEvent>;

// The filing, every field checked: at least one claim, amounts whole positive fen, an unpaid
// wages claim with its period in order, known_on not after filed_on. A claim made after the
// limitation year is still filed: the case view shows the computation (clocks.hpp).
Result<DisputeEvents> DecideFileDispute(const DisputeState& s, DisputeFiled filed,
                                        std::int64_t today);
Result<DisputeEvents> DecideInterruptLimitation(const DisputeState& s, LimitationInterrupted e,
                                                std::int64_t today);
Result<DisputeEvents> DecideSuspendLimitation(const DisputeState& s, LimitationSuspended e,
                                              std::int64_t today);
// Mediation: sessions, then settled (an agreement of instalments) or failed; only while the
// case is in mediation.
Result<DisputeEvents> DecideMediationSession(const DisputeState& s, MediationSessionHeld e,
                                             std::int64_t today);
Result<DisputeEvents> DecideSettleMediation(const DisputeState& s, MediationSettled e,
                                            std::int64_t today);
Result<DisputeEvents> DecideFailMediation(const DisputeState& s, MediationFailed e,
                                          std::int64_t today);
// Arbitration: applied (after mediation failed, was not concluded, or an agreement was not
// kept), accepted or refused once, then the tribunal, service, defence, hearing, award.
Result<DisputeEvents> DecideApplyArbitration(const DisputeState& s, ArbitrationApplied e,
                                             std::int64_t today);
Result<DisputeEvents> DecideAcceptArbitration(const DisputeState& s, ArbitrationAccepted e,
                                              std::int64_t today);
Result<DisputeEvents> DecideRefuseArbitration(const DisputeState& s, ArbitrationRefused e,
                                              std::int64_t today);
Result<DisputeEvents> DecideNotifyTribunal(const DisputeState& s, TribunalNotified e,
                                           std::int64_t today);
Result<DisputeEvents> DecideServeCopy(const DisputeState& s, CopyServed e, std::int64_t today);
Result<DisputeEvents> DecideReceiveDefence(const DisputeState& s, DefenceReceived e,
                                           std::int64_t today);
// The hearing may lie ahead; the parties are notified at least 5 working days before it
// (Art. 33), counted on `calendar`.
Result<DisputeEvents> DecideScheduleHearing(const DisputeState& s, HearingScheduled e,
                                            const WorkingDayCalendar& calendar, std::int64_t today);
Result<DisputeEvents> DecideExtendAwardLimit(const DisputeState& s, AwardLimitExtended e,
                                             std::int64_t today);
Result<DisputeEvents> DecideSuspendCase(const DisputeState& s, CaseSuspended e, std::int64_t today);
Result<DisputeEvents> DecideResumeCase(const DisputeState& s, CaseResumed e, std::int64_t today);
// `minimum_monthly_fen`: the local minimum monthly wage in force on the award's date; each
// claim granted within 12 months of it makes the award final for the employer (Art. 47).
Result<DisputeEvents> DecideAward(const DisputeState& s, Awarded e,
                                  std::int64_t minimum_monthly_fen, std::int64_t today);
Result<DisputeEvents> DecideSettleInArbitration(const DisputeState& s, SettledInArbitration e,
                                                std::int64_t today);
Result<DisputeEvents> DecideWithdraw(const DisputeState& s, DisputeWithdrawn e, std::int64_t today);
Result<DisputeEvents> DecideTransferToInspection(const DisputeState& s, TransferredToInspection e,
                                                 std::int64_t today);
Result<DisputeEvents> DecideRequestEnforcement(const DisputeState& s, EnforcementRequested e,
                                               std::int64_t today);
// A payment under the agreement, settlement or award; never more than is still owed. The case
// closes when everything owed is paid.
Result<DisputeEvents> DecideRecoverPayment(const DisputeState& s, PaymentRecovered e,
                                           std::int64_t today);

inline constexpr StreamKind kDisputeStreams{"dispute-"};
std::string DisputeStreamId(std::string_view dispute_id);

// The disputes context's event types and stream kinds (disputes, the minimum wage list).
Status RegisterDisputeEvents(EventRegistry& registry);

}  // namespace xfl::domain
