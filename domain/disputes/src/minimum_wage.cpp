#include "xfl/domain/disputes/minimum_wage.hpp"

#include "xfl/domain/kernel/checks.hpp"
#include "xfl/domain/kernel/time.hpp"

namespace xfl::domain {

std::optional<MinimumWageSet> MinimumWages::InForce(std::int64_t day) const {
    std::optional<MinimumWageSet> found;
    for (const auto& a : amounts) {
        auto from = ParseDate(a.effective_from, "effective_from");
        if (!from.ok() || *from > day) continue;
        if (!found || a.effective_from > found->effective_from) found = a;
    }
    return found;
}

MinimumWages Evolve(MinimumWages s, const MinimumWageSet& e) {
    s.amounts.push_back(e);
    return s;
}

Status ApplyMinimumWageEvent(MinimumWages& state, const StoredEvent& event) {
    return ApplyAny<MinimumWages, MinimumWageSet>(state, event);
}

Result<std::vector<std::variant<MinimumWageSet>>> DecideSetMinimumWage(const MinimumWages& s,
                                                                       MinimumWageSet e) {
    if (auto day = ParseDate(e.effective_from, "effective_from"); !day.ok()) {
        return std::move(day).error();
    }
    if (e.monthly_fen <= 0 || e.monthly_fen > 10'000'000) {
        return InvalidField("monthly_fen", "a whole number of fen, 1 to 10000000");
    }
    if (Status ok = CheckRequiredLine(e.source, "source", 200); !ok.ok()) return ok.error();
    for (const auto& a : s.amounts) {
        if (a.effective_from == e.effective_from) {
            return Error::Make(Errc::kAlreadyExists,
                               "effective_from: an amount takes effect on " + e.effective_from +
                                   " already (" + std::to_string(a.monthly_fen) + " fen)",
                               "effective_from");
        }
    }
    return std::vector<std::variant<MinimumWageSet>>{std::move(e)};
}

}  // namespace xfl::domain
