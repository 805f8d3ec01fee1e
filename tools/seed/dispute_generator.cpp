#include "dispute_generator.hpp"

#include <fmt/core.h>

#include "seed_support.hpp"
#include "xfl/domain/disputes/clock_rules.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/eventstore/new_event.hpp"

namespace xfl::tools {
namespace {

// Yunnan's first-class minimum monthly wage (云南省人力资源和社会保障厅, from 2022-10-01: 1,900
// yuan), against which the seeded awards are measured.
constexpr std::int64_t kMinimumMonthlyFen = 190'000;

// A case being walked: each step decided on its day and recorded as its own commit; the walk
// stops at the first step that would lie after today.
class CaseWalk {
  public:
    CaseWalk(std::string stream, std::int64_t today) : out_{std::move(stream), {}}, today_(today) {}

    // Records what `decide` decides on `day`; false (and nothing recorded) when the day has not
    // come yet.
    template <class Decide>
    bool On(std::int64_t day, Decide decide) {
        if (day > today_) return false;
        auto events = Must(decide(state_));
        for (const auto& e : events) state_ = domain::Evolve(std::move(state_), e);
        out_.commits.push_back(eventstore::MakeEvents(events, Micros(day)));
        return true;
    }
    const domain::DisputeState& state() const { return state_; }
    std::int64_t today() const { return today_; }
    SeedStream Take() { return std::move(out_); }

  private:
    SeedStream out_;
    domain::DisputeState state_;
    std::int64_t today_;
};

std::string Date(std::int64_t day) { return domain::FormatDate(day); }

// Payments of `owed` from `from`: in full, in part, or none; the rest by enforcement.
void Recover(CaseWalk& walk, std::mt19937_64& rng, std::int64_t from, std::int64_t owed) {
    const auto paying = rng() % 10;
    const std::int64_t today = walk.today();
    if (owed <= 0 || paying >= 8) {
        walk.On(from + 20, [&](const auto& s) {
            return domain::DecideRequestEnforcement(s, {Date(from + 20), "保山市隆阳区人民法院"},
                                                    today);
        });
        return;
    }
    const std::int64_t first = paying < 5 ? owed : owed / 2;
    const std::int64_t paid = from + 5 + static_cast<std::int64_t>(rng() % 25);
    walk.On(paid, [&](const auto& s) {
        return domain::DecideRecoverPayment(s, {Date(paid), first}, today);
    });
}

void Arbitrate(CaseWalk& walk, std::mt19937_64& rng, std::int64_t received,
               const domain::WorkingDayCalendar& calendar) {
    const std::int64_t today = walk.today();
    auto later = [&](std::int64_t day, int spread) {
        return day + 1 + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(spread));
    };
    // One acceptance in six comes after its 5 working days.
    const std::int64_t accepted = later(received, rng() % 6 == 0 ? 12 : 6);
    if (rng() % 20 == 0) {
        walk.On(accepted, [&](const auto& s) {
            return domain::DecideRefuseArbitration(s, {Date(accepted), "不属于劳动争议受理范围"},
                                                   today);
        });
        return;
    }
    if (!walk.On(accepted, [&](const auto& s) {
            return domain::DecideAcceptArbitration(s, {Date(accepted), "仲裁员"}, today);
        })) {
        return;
    }
    const std::int64_t tribunal = later(accepted, 6);
    if (!walk.On(tribunal, [&](const auto& s) {
            return domain::DecideNotifyTribunal(s, {Date(tribunal), {"仲裁员"}}, today);
        })) {
        return;
    }
    const std::int64_t served = later(tribunal, 3);
    if (!walk.On(served, [&](const auto& s) {
            return domain::DecideServeCopy(s, {Date(served)}, today);
        })) {
        return;
    }
    const std::int64_t defence = later(served, 10);
    walk.On(defence,
            [&](const auto& s) { return domain::DecideReceiveDefence(s, {Date(defence)}, today); });
    const std::int64_t notified = later(defence, 3);
    auto earliest = domain::DisputeClock("hearing_notice").limit.Due(notified, calendar);
    if (!earliest.ok()) return;  // a year the calendar does not cover: left unscheduled
    const std::int64_t hearing = later(*earliest, 10);
    if (!walk.On(notified, [&](const auto& s) {
            return domain::DecideScheduleHearing(s, {Date(hearing), Date(notified)}, calendar,
                                                 today);
        })) {
        return;
    }
    // One award in five comes after its 45 days.
    const std::int64_t decided = std::max(later(hearing, 20), rng() % 5 == 0 ? accepted + 50 : 0);
    const auto& claims = walk.state().filed.claims;
    if (rng() % 6 == 0) {
        const std::int64_t amount = walk.state().ClaimedFen() * 7 / 10;
        if (walk.On(decided, [&](const auto& s) {
                return domain::DecideSettleInArbitration(s, {Date(decided), amount}, today);
            })) {
            Recover(walk, rng, decided, amount);
        }
        return;
    }
    domain::Awarded award;
    award.date = Date(decided);
    for (const auto& c : claims)
        award.granted_fen.push_back(c.amount_fen * (rng() % 2 ? 10 : 8) / 10);
    if (walk.On(decided, [&](const auto& s) {
            return domain::DecideAward(s, award, kMinimumMonthlyFen, today);
        })) {
        Recover(walk, rng, decided, walk.state().DueFen());
    }
}

}  // namespace

