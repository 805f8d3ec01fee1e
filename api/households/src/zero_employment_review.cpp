// The daily review of flagged households, for what time alone changes.
#include "households_policy.hpp"
#include "xfl/api/households/households.hpp"
#include "xfl/domain/households/household.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/projections/households/households.hpp"

namespace xfl::api {

Result<std::size_t> ReviewZeroEmployment(Services& services, std::int64_t now_us) {
    const std::int64_t today = domain::ChinaDay(now_us);
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
        XFL_TRY(events, services.Stream(stream));
        XFL_TRY(state, Fold<domain::HouseholdState>(events, domain::ApplyHouseholdEvent));
        XFL_TRY(decided,
                domain::DecideReevaluateZeroEmployment(state, today, kZeroEmploymentPolicy));
        if (decided.empty() || events.empty()) continue;
        auto appended = services.log.Append(
            {stream, eventstore::ExpectedVersion::Exactly(events.back().version),
             eventstore::MakeEvents(decided, now_us),
             "zero-employment-review/" + household + "/" + domain::FormatDate(today),
             kSystemActor});
        if (appended.ok()) {
            if (!appended->duplicate) ++cleared;
        } else if (appended.error().code != Errc::kConflict) {
            return std::move(appended).error();
        }
    }
    if (cleared > 0) {
        services.runner.WaitFor(services.log.Head(), services.config.read_your_writes_wait);
    }
    return cleared;
}

}  // namespace xfl::api
