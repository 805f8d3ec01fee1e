// /api/v1/disputes/{id}/…: each next step of a case, one route each, decided on the version the
// caller read (If-Match when given) and answered with the case as it now stands.
#include <functional>

#include "routes.hpp"
#include "xfl/api/calendar/calendar.hpp"
#include "xfl/domain/disputes/minimum_wage.hpp"
#include "xfl/domain/kernel/time.hpp"

namespace xfl::api {
namespace {

using domain::DisputeEvents;
using domain::DisputeState;

struct StepInput {
    JsonBody& body;
    const DisputeState& state;
    Services& services;
    std::int64_t today;
};
using StepDecider = std::function<Result<DisputeEvents>(StepInput&)>;

struct Step {
    std::string_view path;  // under /api/v1/disputes/{id}/
    const RoleSet& roles;
    StepDecider decide;
};

Result<std::int64_t> Amount(JsonBody& body, const char* name) {
    XFL_TRY(amount, body.OptionalInt(name));
    if (!amount) {
        return Error::Make(Errc::kInvalidArgument, std::string(name) + " is required", name);
    }
    return *amount;
}

// A step whose body is a date and a required reason.
template <class Event>
StepDecider DatedWithReason(Result<DisputeEvents> (*decide)(const DisputeState&, Event,
                                                            std::int64_t)) {
    return [decide](StepInput& in) -> Result<DisputeEvents> {
        XFL_TRY(date, in.body.String("date", 10));
        XFL_TRY(reason, in.body.String("reason", 1000));
        XFL_CHECK(in.body.Finish());
        return decide(in.state, Event{date, reason}, in.today);
    };
}

// A step whose body is just its date.
template <class Event>
StepDecider Dated(Result<DisputeEvents> (*decide)(const DisputeState&, Event, std::int64_t),
                  const char* field = "date") {
    return [decide, field](StepInput& in) -> Result<DisputeEvents> {
        XFL_TRY(date, in.body.String(field, 10));
        XFL_CHECK(in.body.Finish());
        return decide(in.state, Event{date}, in.today);
    };
}

Result<std::int64_t> MinimumWageOn(Services& services, const std::string& date) {
    XFL_TRY(day, domain::ParseDate(date, "date"));
    XFL_TRY(events, services.Stream(domain::kMinimumWageStreams.Of(domain::kMinimumWageListId)));
    XFL_TRY(loaded, LoadFrom<domain::MinimumWages>(events, domain::ApplyMinimumWageEvent));
    auto in_force = loaded.state.InForce(day);
    if (!in_force) {
        return Error::Make(Errc::kRuleViolated,
                           "date: no minimum monthly wage is in force on " + date +
                               "; an admin records it (POST /api/v1/minimum-wages) first",
                           "date");
    }
    return in_force->monthly_fen;
}

const std::vector<Step>& Steps() {
    static const std::vector<Step> steps = {
        {"limitation-interruptions", kDisputeWork,
         DatedWithReason<domain::LimitationInterrupted>(domain::DecideInterruptLimitation)},
        {"limitation-suspensions", kDisputeWork,
         [](StepInput& in) -> Result<DisputeEvents> {
             XFL_TRY(date, in.body.String("date", 10));
             XFL_TRY(until, in.body.String("until", 10));
             XFL_TRY(reason, in.body.String("reason", 1000));
             XFL_CHECK(in.body.Finish());
             return domain::DecideSuspendLimitation(in.state, {date, until, reason}, in.today);
         }},
        {"mediation-sessions", kMediation,
         [](StepInput& in) -> Result<DisputeEvents> {
             XFL_TRY(date, in.body.String("date", 10));
             XFL_TRY(mediator, in.body.String("mediator", 60));
             XFL_TRY(note, in.body.OptionalString("note", 2000));
             XFL_CHECK(in.body.Finish());
             return domain::DecideMediationSession(in.state, {date, mediator, note.value_or("")},
                                                   in.today);
         }},
        {"mediation-settlement", kMediation,
         [](StepInput& in) -> Result<DisputeEvents> {
             XFL_TRY(date, in.body.String("date", 10));
             XFL_TRY(mediator, in.body.String("mediator", 60));
             XFL_TRY(items, in.body.Objects("agreement", 24));
             domain::MediationSettled e{date, mediator, {}};
             for (JsonBody& item : items) {
                 XFL_TRY(amount, Amount(item, "amount_fen"));
                 XFL_TRY(due_on, item.String("due_on", 10));
                 XFL_CHECK(item.Finish());
                 e.agreement.push_back({amount, due_on});
             }
             XFL_CHECK(in.body.Finish());
             return domain::DecideSettleMediation(in.state, std::move(e), in.today);
         }},
        {"mediation-failure", kMediation,
         DatedWithReason<domain::MediationFailed>(domain::DecideFailMediation)},
        {"arbitration-application", kDisputeWork,
         Dated<domain::ArbitrationApplied>(domain::DecideApplyArbitration, "received_on")},
        {"acceptance", kDisputeWork,
         [](StepInput& in) -> Result<DisputeEvents> {
             XFL_TRY(date, in.body.String("date", 10));
             XFL_TRY(officer, in.body.String("officer", 60));
             XFL_CHECK(in.body.Finish());
             return domain::DecideAcceptArbitration(in.state, {date, officer}, in.today);
         }},
        {"refusal", kDisputeWork,
         DatedWithReason<domain::ArbitrationRefused>(domain::DecideRefuseArbitration)},
        {"tribunal", kDisputeWork,
         [](StepInput& in) -> Result<DisputeEvents> {
             XFL_TRY(date, in.body.String("date", 10));
             XFL_TRY(members, in.body.StringArray("members", 3));
             XFL_CHECK(in.body.Finish());
             return domain::DecideNotifyTribunal(in.state, {date, members}, in.today);
         }},
        {"service", kDisputeWork, Dated<domain::CopyServed>(domain::DecideServeCopy)},
        {"defence", kDisputeWork, Dated<domain::DefenceReceived>(domain::DecideReceiveDefence)},
        {"hearing", kDisputeWork,
         [](StepInput& in) -> Result<DisputeEvents> {
             XFL_TRY(hearing_on, in.body.String("hearing_on", 10));
             XFL_TRY(notified_on, in.body.String("notified_on", 10));
             XFL_CHECK(in.body.Finish());
             XFL_TRY(calendar, LoadWorkingDays(in.services));
             return domain::DecideScheduleHearing(in.state, {hearing_on, notified_on}, *calendar,
                                                  in.today);
         }},
        {"extension", kDisputeWork,
         [](StepInput& in) -> Result<DisputeEvents> {
             XFL_TRY(date, in.body.String("date", 10));
             XFL_TRY(approved_by, in.body.String("approved_by", 60));
             XFL_TRY(days, Amount(in.body, "days"));
             XFL_CHECK(in.body.Finish());
             return domain::DecideExtendAwardLimit(in.state, {date, approved_by, days}, in.today);
         }},
        {"suspension", kDisputeWork,
         DatedWithReason<domain::CaseSuspended>(domain::DecideSuspendCase)},
        {"resumption", kDisputeWork, Dated<domain::CaseResumed>(domain::DecideResumeCase)},
        {"award", kDisputeWork,
         [](StepInput& in) -> Result<DisputeEvents> {
             XFL_TRY(date, in.body.String("date", 10));
             XFL_TRY(granted, in.body.IntArray("granted_fen", 20));
             XFL_CHECK(in.body.Finish());
             XFL_TRY(minimum, MinimumWageOn(in.services, date));
             return domain::DecideAward(in.state, {date, granted, false, 0}, minimum, in.today);
         }},
        {"settlement", kDisputeWork,
         [](StepInput& in) -> Result<DisputeEvents> {
             XFL_TRY(date, in.body.String("date", 10));
             XFL_TRY(amount, Amount(in.body, "amount_fen"));
             XFL_CHECK(in.body.Finish());
             return domain::DecideSettleInArbitration(in.state, {date, amount}, in.today);
         }},
        {"withdrawal", kDisputeWork,
         DatedWithReason<domain::DisputeWithdrawn>(domain::DecideWithdraw)},
        {"transfer", kDisputeWork,
         DatedWithReason<domain::TransferredToInspection>(domain::DecideTransferToInspection)},
        {"enforcement", kDisputeWork,
         [](StepInput& in) -> Result<DisputeEvents> {
             XFL_TRY(date, in.body.String("date", 10));
             XFL_TRY(court, in.body.String("court", 100));
             XFL_CHECK(in.body.Finish());
             return domain::DecideRequestEnforcement(in.state, {date, court}, in.today);
         }},
        {"payments", kMediation,
         [](StepInput& in) -> Result<DisputeEvents> {
             XFL_TRY(date, in.body.String("date", 10));
             XFL_TRY(amount, Amount(in.body, "amount_fen"));
             XFL_CHECK(in.body.Finish());
             return domain::DecideRecoverPayment(in.state, {date, amount}, in.today);
         }},
    };
    return steps;
}

}  // namespace

void AddDisputeStepRoutes(RouteBuilder& routes, Services& services) {
    for (const Step& step : Steps()) {
        routes.Command(
            "POST", "/api/v1/disputes/{id}/" + std::string(step.path), step.roles,
            [&services, &step](RequestContext& ctx) -> Result<CommandSpec> {
                XFL_TRY(body, ReadJson(ctx));
                XFL_TRY(dispute, LoadDispute(services, ctx, ctx.request.path_params["id"]));
                XFL_CHECK(ctx.CheckIfMatch(dispute.version));
                // A mediator records mediation and the payments of its agreement, nothing after.
                if (!ctx.caller().Covers(kDisputeWork, dispute.region) &&
                    dispute.state.stage != "mediation" &&
                    dispute.state.stage != "mediation_settled") {
                    return OutOfScope();
                }
                StepInput in{body, dispute.state, services, domain::ChinaDay(ctx.now_us)};
                XFL_TRY(events, step.decide(in));
                return CommandSpec{domain::DisputeStreamId(dispute.state.filed.dispute_id),
                                   eventstore::ExpectedVersion::Exactly({dispute.version}),
                                   eventstore::MakeEvents(events, ctx.now_us), dispute.region,
                                   kDisputeReadModels};
            },
            [&services](RequestContext& ctx, const Commit& c) -> Result<HttpResponse> {
                return DisputeCommitted(services, ctx, c, 200);
            });
    }
}

}  // namespace xfl::api
