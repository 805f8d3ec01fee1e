#include "xfl/domain/employment/posting.hpp"

#include <algorithm>

#include "xfl/domain/employment/employer.hpp"
#include "xfl/domain/employment/trade.hpp"
#include "xfl/domain/kernel/checks.hpp"
#include "xfl/domain/kernel/region_code.hpp"
#include "xfl/domain/kernel/time.hpp"

namespace xfl::domain {
namespace {

using Events = std::vector<PostingEvent>;

constexpr std::int64_t kMaxHeadcount = 10'000;
// A wage above 1,000,000 yuan per unit is a typing error.
constexpr std::int64_t kMaxWageFen = 100'000'000;

bool OneOf(std::string_view value, std::initializer_list<std::string_view> known) {
    return std::find(known.begin(), known.end(), value) != known.end();
}

Error NoPosting() { return Error::Make(Errc::kNotFound, "no such posting"); }

Status CheckPostingFields(const PostingOpened& p,
                          const std::function<bool(std::string_view)>& known_trade) {
    if (Status ok = CheckRequiredLine(p.title, "title", 100); !ok.ok()) return ok;
    if (!known_trade(p.trade)) return RuleBroken("trade", "is not a known trade");
    if (!IsSkillLevel(p.skill_level)) {
        return InvalidField("skill_level", std::string(kSkillLevelsText));
    }
    if (p.headcount <= 0 || p.headcount > kMaxHeadcount) {
        return InvalidField("headcount", "1 to 10000");
    }
    if (p.wage_fen < 0 || p.wage_fen > kMaxWageFen) {
        return InvalidField("wage_fen", "0 to 100000000 fen (1,000,000 yuan)");
    }
    if (!OneOf(p.wage_unit, {"hour", "day", "month", "piece"})) {
        return InvalidField("wage_unit", "one of hour, day, month, piece");
    }
    if (!OneOf(p.term, {"long_term", "seasonal", "gig"})) {
        return InvalidField("term", "one of long_term, seasonal, gig");
    }
    for (std::size_t i = 0; i < p.provides.size(); ++i) {
        if (!OneOf(p.provides[i], {"meals", "lodging", "transport", "work_injury_insurance"})) {
            return InvalidField("provides[" + std::to_string(i) + "]",
                                "one of meals, lodging, transport, work_injury_insurance");
        }
    }
    if (!OneOf(p.source, {"employer_visit", "employer_request", "labour_platform"})) {
        return InvalidField("source", "one of employer_visit, employer_request, labour_platform");
    }
    auto region = RegionCode::Parse(p.region, "region");
    if (!region.ok()) return std::move(region).error();
    if (region->level() == RegionLevel::kCity) {
        return RuleBroken("region", "a posting's work location is a county, township or village");
    }
    auto start = ParseDate(p.start_date, "start_date");
    if (!start.ok()) return std::move(start).error();
    if (p.end_date.empty()) {
        if (p.term != "long_term") return InvalidField("end_date", "a " + p.term + " posting ends");
        return {};
    }
    auto end = ParseDate(p.end_date, "end_date");
    if (!end.ok()) return std::move(end).error();
    if (*end < *start) return RuleBroken("end_date", "is before start_date");
    return {};
}

}  // namespace

std::string PostingState::Status() const {
    if (!closed_reason.empty()) return closed_reason;
    // Every seat held is filled, also on a day before the closure that says so (valid_on).
    if (filled() >= record.headcount) return "filled";
    return seats.empty() ? "open" : "partially_filled";
}

bool PostingState::HasSeat(std::string_view placement_id) const {
    return std::find(seats.begin(), seats.end(), placement_id) != seats.end();
}

PostingState Evolve(PostingState s, const PostingOpened& e) {
    s.exists = true;
    s.record = e;
    return s;
}
PostingState Evolve(PostingState s, const SeatFilled& e) {
    s.seats.push_back(e.placement_id);
    return s;
}
PostingState Evolve(PostingState s, const SeatReleased& e) {
    std::erase(s.seats, e.placement_id);
    if (s.closed_reason == "filled") {
        s.closed_reason.clear();
        s.closed_on.clear();
    }
    return s;
}
PostingState Evolve(PostingState s, const PostingClosed& e) {
    s.closed_reason = e.reason;
    s.closed_on = e.date;
    return s;
}
PostingState Evolve(PostingState s, const PostingEvent& e) {
    return std::visit([&](const auto& event) { return Evolve(std::move(s), event); }, e);
}

Status ApplyPostingEvent(PostingState& state, const StoredEvent& event) {
    return ApplyAny<PostingState, PostingOpened, SeatFilled, SeatReleased, PostingClosed>(state,
                                                                                          event);
}

Result<std::vector<PostingEvent>> DecideOpenPosting(
    const PostingState& s, PostingOpened posting, std::int64_t today,
    const std::function<bool(std::string_view)>& known_trade) {
    if (s.exists) return Error::Make(Errc::kAlreadyExists, "the posting exists already");
    if (Status ok = CheckPostingFields(posting, known_trade); !ok.ok()) {
        return std::move(ok).error();
    }
    if (!posting.end_date.empty() && DayOr(posting.end_date, today) < today) {
        return RuleBroken("end_date", "has passed: a posting is opened for work still to come");
    }
    return Events{std::move(posting)};
}

Result<std::vector<PostingEvent>> DecideFillSeat(const PostingState& s, SeatFilled seat,
                                                 std::int64_t today) {
    if (!s.exists) return NoPosting();
    if (s.HasSeat(seat.placement_id)) return Events{};  // the same placement, retried
    if (!s.closed_reason.empty()) {
        return RuleBroken("posting_id", s.closed_reason == "filled"
                                            ? "all " + std::to_string(s.record.headcount) +
                                                  " seats of the posting are filled"
                                            : "the posting is closed (" + s.closed_reason + ")");
    }
    auto start = PastOrToday(seat.date, "start_date", today);
    if (!start.ok()) return std::move(start).error();
    if (*start < DayOr(s.record.start_date, *start)) {
        return RuleBroken("start_date", "the posting opens on " + s.record.start_date);
    }
    if (!s.record.end_date.empty() && *start > DayOr(s.record.end_date, *start)) {
        return RuleBroken("start_date", "the posting ended on " + s.record.end_date);
    }
    Events events{std::move(seat)};
    if (s.filled() + 1 == s.record.headcount) {
        events.push_back(PostingClosed{FormatDate(today), "filled", ""});
    }
    return events;
}

Result<std::vector<PostingEvent>> DecideReleaseSeat(const PostingState& s, SeatReleased release) {
    if (!s.exists) return NoPosting();
    if (!s.HasSeat(release.placement_id)) return Events{};
    return Events{std::move(release)};
}

Result<std::vector<PostingEvent>> DecideWithdrawPosting(const PostingState& s, std::string note,
                                                        std::int64_t today) {
    if (!s.exists) return NoPosting();
    if (!s.closed_reason.empty()) {
        return RuleBroken("posting", "the posting is closed already (" + s.closed_reason + ")");
    }
    if (Status ok = CheckRequiredLine(note, "reason", 500); !ok.ok()) return std::move(ok).error();
    return Events{PostingClosed{FormatDate(today), "withdrawn", std::move(note)}};
}

Result<std::vector<PostingEvent>> DecideExpirePosting(const PostingState& s, std::int64_t today) {
    if (!s.exists) return NoPosting();
    if (!s.closed_reason.empty() || s.record.end_date.empty() ||
        DayOr(s.record.end_date, today) >= today) {
        return Events{};
    }
    return Events{PostingClosed{FormatDate(today), "expired", ""}};
}

std::string ScheduleOfTerm(std::string_view term) {
    return term == "long_term" ? "full_time" : std::string(term);
}

std::string PostingStreamId(std::string_view posting_id) { return kPostingStreams.Of(posting_id); }

Status RegisterEmploymentEvents(EventRegistry& registry) {
    constexpr std::string_view kContext = "employment";
    for (const StreamKind& kind : {kEmployerStreams, kPostingStreams, kTradeStreams}) {
        if (Status s = registry.AddStreams(kind, kContext); !s.ok()) return s;
    }
    return registry
        .Add<EmployerRegistered, EmployerRenamed, EmployerContactChanged, EmployerClosed,
             EmployerVisited, PostingOpened, SeatFilled, SeatReleased, PostingClosed, TradeAdded>(
            kContext);
}

}  // namespace xfl::domain
