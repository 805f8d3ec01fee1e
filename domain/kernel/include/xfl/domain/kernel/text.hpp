// Text that users type (names, addresses, notes) and that files bring (survey ledgers): what
// may be stored. Pure.
#pragma once

#include <string_view>

#include "xfl/domain/kernel/result.hpp"

namespace xfl::domain {

enum class TextKind {
    kLine,       // one line: no control characters at all
    kParagraph,  // free text: line breaks and tabs allowed, other control characters not
};

// Errc::kInvalidArgument naming `field` unless `text` is valid UTF-8 (no overlong forms, no
// surrogates) free of control characters (C0, DEL and C1) beyond what `kind` allows.
Status CheckText(std::string_view text, std::string_view field, TextKind kind = TextKind::kLine);

}  // namespace xfl::domain
