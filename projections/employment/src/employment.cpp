#include "xfl/projections/employment/employment.hpp"

#include <stdexcept>

#include "xfl/domain/employment/employer.hpp"
#include "xfl/domain/employment/posting.hpp"
#include "xfl/domain/households/household.hpp"
#include "xfl/projections/core/decode_event.hpp"
#include "xfl/projections/core/delimited.hpp"

namespace xfl::projections {
namespace {

using eventstore::EventEnvelope;

std::string Num(std::int64_t n) { return std::to_string(n); }

std::vector<std::string_view> Fields(std::string_view bytes, std::size_t count,
                                     std::string_view key) {
    auto fields = SplitFields(bytes, count);
    if (!fields) throw std::runtime_error("corrupt read model entry " + std::string(key));
    return *fields;
}

// Reads a stored value's fields in order (a braced list evaluates left to right).
class FieldReader {
  public:
    FieldReader(std::string_view bytes, std::size_t count, std::string_view key)
        : fields_(Fields(bytes, count, key)) {}
    std::string Text() { return std::string(fields_.at(next_++)); }
    std::int64_t Int() { return ParseInt(fields_.at(next_++)); }
    std::vector<std::string> List() { return SplitList(fields_.at(next_++)); }
    bool Flag() { return fields_.at(next_++) == "1"; }
    std::string_view Raw() { return fields_.at(next_++); }

