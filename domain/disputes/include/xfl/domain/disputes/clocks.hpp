// The statutory clocks of a wage dispute, computed from its events and a working-day calendar
// as of any day: when each limit falls due, whether it was met, and by how many days it is
// overdue. Which limit counts which way is the table in clock_rules.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "xfl/domain/disputes/clock_rules.hpp"
#include "xfl/domain/disputes/dispute.hpp"
#include "xfl/domain/kernel/deadline.hpp"

namespace xfl::domain {

// One limit of one case. due empty: not computable (a year the calendar does not cover:
// `problem` says so). met_on: the day the act was done (empty while pending).
struct ClockView {
    std::string name, starts_on, due, met_on, problem;
    // met, met_late, pending, overdue, not_running (the case never reached it, or time is
    // stopped while the case is suspended: the due day moves on), or missed (an instalment of a
    // mediation agreement unpaid when the claimant applied for arbitration: days_late up to
    // the application).
    std::string state;
    std::int64_t days_late = 0;  // met_late or overdue: days past due (as of the day asked)
};

// Every limit the case has reached, as of `as_of`: limitation (a year from known_on, restarted
// by interruptions and lengthened by suspensions; not running for wages while the claimant is
// still employed there), mediation (15 days: then the claimant may go to arbitration),
// acceptance (5 working days from receipt), tribunal (5 working days from acceptance), defence
// (10 working days from service), hearing notice (5 working days before the hearing), award
// (45 days from acceptance, plus an extension and the days suspended), agreement instalments.
std::vector<ClockView> DisputeClockViews(const DisputeState& s, const WorkingDayCalendar& calendar,
                                         std::int64_t as_of);

// The limits of the case still running as of `as_of` (pending or overdue, with a known due
// day), named "<clock> limit".
std::vector<PendingLimit> PendingDisputeLimits(const DisputeState& s,
                                               const WorkingDayCalendar& calendar,
                                               std::int64_t as_of);

// Whether a concluded case kept every limit the mediators and the committee answer for
// (mediation, acceptance, tribunal, award; the hearing notice is checked
// when the hearing is scheduled) up to its conclusion; a limit whose
// due day the calendar cannot tell counts as kept. The parties' own limits (limitation, defence,
// instalments) do not count.
bool ConcludedWithinLimits(const DisputeState& s, const WorkingDayCalendar& calendar);

// The limitation year's last day from `known_on`: the same date a year later (28 February for
// 29 February), lengthened by the days suspended and restarted by each interruption.
std::int64_t LimitationEnds(const DisputeState& s);

// Whether mediation has run 15 days without a settlement, so the claimant may apply for
// arbitration (Art. 14).
bool MediationLapsed(const DisputeState& s, std::int64_t today);

}  // namespace xfl::domain
