// GET /api/v1/audit/activity: everything recorded in a region over some days — by one account,
// of some event types — each event with the attention flags an inspector looks for:
// corrections, back-dated entries, entries outside working hours, bursts of changes by one
// account, changes soon after a limit of the record passed unmet. From the activity index
// (projections/core/activity.hpp), a day at a time; the limits from the record's own context
// (limits.hpp), as the record stood before the entry.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <span>
#include <vector>

#include "activity.hpp"
#include "xfl/api/calendar/calendar.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/domain/supervision/attention.hpp"
#include "xfl/projections/core/activity.hpp"

namespace xfl::api {
namespace {

const RoleSet kAuditors = {domain::Role::kAdmin, domain::Role::kInspector};
constexpr std::int64_t kMaxDays = 92;

Result<std::int64_t> DayQuery(const RequestContext& ctx, const std::string& name,
                              std::int64_t fallback) {
    const auto text = ctx.Query(name);
    if (!text) return fallback;
    return domain::ParseDate(*text, name);
}

// Whether `day` is worked: the official calendar where it is loaded, Monday to Friday beyond.
bool WorkingDay(const domain::WorkingDayCalendar* calendar, std::int64_t day) {
    if (calendar != nullptr && calendar->Covers(day)) {
        auto worked = calendar->IsWorkingDay(day);
        if (worked.ok()) return *worked;
    }
    const std::int64_t weekday = ((day % 7) + 11) % 7;  // 1970-01-01 was a Thursday: 4
    return weekday >= 1 && weekday <= 5;
}

// The limits an entry's record had not met just before the entry, on the day it was recorded;
// none for a record's first event or a record without limits. Each stream is read once.
class LimitsBefore {
  public:
    explicit LimitsBefore(Services& services) : services_(services) {}

    Result<std::vector<domain::PendingLimit>> Of(const projections::ActivityEntry& e) {
        if (e.version <= 1) return std::vector<domain::PendingLimit>{};
        for (const LimitSource& source : services_.limit_sources) {
            if (!source.streams.IdOf(e.stream_id)) continue;
            auto read = streams_.find(e.stream_id);
            if (read == streams_.end()) {
                XFL_TRY(events, services_.Stream(e.stream_id));
                read = streams_.emplace(e.stream_id, std::move(events)).first;
            }
            const auto& events = read->second;
            const std::size_t before = std::min<std::size_t>(e.version - 1, events.size());
            return source.pending(services_, std::span(events).first(before),
                                  domain::ChinaDay(e.recorded_at_us));
        }
        return std::vector<domain::PendingLimit>{};
    }

