// A CSV sheet read from a file as a stream, for sheets too large to hold (a county's ledger):
// its records one by one, and any record again from where it starts. Only a chunk of the file
// is in memory at a time. Decoded as ReadSheetFile decodes CSV (text_encoding.hpp).
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include "xfl/api/core/sheet_rows.hpp"
#include "xfl/api/core/text_encoding.hpp"

namespace xfl::api {

class CsvFile final : public SheetRows {
  public:
    // `path` in `encoding` ("utf-8" or "gb18030"), else in the encoding the whole file reads as
    // (one pass through it). Errc::kInvalidArgument under `field` when it cannot be read.
    static Result<CsvFile> Open(const std::filesystem::path& path,
                                std::optional<std::string> encoding, const std::string& field);

    const std::string& encoding() const { return encoding_; }

    // Records decoded; bytes that are not text in the encoding are an error naming their line.
    Status ForEach(const Take& take) override;
    Result<domain::SheetRecord> At(std::uint64_t offset, std::size_t line) override;

  private:
    CsvFile(std::filesystem::path path, std::string encoding, bool detected, std::string field,
            std::uint64_t start);
    Status Decode(domain::SheetRecord& record);
    // The records from byte `from` on, read `chunk_size` bytes at a time until `done`.
    Status Split(std::uint64_t from, std::size_t chunk_size, const std::function<bool()>& done,
                 const domain::CsvSplitter::Take& take);

    std::filesystem::path path_;
    std::string encoding_;
    bool detected_ = false;
    std::string field_;
    std::uint64_t start_ = 0;  // after a UTF-8 byte-order mark
    std::unique_ptr<std::ifstream> in_;
    std::unique_ptr<Gb18030Decoder> gb18030_;
};

}  // namespace xfl::api
