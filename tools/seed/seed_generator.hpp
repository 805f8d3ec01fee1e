// Deterministic synthetic households over the real Baoshan villages, made by the same domain
// decisions as the API, so flags and clearings arise as they would in real use. The same seed
// and index always give the same household (resident IDs are unique within one generator).
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include "xfl/domain/households/household.hpp"
#include "xfl/eventstore/envelope.hpp"

namespace xfl::tools {

// One household's commits, appended in order.
struct SeedHousehold {
    std::string stream;
    std::vector<std::vector<eventstore::NewEvent>> commits;
};

// Not thread-safe: one generator makes households one after another.
class Generator {
  public:
    Generator(std::uint64_t seed, std::vector<domain::RegionCode> villages, std::int64_t today);
    // Household number `index` (ids s0000000, s0000001, …): registration and members in the
    // first commit, then one to three survey visits over the past year.
    SeedHousehold Make(std::uint64_t index);
    std::uint64_t people() const { return people_; }

  private:
    domain::MemberAdded Person(std::mt19937_64& rng, const domain::RegionCode& village,
                               const std::string& household, int k);
    domain::VisitRecorded Visit(std::mt19937_64& rng, const domain::HouseholdState& s,
                                std::int64_t day, bool jobless, int v);

    std::uint64_t seed_;
    std::vector<domain::RegionCode> villages_;
    std::int64_t today_;
    domain::ZeroEmploymentPolicy policy_;
    std::unordered_set<std::string> issued_;
    std::uint64_t people_ = 0;
};

// The survey-ledger CSV of README "Bulk import": its heading line, and one row per active
// member of a household as its last survey found them.
std::string LedgerHeader();
Result<std::string> LedgerRows(const SeedHousehold& household);

}  // namespace xfl::tools
