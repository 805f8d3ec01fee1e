#include "xfl/api/core/csv_file.hpp"

#include <algorithm>
#include <array>

#include "xfl/api/core/service.hpp"

namespace xfl::api {
namespace {

constexpr std::size_t kChunk = 1 << 16;
Error CannotRead(const std::filesystem::path& path, const std::string& field) {
    return Error::Make(Errc::kInvalidArgument, field + ": cannot read " + path.string(), field);
}

}  // namespace

CsvFile::CsvFile(std::filesystem::path path, std::string encoding, bool detected, std::string field,
                 std::uint64_t start)
    : path_(std::move(path)),
      encoding_(std::move(encoding)),
      detected_(detected),
      field_(std::move(field)),
      start_(start),
      in_(std::make_unique<std::ifstream>(path_, std::ios::binary)) {
    if (encoding_ == "gb18030") gb18030_ = std::make_unique<Gb18030Decoder>();
}

Result<CsvFile> CsvFile::Open(const std::filesystem::path& path,
                              std::optional<std::string> encoding, const std::string& field) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return CannotRead(path, field);
    std::array<char, 3> head{};
    in.read(head.data(), head.size());
    const bool bom = in.gcount() == 3 && std::string_view(head.data(), 3) == "\xEF\xBB\xBF";
    const bool detected = !encoding;
    if (bom && detected) encoding = "utf-8";
    if (!encoding) {
        in.seekg(0);
        EncodingCensus census;
        std::string chunk(kChunk, '\0');
        while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) ||
               in.gcount() > 0) {
            census.Add(std::string_view(chunk.data(), static_cast<std::size_t>(in.gcount())));
        }
        if (in.bad()) return CannotRead(path, field);
        encoding = census.Encoding();
    }
    return CsvFile(path, std::move(*encoding), detected, field, bom ? 3 : 0);
}

Status CsvFile::Decode(domain::SheetRecord& record) {
    if (!gb18030_) return {};
    std::size_t line = record.line;
    for (std::string& cell : record.cells) {
        auto utf8 = gb18030_->Decode(cell, field_, line, detected_);
        if (!utf8.ok()) return std::move(utf8).error();
        line += static_cast<std::size_t>(std::count(cell.begin(), cell.end(), '\n'));
        cell = std::move(utf8).value();
    }
    return {};
}

Status CsvFile::Split(std::uint64_t from, std::size_t chunk_size, const std::function<bool()>& done,
                      const domain::CsvSplitter::Take& take) {
    in_->clear();
    in_->seekg(static_cast<std::streamoff>(from));
    domain::CsvSplitter splitter;
    std::string chunk(chunk_size, '\0');
    while (!done() && (in_->read(chunk.data(), static_cast<std::streamsize>(chunk.size())) ||
                       in_->gcount() > 0)) {
        splitter.Feed(std::string_view(chunk.data(), static_cast<std::size_t>(in_->gcount())),
                      take);
    }
    if (in_->bad()) return CannotRead(path_, field_);
    if (!done()) splitter.Finish(take);
    return {};
}

Status CsvFile::ForEach(const Take& take) {
    Status failed;
    bool stopped = false;
    XFL_CHECK(Split(
        start_, kChunk, [&] { return stopped; },
        [&](domain::SheetRecord record, std::uint64_t offset) {
            if (stopped) return;
            if (Status decoded = Decode(record); !decoded.ok()) {
                failed = std::move(decoded);
                stopped = true;
                return;
            }
            stopped = !take(std::move(record), start_ + offset);
        }));
    return failed;
}

Result<domain::SheetRecord> CsvFile::At(std::uint64_t offset, std::size_t line) {
    std::optional<domain::SheetRecord> found;
    // Most records fit the first read; a long quoted cell takes more.
    XFL_CHECK(Split(
        offset, 4096, [&] { return found.has_value(); },
        [&](domain::SheetRecord record, std::uint64_t) {
            if (!found) found = std::move(record);
        }));
    if (!found) {
        return Error::Make(
            Errc::kInvalidArgument,
            field_ + ": the file changed while it was read (line " + std::to_string(line) + ")",
            field_);
    }
    found->line = line;
    XFL_CHECK(Decode(*found));
    return std::move(*found);
}

}  // namespace xfl::api
