#include "xfl/projections/households/households.hpp"

#include <cstdio>

#include "board_history.hpp"
#include "household_of.hpp"
#include "xfl/domain/households/household.hpp"
#include "xfl/domain/kernel/json_payload.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/projections/core/decode_event.hpp"
#include "xfl/projections/core/delimited.hpp"
#include "xfl/projections/core/region_counters.hpp"

namespace xfl::projections {
namespace {

using domain::FromJsonPayload;
using domain::ToJsonPayload;
using eventstore::EventEnvelope;

std::string PersonKey(std::string_view village, std::string_view household,
                      std::string_view person) {
    return "pv/" + std::string(village) + "/" + std::string(household) + "/" + std::string(person);
}

std::string LedgerKey(std::string_view village, std::string_view ledger_number) {
    return "ln/" + std::string(village) + "/" + std::string(ledger_number);
}

// Episodes are stored delimited: a board query reads thousands of them.
std::string EncodeEpisode(const ZeroEmploymentEpisode& ep) {
    return JoinFields({ep.household_id, ep.region, ep.since, std::to_string(ep.flagged_at_us),
                       ep.plan_opened, std::to_string(ep.plan_recorded_at_us), ep.cleared,
                       std::to_string(ep.cleared_at_us), ep.clear_reason, ep.clear_cause});
}

std::optional<ZeroEmploymentEpisode> DecodeEpisode(std::string_view bytes) {
    auto f = SplitFields(bytes, 10);
    if (!f) return std::nullopt;
    auto text = [&](std::size_t i) { return std::string((*f)[i]); };
    return ZeroEmploymentEpisode{
        text(0),           text(1), text(2),           ParseInt((*f)[3]), text(4),
        ParseInt((*f)[5]), text(6), ParseInt((*f)[7]), text(8),           text(9)};
}

// Keys: "r/<household>" → village; "rid/<resident id>" → household; "pid/<household>/<person>"
// → resident id; "v/<village>/<household>" → address (the households of a region: one prefix
// scan); "pv/<village>/<household>/<person>" → name, resident id, phone, the version that added
// them (the people of a region, searched by a scan of the caller's region); "ln/<village>/
// <ledger number>" → household (a survey ledger's own number).
class HouseholdIndex final : public Projection {
  public:
    std::string_view Name() const override { return kHouseholdIndex; }
    // 2: name search; 3: a move between households read in either order; 4: by region;
    // 5: people by region, heads of household; 6: by ledger number
    std::uint32_t CodeVersion() const override { return 6; }
    void Apply(const EventEnvelope& e, StateWriter& state) override {
        const auto of = HouseholdOf(e);
        if (!of) return;
        const std::string& household = *of;
        if (e.type == domain::HouseholdRegistered::kType) {
            const auto& registered = DecodeEvent<domain::HouseholdRegistered>(e);
            state.Put("r/" + household, registered.region);
            state.Put("v/" + registered.region + "/" + household, registered.address);
            if (!registered.ledger_number.empty()) {
                state.Put(LedgerKey(registered.region, registered.ledger_number), household);
            }
        } else if (e.type == domain::LedgerNumberRecorded::kType) {
            // The number the household had stays found too: an older copy of the ledger may
            // still be imported.
            const std::string village = state.Get("r/" + household).value_or("");
            state.Put(
                LedgerKey(village, DecodeEvent<domain::LedgerNumberRecorded>(e).ledger_number),
                household);
        } else if (e.type == domain::MemberAdded::kType) {
            const auto& added = DecodeEvent<domain::MemberAdded>(e);
            const std::string village = state.Get("r/" + household).value_or("");
            state.Put("rid/" + added.resident_id, household);
            state.Put("pid/" + household + "/" + added.person_id, added.resident_id);
            state.Put(PersonKey(village, household, added.person_id),
                      JoinFields({added.name, added.resident_id, added.phone,
                                  std::to_string(e.version.value)}));
        } else if (e.type == domain::MemberUpdated::kType) {
            const auto& updated = DecodeEvent<domain::MemberUpdated>(e);
            const std::string key =
                PersonKey(state.Get("r/" + household).value_or(""), household, updated.person_id);
            auto entry = state.Get(key);
            auto f = entry ? SplitFields(*entry, 4) : std::nullopt;
            if (!f) return;
            state.Put(key, JoinFields({(*f)[0], (*f)[1], updated.phone, (*f)[3]}));
        } else if (const auto gone = Departed(e)) {
            const std::string person_key = "pid/" + household + "/" + *gone;
            if (auto resident = state.Get(person_key)) {
                // A resident who joined another household may be added there before this
                // event is read (streams in different Kafka partitions keep no order between
                // them): only the household the entry names removes it.
                const std::string resident_key = "rid/" + *resident;
                if (state.Get(resident_key) == household) state.Delete(resident_key);
            }
            state.Delete(person_key);
            state.Delete(PersonKey(state.Get("r/" + household).value_or(""), household, *gone));
        }
    }