  private:
    std::vector<std::string_view> fields_;
    std::size_t next_ = 0;
};

// Visits the entries "<list><region…>" of regions starting with `region_prefix`, after
// `after` (a position: the key without `list`).
void ScanAfter(
    const StateView& view, std::string_view list, std::string_view region_prefix,
    const std::string& after,
    const std::function<bool(std::string_view position, std::string_view value)>& visit) {
    view.Scan(std::string(list) + std::string(region_prefix),
              [&](std::string_view key, std::string_view value) {
                  const std::string_view position = key.substr(list.size());
                  if (!after.empty() && position <= after) return true;
                  return visit(position, value);
              });
}

// ---- employers: "e/<region>/<employer>" → listing; "at/<employer>" → its key;
// "v/<region>/<date>/<employer>/<visit>" → a visit ----
std::string EncodeEmployer(const EmployerListing& e) {
    return JoinFields({e.employer_id, e.region, e.name, e.kind, e.industry, e.closed_on,
                       Num(e.registered_at_us)});
}
EmployerListing DecodeEmployer(std::string_view bytes, std::string_view key) {
    FieldReader r(bytes, 7, key);
    return {r.Text(), r.Text(), r.Text(), r.Text(), r.Text(), r.Text(), r.Int(), {}};
}

class EmployerIndex final : public Projection {
  public:
    std::string_view Name() const override { return kEmployerIndex; }
    std::uint32_t CodeVersion() const override { return 1; }
    void Apply(const EventEnvelope& e, StateWriter& state) override {
        const auto id = domain::kEmployerStreams.IdOf(e.stream_id);
        if (!id) return;
        const std::string employer(*id);
        if (e.type == domain::EmployerRegistered::kType) {
            const auto& r = DecodeEvent<domain::EmployerRegistered>(e);
            const std::string key = "e/" + r.region + "/" + employer;
            state.Put("at/" + employer, key);
            state.Put(
                key,
                EncodeEmployer(
                    {employer, r.region, r.name, r.kind, r.industry, "", e.recorded_at_us, {}}));
            return;
        }
        const auto key = state.Get("at/" + employer);
        if (!key) return;
        EmployerListing listing = DecodeEmployer(state.Get(*key).value_or(""), *key);
        if (e.type == domain::EmployerRenamed::kType) {
            listing.name = DecodeEvent<domain::EmployerRenamed>(e).name;
        } else if (e.type == domain::EmployerClosed::kType) {
            listing.closed_on = DecodeEvent<domain::EmployerClosed>(e).date;
        } else if (e.type == domain::EmployerVisited::kType) {
            const auto& v = DecodeEvent<domain::EmployerVisited>(e);
            std::int64_t vacancies = 0, postings = 0;
            for (const auto& vacancy : v.vacancies) {
                vacancies += vacancy.headcount;
                postings += vacancy.posting.posting_id.empty() ? 0 : 1;
            }
            state.Put("v/" + listing.region + "/" + v.date + "/" + employer + "/" + v.visit_id,
                      JoinFields({JoinList(v.services), Num(vacancies), Num(postings),
                                  Num(e.recorded_at_us)}));
            return;
        } else {
            return;
        }
        state.Put(*key, EncodeEmployer(listing));
    }
};

// ---- postings: "p/<region>/<posting>" → listing; "at/<posting>" → its key ----
std::string EncodeSeats(const std::vector<SeatTimes>& seats) {
    std::vector<std::string> items;
    for (const SeatTimes& s : seats)
        items.push_back(Num(s.filled_at_us) + ":" + Num(s.released_at_us) + ":" + s.filled_on);
    return JoinList(items);
}
std::vector<SeatTimes> DecodeSeats(std::string_view field) {
    std::vector<SeatTimes> seats;
    for (const std::string& item : SplitList(field)) {
        const std::string_view text(item);
        const std::size_t first = text.find(':');
        const std::size_t second = text.find(':', first + 1);
        seats.push_back({ParseInt(text.substr(0, first)),
                         ParseInt(text.substr(first + 1, second - first - 1)),
                         std::string(text.substr(second + 1))});
    }
    return seats;
}
std::string EncodePosting(const PostingListing& p) {
    return JoinFields({p.posting_id, p.employer_id, p.employer_name, p.region, p.title, p.trade,
                       p.term, p.wage_unit, p.start_date, p.end_date, p.closed_reason, p.closed_on,
                       Num(p.wage_fen), Num(p.headcount), Num(p.opened_at_us), Num(p.closed_at_us),
                       EncodeSeats(p.seats)});
}
PostingListing DecodePosting(std::string_view bytes, std::string_view key) {
    FieldReader r(bytes, 17, key);
    PostingListing p;
    for (std::string* text :
         {&p.posting_id, &p.employer_id, &p.employer_name, &p.region, &p.title, &p.trade, &p.term,
          &p.wage_unit, &p.start_date, &p.end_date, &p.closed_reason, &p.closed_on}) {
        *text = r.Text();
    }
    for (std::int64_t* number : {&p.wage_fen, &p.headcount, &p.opened_at_us, &p.closed_at_us}) {
        *number = r.Int();
    }
    p.seats = DecodeSeats(r.Raw());
    return p;
}

// Seats are told apart by their placement, kept beside the listing: "seat/<posting>/<placement>"
// → the seat's index in the listing.
class PostingIndex final : public Projection {
  public:
    std::string_view Name() const override { return kPostingIndex; }
    // v2: seats and closures keep their business dates (lists valid_on a day).
    std::uint32_t CodeVersion() const override { return 2; }
    void Apply(const EventEnvelope& e, StateWriter& state) override {
        const auto id = domain::kPostingStreams.IdOf(e.stream_id);
        if (!id) return;
        const std::string posting(*id);
        if (e.type == domain::PostingOpened::kType) {
            const auto& o = DecodeEvent<domain::PostingOpened>(e);
            const std::string key = "p/" + o.region + "/" + posting;
            state.Put("at/" + posting, key);
            state.Put(key, EncodePosting({posting,
                                          o.employer_id,
                                          o.employer_name,
                                          o.region,
                                          o.title,
                                          o.trade,
                                          o.term,
                                          o.wage_unit,
                                          o.start_date,
                                          o.end_date,
                                          "",
                                          "",
                                          o.wage_fen,
                                          o.headcount,
                                          e.recorded_at_us,
                                          0,
                                          {},
                                          {}}));
            return;
        }
        const auto key = state.Get("at/" + posting);
        if (!key) return;
        PostingListing p = DecodePosting(state.Get(*key).value_or(""), *key);
        if (e.type == domain::SeatFilled::kType) {
            const auto& seat = DecodeEvent<domain::SeatFilled>(e);
            state.Put("seat/" + posting + "/" + seat.placement_id,
                      Num(static_cast<std::int64_t>(p.seats.size())));
            p.seats.push_back({e.recorded_at_us, 0, seat.date});
        } else if (e.type == domain::SeatReleased::kType) {
            const auto& released = DecodeEvent<domain::SeatReleased>(e);
            const auto at = state.Get("seat/" + posting + "/" + released.placement_id);
            if (!at) return;
            p.seats.at(static_cast<std::size_t>(ParseInt(*at))).released_at_us = e.recorded_at_us;
            if (p.closed_reason == "filled") {
                p.closed_reason.clear();
                p.closed_on.clear();
                p.closed_at_us = 0;
            }
        } else if (e.type == domain::PostingClosed::kType) {
            const auto& closed = DecodeEvent<domain::PostingClosed>(e);
            p.closed_reason = closed.reason;
            p.closed_on = closed.date;
            p.closed_at_us = e.recorded_at_us;
        } else {
            return;
        }
        state.Put(*key, EncodePosting(p));
    }
};

// ---- placements: "r/<village>/<placement>" → listing; "pl/<placement>" → its key;
// "h/<household>" → village; "m/<household>/<person>" → the person's categories ----
std::string EncodePlacement(const PlacementListing& p) {
    return JoinFields({p.placement_id, p.household_id, p.person_id, p.village, p.kind, p.schedule,
                       p.posting_id, p.employer_id, p.trade, p.start_date, p.ended_on, p.end_reason,
                       p.post_type, JoinList(p.categories), Num(p.started_at_us),
                       Num(p.ended_at_us), p.cleared_household ? "1" : "0"});
}
PlacementListing DecodePlacement(std::string_view bytes, std::string_view key) {
    FieldReader r(bytes, 17, key);
    return {r.Text(), r.Text(), r.Text(), r.Text(), r.Text(), r.Text(),
            r.Text(), r.Text(), r.Text(), r.Text(), r.Text(), r.Text(),
            r.Text(), r.List(), r.Int(),  r.Int(),  r.Flag(), {}};
}

class PlacementIndex final : public Projection {
  public:
    std::string_view Name() const override { return kPlacementIndex; }
    std::uint32_t CodeVersion() const override { return 1; }
    void Apply(const EventEnvelope& e, StateWriter& state) override {
        const auto id = domain::kHouseholdStreams.IdOf(e.stream_id);
        if (!id) return;
        const std::string household(*id);
        if (e.type == domain::HouseholdRegistered::kType) {
            state.Put("h/" + household, DecodeEvent<domain::HouseholdRegistered>(e).region);
        } else if (e.type == domain::MemberAdded::kType) {
            const auto& m = DecodeEvent<domain::MemberAdded>(e);
            state.Put("m/" + household + "/" + m.person_id, JoinList(m.categories));
        } else if (e.type == domain::MemberUpdated::kType) {
            const auto& m = DecodeEvent<domain::MemberUpdated>(e);
            state.Put("m/" + household + "/" + m.person_id, JoinList(m.categories));
        } else if (e.type == domain::PlacementStarted::kType) {
            const auto& p = DecodeEvent<domain::PlacementStarted>(e);
            const std::string village = state.Get("h/" + household).value_or("");
            const std::string key = "r/" + village + "/" + p.placement_id;
            state.Put("pl/" + p.placement_id, key);
            state.Put(key,
                      EncodePlacement(
                          {p.placement_id,
                           household,
                           p.person_id,
                           village,
                           p.kind,
                           p.schedule,
                           p.posting_id,
                           p.employer_id,
                           p.trade,
                           p.start_date,
                           "",
                           "",
                           p.post_type,
                           SplitList(state.Get("m/" + household + "/" + p.person_id).value_or("")),
                           e.recorded_at_us,
                           0,
                           false,
                           {}}));
        } else if (e.type == domain::PlacementEnded::kType) {
            const auto& ended = DecodeEvent<domain::PlacementEnded>(e);
            Update(state, ended.placement_id, [&](PlacementListing& p) {
                p.ended_on = ended.date;
                p.end_reason = ended.reason;
                p.ended_at_us = e.recorded_at_us;
            });
        } else if (e.type == domain::ZeroEmploymentCleared::kType) {
            const auto& cleared = DecodeEvent<domain::ZeroEmploymentCleared>(e);
            constexpr std::string_view kByPlacement = "placement:";
            if (!cleared.cause.starts_with(kByPlacement)) return;
            Update(state, cleared.cause.substr(kByPlacement.size()),
                   [](PlacementListing& p) { p.cleared_household = true; });
        }
    }