  private:
    Services& services_;
    std::map<std::string, std::vector<eventstore::EventEnvelope>> streams_;
};

std::string EntryJson(const projections::ActivityEntry& e,
                      const std::vector<domain::AttentionFlag>& flags) {
    JsonOut out;
    out.Open()
        .Field("position", e.position)
        .Field("recorded_at", domain::FormatRfc3339(e.recorded_at_us))
        .Field("stream", e.stream_id)
        .Field("version", e.version)
        .Field("type", e.type)
        .Field("user", e.user)
        .Field("role", e.role)
        .Field("grant_region", e.grant_region)
        .Field("region", e.region);
    if (!e.business_date.empty()) out.Field("business_date", e.business_date);
    if (!e.reason.empty()) out.Field("reason", e.reason);
    out.OpenArray("flags");
    for (const auto& f : flags) {
        JsonOut item;
        item.Open().Field("flag", f.flag).Field("why", f.why);
        out.Item(item.Close().Take());
    }
    return out.CloseArray().Close().Take();
}

// ?flag=a,b: the attention flags asked for (names of domain::kAttentionFlagNames); empty: any.
Result<std::set<std::string>> ReadFlagFilter(const RequestContext& ctx) {
    std::set<std::string> wanted;
    const std::string asked = ctx.Query("flag").value_or("");
    std::string_view rest = asked;
    while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        const std::string_view name = rest.substr(0, comma);
        const auto& names = domain::kAttentionFlagNames;
        if (std::find(std::begin(names), std::end(names), name) == std::end(names)) {
            std::string known;
            for (std::string_view n : names) known += (known.empty() ? "" : ", ") + std::string(n);
            return Error::Make(Errc::kInvalidArgument, "flag: a comma-separated list of " + known,
                               "flag");
        }
        wanted.emplace(name);
        rest = comma == std::string_view::npos ? "" : rest.substr(comma + 1);
    }
    return wanted;
}

// `only_type`: the event types listed whatever ?type= says (the access log's "access.").
Result<HttpResponse> Activity(Services& services, RequestContext& ctx,
                              const std::string& only_type = "") {
    XFL_TRY(region, ReadRegionInScope(ctx));
    XFL_TRY(page, ReadPage(ctx));
    const std::int64_t today = domain::ChinaDay(ctx.now_us);
    XFL_TRY(to, DayQuery(ctx, "to", today));
    XFL_TRY(from, DayQuery(ctx, "from", to));
    if (from > to) {
        return Error::Make(Errc::kInvalidArgument, "from: is after to", "from");
    }
    if (to - from >= kMaxDays) {
        return Error::Make(Errc::kInvalidArgument,
                           "from: at most " + std::to_string(kMaxDays) + " days at a time", "from");
    }
    domain::AttentionRules rules;
    XFL_TRY(backdated, ctx.IntQuery("backdated_days", 7, 1, 3650));
    XFL_TRY(burst_count, ctx.IntQuery("burst_count", 20, 2, 1000));
    XFL_TRY(burst_minutes, ctx.IntQuery("burst_minutes", 10, 1, 1440));
    XFL_TRY(after_deadline, ctx.IntQuery("after_deadline_days", 30, 1, 3650));
    XFL_TRY(flagged_only, ctx.BoolQuery("flagged", false));
    XFL_TRY(wanted_flags, ReadFlagFilter(ctx));
    rules.backdated_days = backdated;
    rules.burst_count = burst_count;
    rules.burst_minutes = burst_minutes;
    rules.after_deadline_days = after_deadline;
    LimitsBefore limits(services);
    const std::string user = ctx.Query("user").value_or("");
    const std::string type = only_type.empty() ? ctx.Query("type").value_or("") : only_type;
    auto calendar = LoadWorkingDays(services);
    const domain::WorkingDayCalendar* days = calendar.ok() ? calendar->get() : nullptr;
    auto working_day = [days](std::int64_t day) { return WorkingDay(days, day); };
    // The cursor: the day and log position of the last entry given.
    std::string after_day;
    std::uint64_t after_position = 0;
    if (!page.after.empty()) {
        const auto slash = page.after.find('/');
        after_day = page.after.substr(0, slash);
        if (slash != std::string::npos) {
            after_position = std::strtoull(page.after.c_str() + slash + 1, nullptr, 10);
        }
    }
    const std::string prefix(region.SignificantPrefix());
    auto index = services.store.View(projections::kActivityIndex);
    JsonOut out;
    out.Open()
        .Field("region", region.str())
        .Field("from", domain::FormatDate(from))
        .Field("to", domain::FormatDate(to))
        .OpenArray("entries");
    std::size_t given = 0;
    std::string last_given, next;
    for (std::int64_t day = from; day <= to && next.empty(); ++day) {
        const std::string date = domain::FormatDate(day);
        if (date < after_day) continue;
        // The day's entries in the region (bursts count every type).
        std::vector<projections::ActivityEntry> entries;
        projections::ScanActivityOnDay(*index, date, user, [&](const auto& e) {
            if (e.region.starts_with(prefix)) entries.push_back(e);
            return true;
        });
        std::vector<domain::EntryFacts> facts;
        facts.reserve(entries.size());
        for (const auto& e : entries) {
            facts.push_back({e.recorded_at_us, e.user, e.business_date, e.correction,
                             e.user == kSystemActor.user_id});
        }
        const std::vector<bool> bursts = domain::InBursts(facts, rules);
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const auto& e = entries[i];
            if (date == after_day && e.position <= after_position) continue;
            if (!type.empty() && !e.type.starts_with(type)) continue;
            XFL_TRY(pending, limits.Of(e));
            facts[i].pending_limits = std::move(pending);
            const auto flags = domain::AttentionFlags(facts[i], rules, working_day, bursts[i]);
            if (flagged_only && flags.empty()) continue;
            if (!wanted_flags.empty() &&
                std::none_of(flags.begin(), flags.end(), [&](const domain::AttentionFlag& f) {
                    return wanted_flags.contains(f.flag);
                })) {
                continue;
            }
            if (given == page.limit) {
                next = EncodeCursor(last_given);
                break;
            }
            out.Item(EntryJson(e, flags));
            last_given = date + "/" + std::to_string(e.position);
            ++given;
        }
    }
    out.CloseArray();
    if (!next.empty()) out.Field("next_cursor", next);
    return JsonResponse(200, out.Close().Take());
}

}  // namespace

void AddActivityRoutes(RouteBuilder& routes, Services& services) {
    routes.Query("GET", "/api/v1/audit/activity", kAuditors,
                 [&](RequestContext& ctx) { return Activity(services, ctx); });
    // The access log: every view of full resident IDs (a household shown, its history, a search
    // by ID), who, when, of which household, why.
    routes.Query("GET", "/api/v1/audit/access", kAuditors, [&](RequestContext& ctx) {
        services.access.Flush();  // in the log; the activity index follows it as always
        return Activity(services, ctx, "access.");
    });
}

}  // namespace xfl::api