  private:
    // The member an event takes off the register: one who left, or one entered in error.
    static std::optional<std::string> Departed(const EventEnvelope& e) {
        if (e.type == domain::MemberLeft::kType) {
            return DecodeEvent<domain::MemberLeft>(e).person_id;
        }
        if (e.type == domain::MemberEnteredInError::kType) {
            return DecodeEvent<domain::MemberEnteredInError>(e).person_id;
        }
        return std::nullopt;
    }
};

std::int64_t DayOf(std::string_view date) {
    auto day = domain::ParseDate(date, "date");
    return day.ok() ? *day : 0;
}

std::string DayKey(std::string_view date) {
    char out[16];
    std::snprintf(out, sizeof out, "%08lld", static_cast<long long>(DayOf(date)));
    return out;
}

// Board keys: "o/<village>/<household>/<flag version, 20 digits>" → an open episode, moved to
// "x/…" when cleared; "c/<household>" → the key of its open episode. Counters for the village
// and every region above it: "s/<region>/<since day>/<0|1 planned>" → open episodes,
// "t/<region>/n" and "t/<region>/d" → cleared episodes and their days to clear, "b/<region>/n"
// → open episodes recorded later than dated, so the present
// figures of a county are a scan of a few hundred keys however many households it has; and
// the steps of every change (board_history.hpp), so are its figures at any past moment.
class ZeroEmploymentBoard final : public Projection {
  public:
    std::string_view Name() const override { return kZeroEmploymentBoard; }
    // 3: open/cleared lists, counters; 4: back-dated open episodes counted; 5: steps;
    // 6: a day's steps rolled up into the longer buckets once
    std::uint32_t CodeVersion() const override { return 6; }
    void Apply(const EventEnvelope& e, StateWriter& state) override {
        const auto of = HouseholdOf(e);
        if (!of) return;
        const std::string& household = *of;
        if (e.type == domain::HouseholdRegistered::kType) {
            state.Put("r/" + household, DecodeEvent<domain::HouseholdRegistered>(e).region);
        } else if (e.type == domain::ZeroEmploymentFlagged::kType) {
            auto region = state.Get("r/" + household);
            if (!region) throw std::runtime_error("flag for unknown household " + household);
            char version[24];
            std::snprintf(version, sizeof version, "%020llu",
                          static_cast<unsigned long long>(e.version.value));
            const std::string key = "o/" + *region + "/" + household + "/" + version;
            ZeroEmploymentEpisode episode;
            episode.household_id = household;
            episode.region = *region;
            episode.since = DecodeEvent<domain::ZeroEmploymentFlagged>(e).since;
            episode.flagged_at_us = e.recorded_at_us;
            state.Put(key, EncodeEpisode(episode));
            state.Put("c/" + household, key);
            CountOpen(state, episode, +1);
            if (IsBackdated(episode)) AddAtEveryLevel(state, episode.region, "b/", "/n", 1);
            RecordBoardSteps(state, episode, BoardChange::kFlagged, e.recorded_at_us,
                             e.version.value, domain::kZeroEmploymentPolicy);
        } else if (e.type == domain::PlanOpened::kType) {
            auto open = Open(state, household);
            if (!open || !open->second.plan_opened.empty()) return;
            CountOpen(state, open->second, -1);
            open->second.plan_opened = DecodeEvent<domain::PlanOpened>(e).date;
            open->second.plan_recorded_at_us = e.recorded_at_us;
            CountOpen(state, open->second, +1);
            state.Put(open->first, EncodeEpisode(open->second));
            RecordBoardSteps(state, open->second, BoardChange::kPlanned, e.recorded_at_us,
                             e.version.value, domain::kZeroEmploymentPolicy);
        } else if (e.type == domain::ZeroEmploymentCleared::kType) {
            auto open = Open(state, household);
            if (!open) return;
            const auto& cleared = DecodeEvent<domain::ZeroEmploymentCleared>(e);
            ZeroEmploymentEpisode& ep = open->second;
            CountOpen(state, ep, -1);
            ep.cleared = cleared.date;
            ep.cleared_at_us = e.recorded_at_us;
            ep.clear_reason = cleared.reason;
            ep.clear_cause = cleared.cause;
            AddAtEveryLevel(state, ep.region, "t/", "/n", 1);
            if (IsBackdated(ep)) AddAtEveryLevel(state, ep.region, "b/", "/n", -1);
            AddAtEveryLevel(state, ep.region, "t/", "/d", DayOf(ep.cleared) - DayOf(ep.since));
            state.Delete(open->first);
            state.Put("x/" + open->first.substr(2), EncodeEpisode(ep));
            state.Delete("c/" + household);
            RecordBoardSteps(state, ep, BoardChange::kCleared, e.recorded_at_us, e.version.value,
                             domain::kZeroEmploymentPolicy);
        }
    }

