#include "xfl/domain/disputes/clocks.hpp"

#include <algorithm>

#include "xfl/domain/kernel/time.hpp"

namespace xfl::domain {
namespace {

// Days stopped by the pauses between `from` and `to` (a running pause stops time up to `to`).
std::int64_t DaysStopped(const std::vector<Pause>& pauses, std::int64_t to) {
    std::int64_t stopped = 0;
    for (const Pause& p : pauses) {
        const std::int64_t start = DayOr(p.from, 0);
        const std::int64_t end = p.until.empty() ? to : DayOr(p.until, 0);
        if (end > start) stopped += end - start;
    }
    return stopped;
}

ClockView View(std::string name, std::int64_t starts, const Result<std::int64_t>& due,
               const std::string& met_on, std::int64_t as_of) {
    ClockView v;
    v.name = std::move(name);
    v.starts_on = FormatDate(starts);
    v.met_on = met_on;
    if (!due.ok()) {
        v.state = "pending";
        v.problem = due.error().message;
        return v;
    }
    v.due = FormatDate(*due);
    const std::int64_t done = met_on.empty() ? as_of : DayOr(met_on, 0);
    const std::int64_t late = done - *due;
    if (!met_on.empty()) {
        v.state = late > 0 ? "met_late" : "met";
    } else {
        v.state = late > 0 ? "overdue" : "pending";
    }
    v.days_late = std::max<std::int64_t>(late, 0);
    return v;
}

// A date recorded on or before `as_of` (later ones are not yet known on that day).
std::string Known(const std::string& date, std::int64_t as_of) {
    return !date.empty() && DayOr(date, 0) <= as_of ? date : "";
}

}  // namespace

std::int64_t LimitationEnds(const DisputeState& s) {
    std::int64_t start = DayOr(s.filed.known_on, 0);
    for (const auto& i : s.interruptions) start = std::max(start, DayOr(i.date, 0));
    std::vector<Pause> pauses;
    for (const auto& p : s.limitation_pauses) {
        if (DayOr(p.date, 0) >= start) pauses.push_back({p.date, p.until});
    }
    const std::int64_t end = AddMonths(start, 12);
    return end + DaysStopped(pauses, end);
}

bool MediationLapsed(const DisputeState& s, std::int64_t today) {
    return s.stage == "mediation" &&
           today >
               DisputeClock("mediation").limit.DueInCalendarDays(DayOr(s.mediation_started_on, 0));
}

std::vector<ClockView> DisputeClockViews(const DisputeState& s, const WorkingDayCalendar& calendar,
                                         std::int64_t as_of) {
    std::vector<ClockView> out;
    if (!s.exists) return out;
    const auto due = [&](std::string_view rule, std::int64_t start, std::int64_t extra = 0) {
        return DisputeClock(rule).limit.Longer(static_cast<int>(extra)).Due(start, calendar);
    };

    // Limitation: met by the filing (or by the arbitration application when mediation came
    // first); wages owed while still employed are not barred until the employment ends.
    {
        const std::int64_t ends = LimitationEnds(s);
        ClockView v = View("limitation", DayOr(s.filed.known_on, 0), ends, s.filed.filed_on, as_of);
        if (s.filed.still_employed) {
            v.state = "not_running";
            v.days_late = 0;
            v.problem =
                "the claimant is still employed by the respondent: wages owed are not "
                "time-barred until the employment ends (Art. 27)";
        }
        out.push_back(std::move(v));
    }
    if (!s.mediation_started_on.empty()) {
        const std::int64_t start = DayOr(s.mediation_started_on, 0);
        std::string ended = s.settlement.date.empty() ? s.mediation_failed_on : s.settlement.date;
        if (ended.empty() && !s.received_on.empty() && s.received_on > s.mediation_started_on) {
            ended = s.received_on;
        }
        if (ended.empty() && s.stage == "closed") ended = s.closed_on;
        out.push_back(View("mediation", start,
                           DisputeClock("mediation").limit.DueInCalendarDays(start),
                           Known(ended, as_of), as_of));
    }
    const std::string received = Known(s.received_on, as_of);
    if (!received.empty()) {
        const std::string decided = !s.accepted_on.empty()   ? s.accepted_on
                                    : s.outcome == "refused" ? s.closed_on
                                                             : "";
        out.push_back(View("acceptance", DayOr(received, 0), due("acceptance", DayOr(received, 0)),
                           Known(decided, as_of), as_of));
    }
    const std::string accepted = Known(s.accepted_on, as_of);
    if (!accepted.empty()) {
        const std::int64_t start = DayOr(accepted, 0);
        out.push_back(
            View("tribunal", start, due("tribunal", start), Known(s.tribunal_on, as_of), as_of));
        // Time stopped while suspended, up to the day asked; the award's extension.
        std::vector<Pause> pauses;
        for (const Pause& p : s.suspensions) {
            if (DayOr(p.from, 0) <= as_of) pauses.push_back({p.from, Known(p.until, as_of)});
        }
        const std::int64_t stopped = DaysStopped(pauses, as_of);
        const std::string decided = !s.awarded_on.empty() ? s.awarded_on : s.settled_on;
        ClockView award = View("award", start, due("award", start, s.extension_days + stopped),
                               Known(decided, as_of), as_of);
        if (decided.empty() && s.stage == "closed") award.met_on = Known(s.closed_on, as_of);
        if (!pauses.empty() && pauses.back().until.empty() && award.met_on.empty()) {
            award.state = "not_running";
            award.days_late = 0;
        }
        out.push_back(std::move(award));
    }
    const std::string served = Known(s.served_on, as_of);
    if (!served.empty()) {
        out.push_back(View("defence", DayOr(served, 0), due("defence", DayOr(served, 0)),
                           Known(s.defence_on, as_of), as_of));
    }
    // Agreement instalments: each due on its day, met once the payments cover it.
    if (!Known(s.settlement.date, as_of).empty()) {
        const std::string applied = Known(s.received_on, as_of);
        const std::string broken = applied > s.settlement.date ? applied : "";
        std::int64_t owed = 0;
        for (std::size_t i = 0; i < s.settlement.agreement.size(); ++i) {
            const Instalment& inst = s.settlement.agreement[i];
            owed += inst.amount_fen;
            std::string paid_on;
            std::int64_t paid = 0;
            for (const auto& p : s.payments) {
                if (DayOr(p.date, 0) > as_of) continue;
                paid += p.amount_fen;
                if (paid >= owed) {
                    paid_on = p.date;
                    break;
                }
            }
            ClockView v = View("instalment_" + std::to_string(i + 1), DayOr(s.settlement.date, 0),
                               DayOr(inst.due_on, 0), paid_on, as_of);
            // An agreement broken and taken to arbitration: what it left unpaid is missed, and
            // the award decides it from then on.
            if (v.state == "overdue" && !broken.empty()) {
                v.state = "missed";
                v.days_late = std::max<std::int64_t>(DayOr(broken, 0) - DayOr(inst.due_on, 0), 0);
            }
            out.push_back(std::move(v));
        }
    }
    return out;
}

std::vector<PendingLimit> PendingDisputeLimits(const DisputeState& s,
                                               const WorkingDayCalendar& calendar,
                                               std::int64_t as_of) {
    std::vector<PendingLimit> pending;
    for (const ClockView& clock : DisputeClockViews(s, calendar, as_of)) {
        if (clock.state != "pending" && clock.state != "overdue") continue;
        auto due = ParseDate(clock.due, "due");
        if (due.ok()) pending.push_back({clock.name + " limit", *due});
    }
    return pending;
}

bool ConcludedWithinLimits(const DisputeState& s, const WorkingDayCalendar& calendar) {
    const auto conclusion = s.Concluded();
    if (conclusion.on.empty()) return false;
    for (const ClockView& c : DisputeClockViews(s, calendar, DayOr(conclusion.on, 0))) {
        const bool officials = c.name == "mediation" || c.name == "acceptance" ||
                               c.name == "tribunal" || c.name == "award";
        if (officials && c.days_late > 0) return false;
    }
    return true;
}

}  // namespace xfl::domain