  private:
    template <class Change>
    static void Update(StateWriter& state, const std::string& placement, Change change) {
        const auto key = state.Get("pl/" + placement);
        if (!key) return;
        PlacementListing p = DecodePlacement(state.Get(*key).value_or(""), *key);
        change(p);
        state.Put(*key, EncodePlacement(p));
    }
};

// ---- follow-ups: "s/<placement>" → posting (a seat whose household side is not yet seen);
// "o/<posting>" → employer (a posting a visit opened, not yet seen). A completion seen first
// (streams in different Kafka partitions keep no order between them) leaves "done/<id>".
class EmploymentFollowUps final : public Projection {
  public:
    std::string_view Name() const override { return kEmploymentFollowUps; }
    std::uint32_t CodeVersion() const override { return 1; }
    void Apply(const EventEnvelope& e, StateWriter& state) override {
        if (e.type == domain::SeatFilled::kType) {
            const auto& seat = DecodeEvent<domain::SeatFilled>(e);
            Open(state, "s/", seat.placement_id,
                 std::string(domain::kPostingStreams.IdOf(e.stream_id).value_or("")));
        } else if (e.type == domain::PlacementStarted::kType) {
            const auto& p = DecodeEvent<domain::PlacementStarted>(e);
            if (!p.posting_id.empty()) Complete(state, "s/", p.placement_id);
        } else if (e.type == domain::SeatReleased::kType) {
            Complete(state, "s/", DecodeEvent<domain::SeatReleased>(e).placement_id);
        } else if (e.type == domain::EmployerVisited::kType) {
            const std::string employer(domain::kEmployerStreams.IdOf(e.stream_id).value_or(""));
            for (const auto& v : DecodeEvent<domain::EmployerVisited>(e).vacancies) {
                if (!v.posting.posting_id.empty())
                    Open(state, "o/", v.posting.posting_id, employer);
            }
        } else if (e.type == domain::PostingOpened::kType) {
            const auto& p = DecodeEvent<domain::PostingOpened>(e);
            if (p.source == "employer_visit") Complete(state, "o/", p.posting_id);
        }
    }

