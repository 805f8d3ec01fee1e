#include "xfl/domain/kernel/text.hpp"

#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>

namespace xfl::domain {
namespace {

// The code point starting at text[i] and its length in bytes; length 0 when it is not valid
// UTF-8 (a stray continuation byte, a truncated or overlong sequence, a surrogate, > U+10FFFF).
std::pair<std::uint32_t, std::size_t> DecodeUtf8(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
    const std::uint8_t lead = byte(i);
    if (lead < 0x80) return {lead, 1};
    std::size_t length = 0;
    std::uint32_t cp = 0, min = 0;
    if ((lead & 0xE0) == 0xC0) {
        length = 2, cp = lead & 0x1Fu, min = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, cp = lead & 0x0Fu, min = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, cp = lead & 0x07u, min = 0x10000;
    } else {
        return {0, 0};
    }
    if (i + length > text.size()) return {0, 0};
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return {0, 0};
        cp = (cp << 6) | (byte(i + k) & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {0, 0};
    return {cp, length};
}

bool IsControl(std::uint32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

}  // namespace

Status CheckText(std::string_view text, std::string_view field, TextKind kind) {
    const std::string name(field);
    for (std::size_t i = 0; i < text.size();) {
        const auto [cp, length] = DecodeUtf8(text, i);
        if (length == 0) {
            return Error::Make(Errc::kInvalidArgument,
                               name + ": not valid UTF-8 at byte " + std::to_string(i + 1), name);
        }
        const bool allowed_break =
            kind == TextKind::kParagraph && (cp == '\n' || cp == '\r' || cp == '\t');
        if (IsControl(cp) && !allowed_break) {
            char code[16];
            std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(cp));
            return Error::Make(Errc::kInvalidArgument,
                               name + ": control character " + code + " at byte " +
                                   std::to_string(i + 1) + " is not allowed",
                               name);
        }
        i += length;
    }
    return {};
}

}  // namespace xfl::domain
