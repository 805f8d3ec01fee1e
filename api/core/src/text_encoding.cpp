#include "xfl/api/core/text_encoding.hpp"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <stdexcept>

namespace xfl::api {
namespace {

// `bytes` converted from GB18030 by `cd` to UTF-8, or the offset of the first byte that is
// not GB18030 text (an invalid or a cut-off sequence).
struct Converted {
    std::string utf8;
    std::optional<std::size_t> bad_at;
};

Converted Convert(iconv_t cd, std::string_view bytes) {
    iconv(cd, nullptr, nullptr, nullptr, nullptr);  // a fresh start: no state from before
    Converted out;
    // GB18030 takes at most 4 bytes to a character that UTF-8 writes in at most 4.
    out.utf8.resize(bytes.size() * 2 + 16);
    char* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    char* to = out.utf8.data();
    std::size_t to_left = out.utf8.size();
    while (in_left > 0) {
        if (iconv(cd, &in, &in_left, &to, &to_left) != static_cast<std::size_t>(-1)) break;
        if (errno == E2BIG) {
            const std::size_t used = out.utf8.size() - to_left;
            out.utf8.resize(out.utf8.size() * 2);
            to = out.utf8.data() + used;
            to_left = out.utf8.size() - used;
            continue;
        }
        out.bad_at = static_cast<std::size_t>(in - bytes.data());  // EILSEQ or EINVAL
        break;
    }
    out.utf8.resize(out.utf8.size() - to_left);
    return out;
}

// How much of `bytes` reads as UTF-8: well-formed sequences of two bytes or more, and bytes
// that start no well-formed sequence.
struct Utf8Census {
    std::size_t multibyte = 0, invalid = 0;
};

Utf8Census CountUtf8(std::string_view bytes) {
    Utf8Census census;
    for (std::size_t i = 0; i < bytes.size();) {
        const auto lead = static_cast<unsigned char>(bytes[i]);
        if (lead < 0x80) {
            ++i;
            continue;
        }
        const std::size_t length = lead >= 0xC2 && lead <= 0xDF   ? 2
                                   : lead >= 0xE0 && lead <= 0xEF ? 3
                                   : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                                  : 0;
        bool formed = length > 0 && i + length <= bytes.size();
        for (std::size_t k = 1; formed && k < length; ++k) {
            formed = (static_cast<unsigned char>(bytes[i + k]) & 0xC0) == 0x80;
        }
        if (formed) {
            ++census.multibyte;
            i += length;
        } else {
            ++census.invalid;
            ++i;
        }
    }
    return census;
}

// Text that is mostly UTF-8 is UTF-8 with a few broken bytes, not GBK: read as GBK it would
// turn every Chinese character into another one without an error.
std::string EncodingOf(const Utf8Census& census) {
    return census.invalid > 0 && census.invalid >= census.multibyte ? "gb18030" : "utf-8";
}

std::string Lower(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower;
}

}  // namespace

std::optional<std::string> SheetEncoding(std::string_view charset) {
    const std::string name = Lower(charset);
    if (name == "utf-8" || name == "utf8") return "utf-8";
    if (name == "gb18030" || name == "gbk" || name == "gb2312" || name == "cp936") {
        return "gb18030";
    }
    return std::nullopt;
}

Error NotSheetText(std::string_view field, std::size_t line, bool detected) {
    return Error::Make(Errc::kInvalidArgument,
                       std::string(field) + ": line " + std::to_string(line) +
                           " holds bytes that are " +
                           (detected ? "neither UTF-8 nor GB18030 (GBK)" : "not GB18030 (GBK)") +
                           " text; save the sheet as CSV in UTF-8 or GBK",
                       std::string(field));
}

Gb18030Decoder::Gb18030Decoder() {
    iconv_t opened = iconv_open("UTF-8", "GB18030");
    if (opened == reinterpret_cast<iconv_t>(-1)) {
        throw std::runtime_error("iconv cannot convert from GB18030");
    }
    cd_ = opened;
}

Gb18030Decoder::~Gb18030Decoder() { iconv_close(static_cast<iconv_t>(cd_)); }

Result<std::string> Gb18030Decoder::Decode(std::string_view bytes, std::string_view field,
                                           std::size_t line, bool detected) {
    Converted converted = Convert(static_cast<iconv_t>(cd_), bytes);
    if (converted.bad_at) {
        const auto bad = static_cast<std::ptrdiff_t>(*converted.bad_at);
        return NotSheetText(
            field,
            line + static_cast<std::size_t>(std::count(bytes.begin(), bytes.begin() + bad, '\n')),
            detected);
    }
    return std::move(converted.utf8);
}

void EncodingCensus::Add(std::string_view piece) {
    carry_.append(piece);
    // No multi-byte character holds a line break: everything up to the last one is whole.
    const auto cut = carry_.rfind('\n');
    if (cut == std::string::npos) return;
    const Utf8Census census = CountUtf8(std::string_view(carry_).substr(0, cut));
    multibyte_ += census.multibyte;
    invalid_ += census.invalid;
    carry_.erase(0, cut + 1);
}

std::string EncodingCensus::Encoding() {
    const Utf8Census rest = CountUtf8(carry_);
    carry_.clear();
    multibyte_ += rest.multibyte;
    invalid_ += rest.invalid;
    return EncodingOf({multibyte_, invalid_});
}

Result<DecodedText> DecodeSheetText(std::string_view bytes, std::optional<std::string> encoding,
                                    std::string_view field) {
    const bool detected = !encoding;
    if (detected) encoding = EncodingOf(CountUtf8(bytes));
    if (encoding == "utf-8") return DecodedText{std::string(bytes), "utf-8"};
    auto utf8 = Gb18030Decoder().Decode(bytes, field, 1, detected);
    if (!utf8.ok()) return std::move(utf8).error();
    return DecodedText{std::move(utf8).value(), "gb18030"};
}

}  // namespace xfl::api
