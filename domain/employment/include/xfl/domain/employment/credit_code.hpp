// The unified social credit code (统一社会信用代码) of an employer, GB 32100-2015: 18 characters
// from the 31 the standard allows (digits and capital letters except I, O, S, V, Z), the last a
// check character computed from the other 17.
#pragma once

#include <string>
#include <string_view>

#include "xfl/domain/kernel/result.hpp"

namespace xfl::domain {

class CreditCode {
  public:
    // Errc::kInvalidArgument naming `field` for a code of the wrong length, a character the
    // standard does not use, a registration area that is not six digits, or a wrong check
    // character (the message gives the expected one). Lower case is read as upper case.
    static Result<CreditCode> Parse(std::string_view text, std::string_view field = "credit_code");

    const std::string& str() const { return code_; }
    // The check character of the first 17 characters (which must be valid characters).
    static char CheckCharacter(std::string_view first17);

  private:
    explicit CreditCode(std::string code) : code_(std::move(code)) {}
    std::string code_;
};

}  // namespace xfl::domain
