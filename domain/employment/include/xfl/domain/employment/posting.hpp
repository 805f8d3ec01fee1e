// Job postings (用工岗位): what an employer offers, how many seats, on what terms; and the seats
// placements fill. A posting's stream is where concurrent placements meet: a seat is filled by
// an append at the version the decision read, so the last seat goes to one placement only.
#pragma once

#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "xfl/domain/kernel/event_codec.hpp"
#include "xfl/domain/kernel/event_type.hpp"
#include "xfl/domain/kernel/json_payload.hpp"

namespace xfl::domain {

struct PostingOpened {
    static constexpr std::string_view kType = "posting.opened";
    // wage_unit: hour, day, month, piece. term: long_term, seasonal, gig. provides: meals,
    // lodging, transport, work_injury_insurance (拎包入住、送餐到岗、往返接送). source:
    // employer_visit (source_ref: the visit), employer_request, labour_platform (source_ref: the
    // posting number of the list it was imported from, if any). end_date:
    // empty for a long-term posting without one.
    // employer_name: the employer's name when the posting opened.
    std::string posting_id, employer_id, employer_name, title, trade, skill_level, region,
        wage_unit, start_date, end_date, term, source, source_ref;
    std::int64_t headcount = 0, wage_fen = 0;
    std::vector<std::string> provides;
    XFL_FIELDS(CEREAL_NVP(posting_id), CEREAL_NVP(employer_id), CEREAL_NVP(employer_name),
               CEREAL_NVP(title), CEREAL_NVP(trade), CEREAL_NVP(skill_level), CEREAL_NVP(region),
               CEREAL_NVP(wage_unit), CEREAL_NVP(start_date), CEREAL_NVP(end_date),
               CEREAL_NVP(term), CEREAL_NVP(source), CEREAL_NVP(source_ref), CEREAL_NVP(headcount),
               CEREAL_NVP(wage_fen), CEREAL_NVP(provides))
};

// A seat taken by a placement. The household's side follows from this event: `placement` is
// the household's record of it (a household.placement_started payload), appended to the
// household by whoever completes the placement, from the log if the server stopped between.
struct SeatFilled {
    static constexpr std::string_view kType = "posting.seat_filled";
    std::string placement_id, household_id, person_id, date, placement;
    XFL_FIELDS(CEREAL_NVP(placement_id), CEREAL_NVP(household_id), CEREAL_NVP(person_id),
               CEREAL_NVP(date), CEREAL_NVP(placement))
};

// A seat given back because the household could not take the placement after all (the member
// left, or another placement got there first); a posting closed as filled opens again.
struct SeatReleased {
    static constexpr std::string_view kType = "posting.seat_released";
    std::string placement_id, reason;
    XFL_FIELDS(CEREAL_NVP(placement_id), CEREAL_NVP(reason))
};

struct PostingClosed {
    static constexpr std::string_view kType = "posting.closed";
    std::string date, reason, note;  // reason: filled, withdrawn, expired
    XFL_FIELDS(CEREAL_NVP(date), CEREAL_NVP(reason), CEREAL_NVP(note))
};

using PostingEvent = std::variant<PostingOpened, SeatFilled, SeatReleased, PostingClosed>;

struct PostingState {
    bool exists = false;
    PostingOpened record;
    std::vector<std::string> seats;  // placement ids, in the order they were filled
    std::string closed_reason, closed_on;

    std::int64_t filled() const { return static_cast<std::int64_t>(seats.size()); }
    // open, partially_filled, filled, withdrawn, expired
    std::string Status() const;
    bool HasSeat(std::string_view placement_id) const;
};

PostingState Evolve(PostingState s, const PostingOpened& e);
PostingState Evolve(PostingState s, const SeatFilled& e);
PostingState Evolve(PostingState s, const SeatReleased& e);
PostingState Evolve(PostingState s, const PostingClosed& e);
PostingState Evolve(PostingState s, const PostingEvent& e);
Status ApplyPostingEvent(PostingState& state, const StoredEvent& event);

// ---- decisions; `today` is the caller's calendar day ----
// The posting as opened: checks every field (`known_trade` from the catalogue); the region is
// a county, township or village.
Result<std::vector<PostingEvent>> DecideOpenPosting(
    const PostingState& s, PostingOpened posting, std::int64_t today,
    const std::function<bool(std::string_view)>& known_trade);
// A seat for a placement starting on `start`: the posting must be open on that day and have a
// free seat; the last seat closes it as filled in the same append.
Result<std::vector<PostingEvent>> DecideFillSeat(const PostingState& s, SeatFilled seat,
                                                 std::int64_t today);
// No events when the placement holds no seat (released already).
Result<std::vector<PostingEvent>> DecideReleaseSeat(const PostingState& s, SeatReleased release);
Result<std::vector<PostingEvent>> DecideWithdrawPosting(const PostingState& s, std::string note,
                                                        std::int64_t today);
// The daily review: an open posting whose end date has passed closes as expired.
Result<std::vector<PostingEvent>> DecideExpirePosting(const PostingState& s, std::int64_t today);

// The schedule of a placement into a posting of `term`: full_time for long_term, else the term.
std::string ScheduleOfTerm(std::string_view term);

inline constexpr StreamKind kPostingStreams{"posting-"};
std::string PostingStreamId(std::string_view posting_id);

// The employment context's event types and stream kinds (employers, postings, trades).
Status RegisterEmploymentEvents(EventRegistry& registry);

}  // namespace xfl::domain
