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

}  // namespace xfl::api
