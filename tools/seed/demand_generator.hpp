// Deterministic synthetic employers, their visits and postings over the past year's seasons,
// made by the same domain decisions as the API (each decided on the day it happened). The same
// seed and index always give the same employer or posting.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "xfl/domain/employment/employer.hpp"
#include "xfl/domain/employment/posting.hpp"
#include "xfl/domain/employment/trade.hpp"
#include "xfl/eventstore/envelope.hpp"

namespace xfl::tools {

// One stream's commits, appended in order.
struct SeedStream {
    std::string stream;
    std::vector<std::vector<eventstore::NewEvent>> commits;
};

class DemandGenerator {
  public:
    DemandGenerator(std::uint64_t seed, std::vector<domain::RegionCode> villages,
                    std::int64_t today);
    // Employer number `index`: a valid credit code in its county, registered a year ago, with
    // one to three visits since (services given, vacancies found; some open postings, which
    // the follow-up job opens from the log as after any visit).
    SeedStream Employer(std::uint64_t index);
    // Posting number `index` (id sp0000000…) of one of `employers` employers, in a trade and its
    // season, decided on its opening day.
    SeedStream Posting(std::uint64_t index, std::uint64_t employers);
    // The credit code of employer `index` (as Employer(index) registers it).
    std::string EmployerId(std::uint64_t index) const;
    // Employer `index` as Employer(index) registers it.
    domain::EmployerRegistered Registration(std::uint64_t index) const;

  private:
    std::uint64_t seed_;
    std::vector<domain::RegionCode> villages_;
    std::int64_t today_;
    domain::TradeCatalogue trades_;
};

}  // namespace xfl::tools
