#include "xfl/domain/supervision/inspection.hpp"

#include <algorithm>
#include <limits>

#include "xfl/domain/kernel/checks.hpp"
#include "xfl/domain/kernel/region_code.hpp"
#include "xfl/domain/kernel/text.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/domain/supervision/finding.hpp"
#include "xfl/domain/supervision/record_export.hpp"

namespace xfl::domain {
namespace {

bool OneOf(std::string_view value, std::initializer_list<std::string_view> known) {
    return std::find(known.begin(), known.end(), value) != known.end();
}

Error NoInspection() { return Error::Make(Errc::kNotFound, "no such inspection"); }

// SplitMix64 (Steele, Lea and Flood 2014): a fixed, documented sequence from a 64-bit seed.
class SplitMix64 {
  public:
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
    std::uint64_t Next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    // Uniform in [0, n), n > 0, without modulo bias.
    std::uint64_t Below(std::uint64_t n) {
        const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() -
                                    std::numeric_limits<std::uint64_t>::max() % n;
        for (;;) {
            const std::uint64_t x = Next();
            if (x < limit) return x % n;
        }
    }

  private:
    std::uint64_t state_;
};

Status CheckLineList(const std::vector<std::string>& items, const std::string& field,
                     std::initializer_list<std::string_view> known, const std::string& allowed) {
    if (items.empty()) return InvalidField(field, "at least one of " + allowed);
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (!OneOf(items[i], known)) {
            return InvalidField(field + "[" + std::to_string(i) + "]", "one of " + allowed);
        }
    }
    return {};
}

Status CheckOpenFields(const InspectionOpened& o) {
    auto region = RegionCode::Parse(o.region, "region");
    if (!region.ok()) return std::move(region).error();
    if (!OneOf(o.unit_kind, {"region", "office", "operator"})) {
        return InvalidField("unit_kind", "one of region, office, operator");
    }
    Status ok = FirstFailure(
        {CheckRequiredLine(o.unit_name, "unit_name", 200), CheckLines(o.inspectors, "inspectors"),
         o.inspectors.empty() ? InvalidField("inspectors", "at least one") : Status{},
         CheckLineList(o.methods, "methods",
                       {"document_review", "on_site_sampling", "household_visits"},
                       "document_review, on_site_sampling, "
                       "household_visits")});
    if (!ok.ok()) return ok;
    auto starts = ParseDate(o.starts_on, "starts_on");
    if (!starts.ok()) return std::move(starts).error();
    auto ends = ParseDate(o.ends_on, "ends_on");
    if (!ends.ok()) return std::move(ends).error();
    if (*ends < *starts) return RuleBroken("ends_on", "is before starts_on");
    return {};
}

Status CheckSamplePlan(const SamplePlan& p, std::int64_t today) {
    if (!IsSampleKind(p.kind)) {
        return InvalidField("sample.kind",
                            "one of zero_employment_cleared, zero_employment_flagged, disputes");
    }
    auto from = ParseDate(p.from, "sample.from");
    if (!from.ok()) return std::move(from).error();
    auto to = PastOrToday(p.to, "sample.to", today);
    if (!to.ok()) return std::move(to).error();
    if (*to < *from) return RuleBroken("sample.to", "is before sample.from");
    if (p.size <= 0 || p.size > 1000) return InvalidField("sample.size", "1 to 1000");
    return {};
}

InspectionState Apply(InspectionState s, const InspectionOpened& e) {
    s.exists = true;
    s.opened = e;
    return s;
}
InspectionState Apply(InspectionState s, const SampleChecked& e) {
    auto same = std::find_if(s.results.begin(), s.results.end(),
                             [&](const SampleChecked& r) { return r.record_id == e.record_id; });
    if (same != s.results.end()) {
        *same = e;
        return s;
    }
    s.results.push_back(e);
    // Kept in the order of the sample, as the inspectors work through it.
    const auto& order = s.opened.sample.sampled;
    auto rank = [&](const SampleChecked& r) {
        return std::find(order.begin(), order.end(), r.record_id) - order.begin();
    };
    std::stable_sort(
        s.results.begin(), s.results.end(),
        [&](const SampleChecked& a, const SampleChecked& b) { return rank(a) < rank(b); });
    return s;
}
InspectionState Apply(InspectionState s, const InspectionClosed& e) {
    s.closing = e;
    return s;
}

}  // namespace

const SampleChecked* InspectionState::ResultOf(std::string_view record_id) const {
    for (const auto& r : results) {
        if (r.record_id == record_id) return &r;
    }
    return nullptr;
}

