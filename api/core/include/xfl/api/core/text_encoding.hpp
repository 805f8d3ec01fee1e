// Sheets as people save them: UTF-8 (with or without a byte-order mark), or GB18030 — the
// standard that covers GBK and GB2312, which Excel and WPS on Chinese Windows write by default
// when a sheet is saved as CSV. Decoded with glibc's iconv.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "xfl/domain/kernel/result.hpp"

namespace xfl::api {

struct DecodedText {
    std::string utf8;
    std::string encoding;  // "utf-8" or "gb18030": what the bytes were read as
};

// The encoding a charset name stands for ("utf-8", "gb18030" for GBK, GB2312, CP936 and
// GB18030, any case); nullopt for one this server does not read.
std::optional<std::string> SheetEncoding(std::string_view charset);

// `bytes` as UTF-8. `encoding` ("utf-8" or "gb18030"), when the sender named one; otherwise
// GB18030 when more of the bytes break UTF-8 than form multi-byte UTF-8 characters, else UTF-8.
// UTF-8 is passed on as it is: the sheet reader names every cell that is not valid UTF-8, row by
// row. Bytes that are not GB18030 are Errc::kInvalidArgument under `field`, naming their line.
Result<DecodedText> DecodeSheetText(std::string_view bytes, std::optional<std::string> encoding,
                                    std::string_view field);

// DecodeSheetText's choice for a file read in pieces: each piece added in turn (a character may
// be cut between two), then the encoding the whole reads as.
class EncodingCensus {
  public:
    void Add(std::string_view piece);
    std::string Encoding();

  private:
    std::string carry_;  // the piece's tail after its last line break, counted with the next
    std::size_t multibyte_ = 0, invalid_ = 0;
};

// GB18030 to UTF-8, piece after piece with one converter; each piece whole characters.
class Gb18030Decoder {
  public:
    Gb18030Decoder();
    ~Gb18030Decoder();
    Gb18030Decoder(const Gb18030Decoder&) = delete;
    Gb18030Decoder& operator=(const Gb18030Decoder&) = delete;
    // `bytes` as UTF-8. Bytes that are not GB18030 are NotSheetText naming their line, `line`
    // being the line of the first byte.
    Result<std::string> Decode(std::string_view bytes, std::string_view field, std::size_t line,
                               bool detected);

  private:
    void* cd_;  // iconv_t
};

// The error of bytes on `line` that are not text in the encoding expected (`detected`: it was
// guessed, so they are neither UTF-8 nor GB18030), under `field`.
Error NotSheetText(std::string_view field, std::size_t line, bool detected);

}  // namespace xfl::api
