#include "xfl/domain/kernel/resident_id.hpp"

#include <algorithm>

#include "xfl/domain/kernel/time.hpp"

namespace xfl::domain {
namespace {

constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr char kCheckCharacters[] = "10X98765432";

}  // namespace

char ResidentIdCheckCharacter(std::string_view first17) {
    int sum = 0;
    for (std::size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
    return kCheckCharacters[sum % 11];
}

Result<ResidentId> ResidentId::Parse(std::string_view text, std::string_view field) {
    auto invalid = [&](const std::string& why) {
        return Error::Make(Errc::kInvalidArgument, std::string(field) + ": " + why,
                           std::string(field));
    };
    if (text.size() != 18) return invalid("a resident ID has 18 characters");
    std::string id(text);
    if (id[17] == 'x') id[17] = 'X';
    if (!std::all_of(id.begin(), id.begin() + 17, [](char c) { return c >= '0' && c <= '9'; })) {
        return invalid("the first 17 characters must be digits");
    }
    auto birth =
        ParseDate(id.substr(6, 4) + "-" + id.substr(10, 2) + "-" + id.substr(12, 2), field);
    if (!birth.ok()) return invalid("characters 7-14 are not a valid birth date");
    if (ResidentIdCheckCharacter(id) != id[17]) {
        return invalid("the check character (GB 11643) does not match; check for a typing error");
    }
    const Sex sex = (id[16] - '0') % 2 == 1 ? Sex::kMale : Sex::kFemale;
    return ResidentId(std::move(id), *birth, sex);
}

std::string ResidentId::Masked() const { return MaskResidentId(id_); }

std::string MaskResidentId(std::string_view id) {
    if (id.size() != 18) return std::string(id.size(), '*');
    return std::string(id.substr(0, 4)) + std::string(10, '*') + std::string(id.substr(14));
}

}  // namespace xfl::domain
