// Deterministic synthetic wage disputes for demos and benchmarks: claimants from the seeded
// households, respondents from the seeded employers, each case walked through mediation and
// arbitration by the domain's own decisions, step by step on the days they happened, and left
// where today finds it. A realistic share runs late: acceptances after 5 working days, awards
// after their 45 days, agreements not paid by their day.
#pragma once

#include <cstdint>
#include <string>

#include "demand_generator.hpp"
#include "xfl/domain/disputes/dispute.hpp"
#include "xfl/domain/employment/employer.hpp"
#include "xfl/domain/kernel/deadline.hpp"

namespace xfl::tools {

struct SeedClaimant {
    std::string name, resident_id, person_id, household_id, village;
};

// Dispute number `index` (id sd0000000…) of `claimant` against `respondent`, filed within the
// past year; every step dated on or before `today`, recorded at 09:00 on its day.
SeedStream MakeDispute(std::uint64_t seed, std::uint64_t index, const SeedClaimant& claimant,
                       const domain::EmployerRegistered& respondent,
                       const domain::WorkingDayCalendar& calendar, std::int64_t today);

}  // namespace xfl::tools