SeedStream MakeDispute(std::uint64_t seed, std::uint64_t index, const SeedClaimant& claimant,
                       const domain::EmployerRegistered& respondent,
                       const domain::WorkingDayCalendar& calendar, std::int64_t today) {
    auto rng = Rng(seed, 3, index);
    const std::int64_t filed = today - 5 - static_cast<std::int64_t>(rng() % 330);
    domain::DisputeFiled f;
    f.dispute_id = fmt::format("sd{:07d}", index);
    f.region = claimant.village;
    f.filed_on = Date(filed);
    f.first_stage = rng() % 10 < 7 ? "mediation" : "arbitration";
    f.claimant_name = claimant.name;
    f.resident_id = claimant.resident_id;
    f.claimant_person_id = claimant.person_id;
    f.claimant_household_id = claimant.household_id;
    f.respondent_id = respondent.employer_id;
    f.respondent_name = respondent.name;
    // One claim in twenty is brought after its limitation year: filed, and flagged.
    const std::int64_t known =
        filed - 3 - static_cast<std::int64_t>(rng() % (rng() % 20 ? 60 : 500));
    f.known_on = Date(known);
    const std::int64_t months = 1 + static_cast<std::int64_t>(rng() % 5);
    const std::int64_t period_end = known - 1;
    f.facts = fmt::format("{}个月工资未按时足额支付", months);
    f.claims.push_back(
        {"unpaid_wages", Date(domain::AddMonths(period_end, -static_cast<int>(months)) + 1),
         Date(period_end), months * (250'000 + static_cast<std::int64_t>(rng() % 200'000))});
    if (rng() % 5 == 0) f.claims.push_back({"double_wages_no_contract", "", "", 300'000});
    if (rng() % 6 == 0) f.claims.push_back({"overtime_pay", "", "", 80'000});
    f.evidence = {{"工资条.jpg", fmt::format("{:064x}", rng())}};

    CaseWalk walk(domain::DisputeStreamId(f.dispute_id), today);
    walk.On(filed, [&](const auto& s) { return domain::DecideFileDispute(s, f, today); });
    if (f.first_stage == "arbitration") {
        Arbitrate(walk, rng, filed, calendar);
        return walk.Take();
    }
    const std::int64_t session = filed + 1 + static_cast<std::int64_t>(rng() % 3);
    if (!walk.On(session, [&](const auto& s) {
            return domain::DecideMediationSession(s, {Date(session), "调解员", "双方到场"}, today);
        })) {
        return walk.Take();
    }
    const auto outcome = rng() % 20;
    if (outcome < 9) {  // settled: paid in time, late, or not at all
        const std::int64_t settled = session + 1 + static_cast<std::int64_t>(rng() % 8);
        const std::int64_t owed = walk.state().ClaimedFen() * 8 / 10, due = settled + 30;
        if (!walk.On(settled, [&](const auto& s) {
                return domain::DecideSettleMediation(
                    s, {Date(settled), "调解员", {{owed, Date(due)}}}, today);
            })) {
            return walk.Take();
        }
        const auto paying = rng() % 10;
        if (paying < 6) {
            const std::int64_t paid =
                due - 5 + static_cast<std::int64_t>(rng() % (paying < 4 ? 5 : 20));
            walk.On(paid, [&](const auto& s) {
                return domain::DecideRecoverPayment(s, {Date(paid), owed}, today);
            });
            return walk.Take();
        }
        const std::int64_t applied = due + 3 + static_cast<std::int64_t>(rng() % 20);
        if (walk.On(applied, [&](const auto& s) {
                return domain::DecideApplyArbitration(s, {Date(applied)}, today);
            })) {
            Arbitrate(walk, rng, applied, calendar);
        }
        return walk.Take();
    }
    if (outcome < 15) {  // failed, then arbitration
        const std::int64_t failed = session + 2 + static_cast<std::int64_t>(rng() % 10);
        if (!walk.On(failed, [&](const auto& s) {
                return domain::DecideFailMediation(s, {Date(failed), "用人单位拒绝调解"}, today);
            })) {
            return walk.Take();
        }
        const std::int64_t applied = failed + 1 + static_cast<std::int64_t>(rng() % 10);
        if (walk.On(applied, [&](const auto& s) {
                return domain::DecideApplyArbitration(s, {Date(applied)}, today);
            })) {
            Arbitrate(walk, rng, applied, calendar);
        }
        return walk.Take();
    }
    if (outcome < 17) {  // withdrawn, or handed to labour inspection
        const std::int64_t ended = session + 3 + static_cast<std::int64_t>(rng() % 10);
        walk.On(ended, [&](const auto& s) {
            return outcome == 15 ? domain::DecideWithdraw(s, {Date(ended), "双方自行和解"}, today)
                                 : domain::DecideTransferToInspection(
                                       s, {Date(ended), "拖欠工资，移送劳动保障监察"}, today);
        });
        return walk.Take();
    }
    // Mediation runs out its 15 days without agreement; some claimants then apply.
    const std::int64_t applied = filed + 16 + static_cast<std::int64_t>(rng() % 20);
    if (rng() % 2 && walk.On(applied, [&](const auto& s) {
            return domain::DecideApplyArbitration(s, {Date(applied)}, today);
        })) {
        Arbitrate(walk, rng, applied, calendar);
    }
    return walk.Take();
}

}  // namespace xfl::tools
