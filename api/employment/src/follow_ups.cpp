// The second append of a connected pair, driven by the log: a filled seat's placement recorded
// in the household, a posting a visit opened. Requests complete their own pairs at once; the
// follow-up job completes what a stop left half done.
#include "routes.hpp"
#include "xfl/api/employment/employment.hpp"
#include "xfl/domain/households/placement.hpp"
#include "xfl/domain/kernel/time.hpp"

namespace xfl::api {
namespace {

constexpr std::string_view kFollowUpJob = "employment-follow-ups";
constexpr std::string_view kExpiryJob = "posting-expiry";

// The posting's seat for `placement_id`, and the posting's state, read from the log.
struct SeatOnLog {
    domain::PostingState posting;
    std::uint64_t version = 0;
    std::optional<domain::SeatFilled> seat;  // none: no seat, or given back
};

Result<SeatOnLog> ReadSeat(Services& services, const std::string& posting_id,
                           const std::string& placement_id) {
    XFL_TRY(events, services.Stream(domain::PostingStreamId(posting_id)));
    XFL_TRY(loaded, LoadFrom<domain::PostingState>(events, domain::ApplyPostingEvent));
    SeatOnLog out{std::move(loaded.state), loaded.version, std::nullopt};
    if (!out.posting.HasSeat(placement_id)) return out;
    for (const auto& e : events) {
        if (e.type != domain::SeatFilled::kType) continue;
        XFL_TRY(seat, domain::DecodeStored<domain::SeatFilled>(e.schema_version, e.payload));
        if (seat.placement_id == placement_id) out.seat = std::move(seat);
    }
    return out;
}

bool IsRejection(Errc code) {
    return code == Errc::kRuleViolated || code == Errc::kInvalidArgument || code == Errc::kNotFound;
}

}  // namespace

Result<Commit> CompleteSeat(Services& services, const Authority& who, const std::string& posting_id,
                            const std::string& placement_id, std::int64_t now_us) {
    XFL_TRY(on_log, ReadSeat(services, posting_id, placement_id));
    if (!on_log.seat) {
        // Given back meanwhile (by a request or another run): a conflict, not a release of ours.
        return Error::Make(Errc::kConflict, "posting " + posting_id + " holds no seat for " +
                                                placement_id + " any more");
    }
    const domain::SeatFilled& seat = *on_log.seat;
    XFL_TRY(placement, domain::FromJsonPayload<domain::PlacementStarted>(seat.placement));
    const std::string household_stream = domain::HouseholdStreamId(seat.household_id);
    auto recorded = services.commands.Execute(
        who,
        [&]() -> Result<CommandSpec> {
            XFL_TRY(loaded, services.Current<domain::HouseholdState>(household_stream,
                                                                     domain::ApplyHouseholdEvent));
            XFL_TRY(decided,
                    domain::DecideStartPlacement(loaded.state, placement, domain::ChinaDay(now_us),
                                                 domain::kZeroEmploymentPolicy));
            XFL_TRY(region, domain::RegionCode::Parse(loaded.state.region));
            return CommandSpec{household_stream, loaded.Expected(),
                               eventstore::MakeEvents(decided, now_us), region,
                               kPlacementReadModels};
        },
        {"placement/" + placement_id + "/household", 5});
    if (recorded.ok() || !IsRejection(recorded.error().code)) return recorded;
    // The household cannot take the placement any more: the seat goes back to the posting.
    const Error why = recorded.error();
    auto released = services.commands.Execute(
        Authority::As(kSystemActor),
        [&]() -> Result<CommandSpec> {
            XFL_TRY(now, ReadSeat(services, posting_id, placement_id));
            XFL_TRY(decided, domain::DecideReleaseSeat(now.posting, {placement_id, why.message}));
            return CommandSpec{domain::PostingStreamId(posting_id),
                               eventstore::ExpectedVersion::Exactly({now.version}),
                               eventstore::MakeEvents(decided, now_us), std::nullopt,
                               kPostingReadModels};
        },
        {"placement/" + placement_id + "/release", 5});
    if (!released.ok()) return std::move(released).error();
    return why;
}

Result<Commit> OpenVisitPosting(Services& services, const Authority& who,
                                const std::string& employer_id, const std::string& posting_id,
                                std::int64_t now_us) {
    XFL_TRY(employer, services.Current<domain::EmployerState>(domain::EmployerStreamId(employer_id),
                                                              domain::ApplyEmployerEvent));
    const domain::PostingOpened* posting = nullptr;
    for (const auto& visit : employer.state.visits) {
        for (const auto& vacancy : visit.vacancies) {
            if (vacancy.posting.posting_id == posting_id) posting = &vacancy.posting;
        }
    }
    if (posting == nullptr) {
        return Error::Make(Errc::kNotFound,
                           "no visit of employer " + employer_id + " opens posting " + posting_id);
    }
    XFL_TRY(region, domain::RegionCode::Parse(posting->region));
    return services.commands.Execute(
        who,
        [&]() -> Result<CommandSpec> {
            const std::string stream = domain::PostingStreamId(posting_id);
            XFL_TRY(head, services.log.StreamHead(stream));
            // Opened already (by the request, or an earlier run): nothing to append.
            if (head.value > 0) {
                return CommandSpec{stream, eventstore::ExpectedVersion::Any(), {}, region, {}};
            }
            // Checked with the visit when it was recorded; the posting opens as it was decided.
            return CommandSpec{stream,
                               eventstore::ExpectedVersion::NoStream(),
                               {MakeEvent(*posting, now_us)},
                               region,
                               kPostingReadModels};
        },
        {"visit-posting/" + posting_id, 3});
}

Result<FollowUpRun> CompleteFollowUps(Services& services, std::int64_t now_us) {
    std::vector<projections::FollowUp> pending;
    projections::ScanFollowUps(*services.store.View(projections::kEmploymentFollowUps),
                               [&](const projections::FollowUp& f) {
                                   pending.push_back(f);
                                   return true;
                               });
    FollowUpRun run;
    const Authority system = Authority::As(kSystemActor);
    for (const auto& f : pending) {
        const bool seat = f.kind == projections::FollowUp::Kind::kSeatToHousehold;
        const std::string stream =
            seat ? domain::PostingStreamId(f.source) : domain::EmployerStreamId(f.source);
        if (!services.log.Writes(stream)) continue;  // its own node completes it
        auto done = seat ? CompleteSeat(services, system, f.source, f.subject, now_us)
                         : OpenVisitPosting(services, system, f.source, f.subject, now_us);
        if (done.ok()) {
            if (done->unchanged || done->result.duplicate) continue;
            ++(seat ? run.placements_recorded : run.postings_opened);
        } else if (seat && IsRejection(done.error().code)) {
            ++run.seats_released;
        } else if (done.error().code != Errc::kConflict) {
            return std::move(done).error();
        }
    }
    return run;
}

Result<std::size_t> ExpirePostings(Services& services, std::int64_t now_us) {
    const std::int64_t today = domain::ChinaDay(now_us);
    const JobRun run(kExpiryJob, now_us, JobPeriod::kDay);
    std::vector<std::string> due;
    const std::string today_text = domain::FormatDate(today);
    projections::ScanPostings(
        *services.store.View(projections::kPostingIndex), "", {},
        [&](const projections::PostingListing& p) {
            if (p.closed_reason.empty() && !p.end_date.empty() && p.end_date < today_text) {
                due.push_back(p.posting_id);
            }
            return true;
        });
    std::size_t expired = 0;
    for (const std::string& posting : due) {
        const std::string stream = domain::PostingStreamId(posting);
        if (!services.log.Writes(stream)) continue;
        auto appended = services.commands.Execute(
            Authority::As(kSystemActor),
            [&]() -> Result<CommandSpec> {
                XFL_TRY(loaded,
                        services.Current<domain::PostingState>(stream, domain::ApplyPostingEvent));
                XFL_TRY(decided, domain::DecideExpirePosting(loaded.state, today));
                return CommandSpec{stream, loaded.Expected(),
                                   eventstore::MakeEvents(decided, now_us), std::nullopt,
                                   kPostingReadModels};
            },
            {run.CommandId(posting)});
        if (appended.ok()) {
            if (!appended->unchanged && !appended->result.duplicate) ++expired;
        } else if (appended.error().code != Errc::kConflict) {
            return std::move(appended).error();
        }
    }
    return expired;
}

std::vector<Job> EmploymentJobs() {
    return {{kFollowUpJob, std::chrono::seconds(10), JobPeriod::kHour,
             [](Services& services, const JobRun& run) -> Result<std::string> {
                 XFL_TRY(done, CompleteFollowUps(services, run.now_us));
                 if (done.placements_recorded + done.seats_released + done.postings_opened == 0) {
                     return std::string();
                 }
                 return "completed " + std::to_string(done.placements_recorded) +
                        " placement(s), released " + std::to_string(done.seats_released) +
                        " seat(s), opened " + std::to_string(done.postings_opened) +
                        " posting(s) left half done";
             }},
            {kExpiryJob, std::chrono::hours(1), JobPeriod::kDay,
             [](Services& services, const JobRun& run) -> Result<std::string> {
                 XFL_TRY(expired, ExpirePostings(services, run.now_us));
                 if (expired == 0) return std::string();
                 return "closed " + std::to_string(expired) + " posting(s) past their end date";
             }}};
}

}  // namespace xfl::api
