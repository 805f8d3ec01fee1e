#include "xfl/domain/disputes/dispute.hpp"

#include <algorithm>
#include <numeric>

#include "dispute_rules.hpp"
#include "xfl/domain/disputes/clock_rules.hpp"
#include "xfl/domain/disputes/minimum_wage.hpp"
#include "xfl/domain/kernel/checks.hpp"
#include "xfl/domain/kernel/region_code.hpp"
#include "xfl/domain/kernel/resident_id.hpp"
#include "xfl/domain/kernel/text.hpp"
#include "xfl/domain/kernel/time.hpp"

namespace xfl::domain {
namespace {

using namespace dispute_rules;

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