InspectionState Evolve(InspectionState s, const InspectionEvent& e) {
    return std::visit([&](const auto& event) { return Apply(std::move(s), event); }, e);
}

Status ApplyInspectionEvent(InspectionState& state, const StoredEvent& event) {
    return ApplyAny<InspectionState, InspectionOpened, SampleChecked, InspectionClosed>(state,
                                                                                        event);
}

bool IsSampleKind(std::string_view kind) {
    return OneOf(kind, {"zero_employment_cleared", "zero_employment_flagged", "disputes"});
}

Result<std::vector<std::string>> DrawSample(const std::vector<std::string>& population,
                                            std::int64_t size, std::uint64_t seed) {
    const auto n = static_cast<std::int64_t>(population.size());
    if (size > n) {
        return RuleBroken("sample.size",
                          "is larger than its population (" + std::to_string(n) + " records)");
    }
    std::vector<std::string> pool = population;
    SplitMix64 random(seed);
    for (std::int64_t i = 0; i < size; ++i) {
        const auto left = static_cast<std::uint64_t>(n - i);
        const auto j = static_cast<std::size_t>(i) + static_cast<std::size_t>(random.Below(left));
        std::swap(pool[static_cast<std::size_t>(i)], pool[j]);
    }
    pool.resize(static_cast<std::size_t>(size));
    return pool;
}

Result<InspectionEvents> DecideOpenInspection(const InspectionState& s, InspectionOpened opened,
                                              const std::vector<std::string>& population,
                                              std::int64_t today) {
    if (s.exists) return Error::Make(Errc::kAlreadyExists, "the inspection exists already");
    Status ok = FirstFailure({CheckOpenFields(opened), CheckSamplePlan(opened.sample, today)});
    if (!ok.ok()) return std::move(ok).error();
    auto sampled = DrawSample(population, opened.sample.size, opened.sample.seed);
    if (!sampled.ok()) return std::move(sampled).error();
    opened.sample.population = static_cast<std::int64_t>(population.size());
    opened.sample.sampled = std::move(sampled).value();
    return InspectionEvents{std::move(opened)};
}

Result<InspectionEvents> DecideCheckSample(const InspectionState& s, SampleChecked checked,
                                           std::int64_t today) {
    if (!s.exists) return NoInspection();
    if (!s.closing.date.empty()) return RuleBroken("inspection", "the inspection is closed");
    const auto& sampled = s.opened.sample.sampled;
    if (std::find(sampled.begin(), sampled.end(), checked.record_id) == sampled.end()) {
        return RuleBroken("record_id", "is not in the inspection's sample");
    }
    if (!OneOf(checked.result, {"conforming", "problem", "not_reachable"})) {
        return InvalidField("result", "one of conforming, problem, not_reachable");
    }
    Status ok = FirstFailure({CheckText(checked.note, "note", TextKind::kParagraph),
                              CheckText(checked.finding_id, "finding_id")});
    if (!ok.ok()) return std::move(ok).error();
    if (checked.result == "problem" && checked.note.empty() && checked.finding_id.empty()) {
        return InvalidField("note", "a problem is described, or a finding_id names its finding");
    }
    auto date = PastOrToday(checked.date, "date", today);
    if (!date.ok()) return std::move(date).error();
    return InspectionEvents{std::move(checked)};
}

Result<InspectionEvents> DecideCloseInspection(const InspectionState& s, InspectionClosed closing,
                                               std::int64_t today) {
    if (!s.exists) return NoInspection();
    if (!s.closing.date.empty())
        return RuleBroken("inspection", "the inspection is closed already");
    Status ok =
        FirstFailure({closing.summary.empty() ? InvalidField("summary", "is required") : Status{},
                      CheckText(closing.summary, "summary", TextKind::kParagraph)});
    if (!ok.ok()) return std::move(ok).error();
    closing.date = FormatDate(today);
    return InspectionEvents{std::move(closing)};
}

std::string InspectionStreamId(std::string_view inspection_id) {
    return kInspectionStreams.Of(inspection_id);
}

Status RegisterSupervisionEvents(EventRegistry& registry) {
    constexpr std::string_view kContext = "supervision";
    for (const StreamKind& kind : {kInspectionStreams, kFindingStreams, kExportStreams}) {
        if (Status s = registry.AddStreams(kind, kContext); !s.ok()) return s;
    }
    return registry.Add<InspectionOpened, SampleChecked, InspectionClosed, FindingOpened,
                        FindingAnswered, FindingAccepted, FindingRejected, RecordExported>(
        kContext);
}

}  // namespace xfl::domain
