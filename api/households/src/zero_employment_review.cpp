// The daily review of flagged households, for what time alone changes.
#include "routes.hpp"
#include "xfl/api/households/households.hpp"
#include "xfl/domain/households/household.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/projections/households/households.hpp"

namespace xfl::api {

namespace {
constexpr std::string_view kReviewJob = "zero-employment-review";
}  // namespace

Result<std::size_t> ReviewZeroEmployment(Services& services, std::int64_t now_us) {
    const std::int64_t today = domain::ChinaDay(now_us);
    const JobRun run(kReviewJob, now_us, JobPeriod::kDay);
    std::vector<std::string> flagged;
    projections::ScanZeroEmployment(
        *services.store.View(projections::kZeroEmploymentBoard), projections::EpisodeList::kOpen,
        "", {}, [&](const std::string&, const projections::ZeroEmploymentEpisode& ep) {
            flagged.push_back(ep.household_id);
            return true;
        });
    std::size_t cleared = 0;
    for (const std::string& household : flagged) {
        const std::string stream = domain::HouseholdStreamId(household);
        if (!services.log.Writes(stream)) continue;  // its own node reviews it
        auto appended = services.commands.Execute(
            Authority::As(kSystemActor),
            [&]() -> Result<CommandSpec> {
                XFL_TRY(loaded, services.Current<domain::HouseholdState>(
                                    stream, domain::ApplyHouseholdEvent));
                XFL_TRY(decided, domain::DecideReevaluateZeroEmployment(
                                     loaded.state, today, domain::kZeroEmploymentPolicy));
                return CommandSpec{stream, loaded.Expected(),
                                   eventstore::MakeEvents(decided, now_us), std::nullopt,
                                   kHouseholdReadModels};
            },
            {run.CommandId(household)});
        if (appended.ok()) {
            if (!appended->unchanged && !appended->result.duplicate) ++cleared;
        } else if (appended.error().code != Errc::kConflict) {
            return std::move(appended).error();
        }
    }
    return cleared;
}

Job ZeroEmploymentReviewJob() {
    return {kReviewJob, std::chrono::hours(1), JobPeriod::kDay,
            [](Services& services, const JobRun& run) -> Result<std::string> {
                XFL_TRY(cleared, ReviewZeroEmployment(services, run.now_us));
                if (cleared == 0) return std::string();
                return "cleared " + std::to_string(cleared) +
                       " household(s) whose last seeker left working age";
            }};
}

}  // namespace xfl::api