  private:
    static void Open(StateWriter& state, const std::string& list, const std::string& subject,
                     const std::string& source) {
        if (state.Get("done/" + list + subject)) {
            state.Delete("done/" + list + subject);
        } else {
            state.Put(list + subject, source);
        }
    }
    static void Complete(StateWriter& state, const std::string& list, const std::string& subject) {
        if (state.Get(list + subject)) {
            state.Delete(list + subject);
        } else {
            state.Put("done/" + list + subject, "");
        }
    }
};

}  // namespace

std::unique_ptr<Projection> MakeEmployerIndexProjection() {
    return std::make_unique<EmployerIndex>();
}
std::unique_ptr<Projection> MakePostingIndexProjection() {
    return std::make_unique<PostingIndex>();
}
std::unique_ptr<Projection> MakePlacementIndexProjection() {
    return std::make_unique<PlacementIndex>();
}
std::unique_ptr<Projection> MakeEmploymentFollowUpsProjection() {
    return std::make_unique<EmploymentFollowUps>();
}

void ScanEmployers(const StateView& index, std::string_view region_prefix, const std::string& after,
                   const std::function<bool(const EmployerListing&)>& visit) {
    ScanAfter(index, "e/", region_prefix, after,
              [&](std::string_view position, std::string_view value) {
                  EmployerListing e = DecodeEmployer(value, position);
                  e.position = std::string(position);
                  return visit(e);
              });
}

std::optional<std::string> RegionOfEmployer(const StateView& index, std::string_view employer_id) {
    auto key = index.Get("at/" + std::string(employer_id));
    if (!key) return std::nullopt;
    return key->substr(2, 12);
}

std::optional<EmployerListing> FindEmployer(const StateView& index, std::string_view employer_id) {
    auto key = index.Get("at/" + std::string(employer_id));
    if (!key) return std::nullopt;
    auto value = index.Get(*key);
    if (!value) return std::nullopt;
    EmployerListing e = DecodeEmployer(*value, *key);
    e.position = *key;
    return e;
}

void ScanEmployerVisits(const StateView& index, std::string_view region_prefix,
                        const std::function<bool(const EmployerVisitListing&)>& visit) {
    index.Scan("v/" + std::string(region_prefix),
               [&](std::string_view key, std::string_view value) {
                   // key: v/<region>/<date>/<employer>/<visit>
                   std::vector<std::string> parts;
                   std::string_view rest = key.substr(2);
                   for (std::size_t slash; (slash = rest.find('/')) != std::string_view::npos;) {
                       parts.emplace_back(rest.substr(0, slash));
                       rest.remove_prefix(slash + 1);
                   }
                   parts.emplace_back(rest);
                   if (parts.size() != 4)
                       throw std::runtime_error("corrupt visit entry " + std::string(key));
                   auto f = Fields(value, 4, key);
                   return visit({parts[2], parts[3], parts[0], parts[1], SplitList(f[0]),
                                 ParseInt(f[1]), ParseInt(f[2]), ParseInt(f[3])});
               });
}

namespace {

// A business date on or before `valid_on` ("YYYY-MM-DD", compared as text); any date when
// `valid_on` is empty.
bool DatedBy(const std::string& date, const std::string& valid_on) {
    return valid_on.empty() || date <= valid_on;
}

}  // namespace

bool PostingListing::ExistedAt(std::int64_t at_us, const std::string& valid_on) const {
    return opened_at_us <= at_us && DatedBy(start_date, valid_on);
}

std::int64_t PostingListing::FilledAt(std::int64_t at_us, const std::string& valid_on) const {
    std::int64_t n = 0;
    for (const SeatTimes& s : seats) {
        // A release has no date of its own: once recorded, the seat never held, whatever the day.
        const bool released = s.released_at_us != 0 && s.released_at_us <= at_us;
        if (s.filled_at_us <= at_us && !released && DatedBy(s.filled_on, valid_on)) ++n;
    }
    return n;
}

std::string PostingListing::StatusAt(std::int64_t at_us, const std::string& valid_on) const {
    if (!closed_reason.empty() && closed_at_us <= at_us && DatedBy(closed_on, valid_on)) {
        return closed_reason;
    }
    const std::int64_t filled = FilledAt(at_us, valid_on);
    if (filled >= headcount) return "filled";
    return filled == 0 ? "open" : "partially_filled";
}

void ScanPostings(const StateView& index, std::string_view region_prefix, const std::string& after,
                  const std::function<bool(const PostingListing&)>& visit) {
    ScanAfter(index, "p/", region_prefix, after,
              [&](std::string_view position, std::string_view value) {
                  PostingListing p = DecodePosting(value, position);
                  p.position = std::string(position);
                  return visit(p);
              });
}

std::optional<std::string> RegionOfPosting(const StateView& index, std::string_view posting_id) {
    auto key = index.Get("at/" + std::string(posting_id));
    if (!key) return std::nullopt;
    return key->substr(2, 12);
}

void ScanPlacements(const StateView& index, std::string_view region_prefix,
                    const std::string& after,
                    const std::function<bool(const PlacementListing&)>& visit) {
    ScanAfter(index, "r/", region_prefix, after,
              [&](std::string_view position, std::string_view value) {
                  PlacementListing p = DecodePlacement(value, position);
                  p.position = std::string(position);
                  return visit(p);
              });
}

std::optional<std::string> HouseholdOfPlacement(const StateView& index,
                                                std::string_view placement_id) {
    auto key = index.Get("pl/" + std::string(placement_id));
    if (!key) return std::nullopt;
    auto value = index.Get(*key);
    if (!value) return std::nullopt;
    return std::string(Fields(*value, 2, *key)[1]);
}

void ScanFollowUps(const StateView& follow_ups, const std::function<bool(const FollowUp&)>& visit) {
    bool go_on = true;
    follow_ups.Scan("s/", [&](std::string_view key, std::string_view value) {
        go_on = visit(
            {FollowUp::Kind::kSeatToHousehold, std::string(key.substr(2)), std::string(value)});
        return go_on;
    });
    if (!go_on) return;
    follow_ups.Scan("o/", [&](std::string_view key, std::string_view value) {
        return visit(
            {FollowUp::Kind::kVisitToPosting, std::string(key.substr(2)), std::string(value)});
    });
}

}  // namespace xfl::projections
