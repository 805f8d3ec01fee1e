#include "xfl/domain/employment/credit_code.hpp"

#include <array>
#include <cctype>

namespace xfl::domain {
namespace {

// GB 32100-2015, 4.2: the code characters and the weights of positions 1 to 17.
constexpr std::string_view kCharacters = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::array<int, 17> kWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                          29, 25, 13, 8,  24, 10, 30, 28};

int ValueOf(char c) {
    const std::size_t at = kCharacters.find(c);
    return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

Error Invalid(std::string_view field, const std::string& message) {
    return Error::Make(Errc::kInvalidArgument, std::string(field) + ": " + message,
                       std::string(field));
}

}  // namespace

char CreditCode::CheckCharacter(std::string_view first17) {
    int sum = 0;
    for (std::size_t i = 0; i < kWeights.size(); ++i) sum += ValueOf(first17[i]) * kWeights[i];
    return kCharacters[static_cast<std::size_t>((31 - sum % 31) % 31)];
}

Result<CreditCode> CreditCode::Parse(std::string_view text, std::string_view field) {
    if (text.size() != 18) return Invalid(field, "a credit code has 18 characters");
    std::string code(text);
    for (std::size_t i = 0; i < code.size(); ++i) {
        code[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(code[i])));
        if (ValueOf(code[i]) < 0) {
            return Invalid(field, "character " + std::to_string(i + 1) +
                                      " is not one a credit code uses (digits and capital "
                                      "letters except I, O, S, V, Z)");
        }
    }
    for (std::size_t i = 2; i < 8; ++i) {
        if (code[i] < '0' || code[i] > '9') {
            return Invalid(field, "characters 3 to 8 are the registration area's six digits");
        }
    }
    const char expected = CheckCharacter(code);
    if (code[17] != expected) {
        return Invalid(field, std::string("the check character is wrong (GB 32100-2015 gives ") +
                                  expected + " for the first 17)");
    }
    return CreditCode(std::move(code));
}

}  // namespace xfl::domain
