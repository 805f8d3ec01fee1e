// Resident identity numbers (居民身份证号码, GB 11643-1999): 17 digits and a check character.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "xfl/domain/kernel/result.hpp"

namespace xfl::domain {

enum class Sex { kMale, kFemale };

class ResidentId {
  public:
    // Checks the length, the digits, the embedded birth date and the GB 11643 check character
    // (ISO 7064 MOD 11-2). Errc::kInvalidArgument naming `field` with the reason otherwise.
    static Result<ResidentId> Parse(std::string_view text, std::string_view field = "resident_id");

    const std::string& str() const { return id_; }
    std::int64_t birth_day() const { return birth_day_; }  // days since 1970-01-01
    Sex sex() const { return sex_; }                       // 17th digit: odd male, even female
    // "5305**********1234": the region prefix and last four, for lists and views.
    std::string Masked() const;

  private:
    ResidentId(std::string id, std::int64_t birth_day, Sex sex)
        : id_(std::move(id)), birth_day_(birth_day), sex_(sex) {}
    std::string id_;
    std::int64_t birth_day_;
    Sex sex_;
};

// The check character for 17 digits: "10X98765432"[sum(d_i * w_i) mod 11].
char ResidentIdCheckCharacter(std::string_view first17);

std::string MaskResidentId(std::string_view id);

}  // namespace xfl::domain