  private:
    static bool IsBackdated(const ZeroEmploymentEpisode& ep) {
        return domain::ChinaDay(ep.flagged_at_us) > DayOf(ep.since);
    }

    // The household's open episode and its key, if it has one.
    static std::optional<std::pair<std::string, ZeroEmploymentEpisode>> Open(
        StateWriter& state, const std::string& household) {
        auto key = state.Get("c/" + household);
        if (!key) return std::nullopt;  // a plan for a household that is not flagged
        auto episode = DecodeEpisode(state.Get(*key).value_or(""));
        if (!episode) throw std::runtime_error("corrupt board entry " + *key);
        return std::make_pair(*key, std::move(*episode));
    }

    static void CountOpen(StateWriter& state, const ZeroEmploymentEpisode& ep, int delta) {
        AddAtEveryLevel(state, ep.region, "s/",
                        "/" + DayKey(ep.since) + (ep.plan_opened.empty() ? "/0" : "/1"), delta);
    }
};

}  // namespace

std::unique_ptr<Projection> MakeHouseholdIndexProjection() {
    return std::make_unique<HouseholdIndex>();
}
std::unique_ptr<Projection> MakeZeroEmploymentBoardProjection() {
    return std::make_unique<ZeroEmploymentBoard>();
}

std::optional<std::string> HouseholdOfResident(const StateView& index,
                                               const std::string& resident_id) {
    return index.Get("rid/" + resident_id);
}

void ScanPeople(const StateView& index, std::string_view region_prefix, const std::string& after,
                const std::function<bool(const PersonListing&)>& visit) {
    index.Scan("pv/" + std::string(region_prefix),
               [&](std::string_view key, std::string_view value) {
                   std::string position(key.substr(3));  // "<village>/<household>/<person>"
                   if (position <= after) return true;
                   const std::size_t a = position.find('/');
                   const std::size_t b = position.find('/', a + 1);
                   auto f = SplitFields(value, 4);
                   if (b == std::string::npos || !f)
                       throw std::runtime_error("corrupt people index entry");
                   PersonListing person{position.substr(0, a),
                                        position.substr(a + 1, b - a - 1),
                                        position.substr(b + 1),
                                        std::string((*f)[0]),
                                        std::string((*f)[1]),
                                        std::string((*f)[2]),
                                        static_cast<std::uint64_t>(ParseInt((*f)[3])),
                                        std::move(position)};
                   return visit(person);
               });
}

std::optional<PersonListing> HeadOfHousehold(const StateView& index, std::string_view village,
                                             std::string_view household) {
    std::optional<PersonListing> head;
    ScanPeople(index, std::string(village) + "/" + std::string(household) + "/", {},
               [&](const PersonListing& p) {
                   if (!head || p.added_at_version < head->added_at_version) head = p;
                   return true;
               });
    return head;
}

std::optional<std::string> HouseholdOfLedgerNumber(const StateView& index, std::string_view village,
                                                   std::string_view ledger_number) {
    return index.Get(LedgerKey(village, ledger_number));
}

std::string HouseholdAddress(const StateView& index, std::string_view village,
                             std::string_view household) {
    return index.Get("v/" + std::string(village) + "/" + std::string(household)).value_or("");
}

void ScanHouseholds(const StateView& index, std::string_view region_prefix,
                    const std::string& after,
                    const std::function<bool(const HouseholdListing&)>& visit) {
    index.Scan(
        "v/" + std::string(region_prefix), [&](std::string_view key, std::string_view value) {
            const std::string position(key.substr(2));  // "<village>/<household>"
            if (position <= after) return true;
            const std::size_t slash = position.find('/');
            if (slash == std::string::npos) throw std::runtime_error("corrupt household listing");
            return visit(HouseholdListing{position.substr(slash + 1), position.substr(0, slash),
                                          std::string(value), position});
        });
}

void ScanZeroEmployment(
    const StateView& board, EpisodeList list, std::string_view region_prefix,
    const std::string& after,
    const std::function<bool(const std::string&, const ZeroEmploymentEpisode&)>& visit) {
    const std::string prefix =
        (list == EpisodeList::kOpen ? "o/" : "x/") + std::string(region_prefix);
    board.Scan(prefix, [&](std::string_view key, std::string_view value) {
        const std::string position(key.substr(2));  // without the list's "o/" or "x/"
        if (position <= after) return true;
        auto episode = DecodeEpisode(value);
        if (!episode) throw std::runtime_error("corrupt board entry " + std::string(key));
        return visit(position, *episode);
    });
}

BoardSummary SummariseZeroEmployment(const StateView& board, const std::string& region,
                                     std::int64_t today,
                                     const domain::ZeroEmploymentPolicy& policy) {
    BoardSummary sum;
    board.Scan("s/" + region + "/", [&](std::string_view key, std::string_view value) {
        // key: s/<region>/<since day>/<planned>
        const std::int64_t count = ParseInt(value);
        const std::size_t planned_at = key.rfind('/');
        const std::int64_t since = ParseInt(key.substr(key.rfind('/', planned_at - 1) + 1));
        const bool planned = key.substr(planned_at + 1) == "1";
        const auto late = domain::ZeroEmploymentLate(since, planned, today, policy);
        sum.open += count;
        sum.plan_overdue += late.plan ? count : 0;
        sum.clear_overdue += late.clear ? count : 0;
        sum.overdue += late.any() ? count : 0;
        return true;
    });
    sum.cleared = ParseInt(board.Get("t/" + region + "/n").value_or("0"));
    sum.backdated_open = ParseInt(board.Get("b/" + region + "/n").value_or("0"));
    sum.days_to_clear = ParseInt(board.Get("t/" + region + "/d").value_or("0"));
    return sum;
}

}  // namespace xfl::projections
