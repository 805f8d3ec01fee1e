#include "xfl/api/core/xlsx.hpp"

#include <unistd.h>

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <utility>

#include "unnamed_file.hpp"
#include "xml_parts.hpp"

namespace xfl::api {
namespace {

constexpr std::size_t kMaxColumns = 16384;  // XFD, the last column a worksheet has

// The attributes `names` of every element `element` of a part, in order (a workbook's sheets,
// the targets of its relationships).
class ElementsOf : public XmlHandler {
  public:
    ElementsOf(std::string_view element, std::vector<std::string_view> names)
        : element_(element), names_(std::move(names)) {}
    Status Start(std::string_view element, Attributes attributes) override {
        if (element != element_) return {};
        auto& values = found.emplace_back();
        for (std::string_view name : names_) values.emplace_back(Attribute(attributes, name));
        return {};
    }
    Status End(std::string_view) override { return {}; }

    std::vector<std::vector<std::string>> found;

  private:
    std::string_view element_;
    std::vector<std::string_view> names_;
};

// The text of a string item (<si> of the shared strings, <is> of an inline cell) from the
// elements inside it: its plain text, or its runs' text; phonetic guides (<rPh>, the pinyin or
// kana shown above) are not part of it.
class StringItem {
  public:
    void Start(std::string_view element) {
        if (element == "rPh") {
            ++phonetic_;
        } else if (element == "t") {
            in_text_ = phonetic_ == 0;
        }
    }
    void End(std::string_view element) {
        if (element == "rPh") {
            --phonetic_;
        } else if (element == "t") {
            in_text_ = false;
        }
    }
    void Text(std::string_view text) {
        if (in_text_) text_ += text;
    }
    std::string Take() {
        phonetic_ = 0;
        in_text_ = false;
        return std::exchange(text_, {});
    }

  private:
    int phonetic_ = 0;
    bool in_text_ = false;
    std::string text_;
};

// xl/sharedStrings.xml: every distinct text of the workbook, in one buffer.
class SharedStrings : public XmlHandler {
  public:
    Status Start(std::string_view element, Attributes) override {
        if (element == "si") {
            in_item_ = true;
        } else if (in_item_) {
            item_.Start(element);
        }
        return {};
    }
    Status End(std::string_view element) override {
        if (element == "si") {
            text_ += item_.Take();
            ends_.push_back(text_.size());
            in_item_ = false;
        } else if (in_item_) {
            item_.End(element);
        }
        return {};
    }
    void Text(std::string_view text) override {
        if (in_item_) item_.Text(text);
    }

    std::optional<std::string_view> At(std::size_t index) const {
        if (index >= ends_.size()) return std::nullopt;
        const std::size_t begin = index == 0 ? 0 : ends_[index - 1];
        return std::string_view(text_).substr(begin, ends_[index] - begin);
    }

  private:
    bool in_item_ = false;
    StringItem item_;
    std::string text_;
    std::vector<std::size_t> ends_;
};

// "BC12" → column 54 (A is 0); nullopt for what is not a cell reference.
std::optional<std::size_t> ColumnOf(std::string_view ref) {
    std::size_t column = 0, letters = 0;
    for (char c : ref) {
        if (c < 'A' || c > 'Z') break;
        column = column * 26 + static_cast<std::size_t>(c - 'A' + 1);
        if (++letters > 3) return std::nullopt;
    }
    if (letters == 0 || column > kMaxColumns) return std::nullopt;
    return column - 1;
}

// A worksheet's rows as records, each given to `take` when its row ends.
class WorksheetRows : public XmlHandler {
  public:
    using Take = std::function<Status(domain::SheetRecord)>;
    WorksheetRows(const SharedStrings& shared, const std::string& field, Take take)
        : shared_(shared), field_(field), take_(std::move(take)) {}

    Status Start(std::string_view element, Attributes attributes) override {
        if (element == "row") {
            std::size_t numbered = 0;
            const std::string_view r = Attribute(attributes, "r");
            std::from_chars(r.data(), r.data() + r.size(), numbered);
            line_ = numbered > line_ ? numbered : line_ + 1;
            record_ = {line_, {}};
            next_column_ = 0;
        } else if (element == "c") {
            ref_ = Attribute(attributes, "r");
            type_ = Attribute(attributes, "t");
            value_.clear();
            inline_ = {};
            in_cell_ = true;
        } else if (element == "v" && in_cell_) {
            in_value_ = true;
        } else if (element == "is" && in_cell_) {
            in_inline_ = true;
        } else if (in_inline_) {
            inline_.Start(element);
        }
        return {};
    }

    Status End(std::string_view element) override {
        if (element == "row") {
            if (record_.cells.empty()) return {};
            return take_(std::exchange(record_, {}));
        }
        if (element == "c") {
            in_cell_ = false;
            return AddCell();
        }
        if (element == "v") {
            in_value_ = false;
        } else if (element == "is") {
            in_inline_ = false;
        } else if (in_inline_) {
            inline_.End(element);
        }
        return {};
    }

    void Text(std::string_view text) override {
        if (in_value_) {
            value_ += text;
        } else if (in_inline_) {
            inline_.Text(text);
        }
    }

  private:
    Result<std::string> CellText() {
        if (type_ == "inlineStr") return inline_.Take();
        if (type_ == "s") {
            std::size_t index = 0;
            const auto [end, failed] =
                std::from_chars(value_.data(), value_.data() + value_.size(), index);
            const auto text = shared_.At(index);
            if (value_.empty() || failed != std::errc() || end != value_.data() + value_.size() ||
                !text) {
                return NotAWorkbook(field_, "cell " + ref_ + " names a shared string there is not");
            }
            return std::string(*text);
        }
        if (type_ == "b") return std::string(value_ == "1" ? "true" : "false");
        if (type_ == "d") return value_.substr(0, value_.find('T'));  // an ISO 8601 date cell
        return value_;  // a number as stored, a formula's last string (str), an error (#N/A)
    }

    Status AddCell() {
        const auto column = ref_.empty() ? std::optional(next_column_) : ColumnOf(ref_);
        if (!column) return NotAWorkbook(field_, "\"" + ref_ + "\" is not a cell");
        next_column_ = *column + 1;
        XFL_TRY(text, CellText());
        if (text.empty()) return {};
        if (record_.cells.size() <= *column) record_.cells.resize(*column + 1);
        record_.cells[*column] = std::move(text);
        return {};
    }

    const SharedStrings& shared_;
    const std::string& field_;
    Take take_;
    std::size_t line_ = 0, next_column_ = 0;
    domain::SheetRecord record_;
    std::string ref_, type_, value_;
    bool in_cell_ = false, in_value_ = false, in_inline_ = false;
    StringItem inline_;
};

// "workbook.xml.rels" target of the sheet, as a path inside the archive.
std::string PartPath(std::string_view target) {
    if (target.starts_with('/')) return std::string(target.substr(1));
    return "xl/" + std::string(target);
}

// The part of the worksheet `sheet` (the first when empty): its name and path.
struct SheetPart {
    std::string name, path;
};
Result<SheetPart> FindSheet(zip_t* archive, std::string_view sheet, const std::string& field) {
    ElementsOf sheets("sheet", {"name", "id"});
    XFL_TRY(has_workbook, StreamPart(archive, "xl/workbook.xml", field, sheets));
    if (!has_workbook) return NotAWorkbook(field, "it has no xl/workbook.xml");
    std::string names, relation;
    SheetPart part;
    for (const auto& s : sheets.found) {
        names += (names.empty() ? "" : ", ") + s[0];
        if (relation.empty() && (sheet.empty() || sheet == s[0])) {
            part.name = s[0];
            relation = s[1];
        }
    }
    if (relation.empty()) {
        if (names.empty()) return NotAWorkbook(field, "it lists no worksheet");
        return Error::Make(
            Errc::kInvalidArgument,
            "sheet: the workbook has no sheet \"" + std::string(sheet) + "\"; it has " + names,
            "sheet");
    }
    ElementsOf relations("Relationship", {"Id", "Target"});
    XFL_TRY(has_relations, StreamPart(archive, "xl/_rels/workbook.xml.rels", field, relations));
    if (!has_relations) return NotAWorkbook(field, "it has no xl/_rels/workbook.xml.rels");
    for (const auto& r : relations.found) {
        if (r[0] == relation) part.path = PartPath(r[1]);
    }
    if (part.path.empty()) return NotAWorkbook(field, "its sheet " + relation + " has no part");
    return part;
}

// The worksheet `sheet` of `archive` row by row through `take`; its name.
Result<std::string> ReadWorksheet(zip_t* archive, std::string_view sheet, const std::string& field,
                                  WorksheetRows::Take take) {
    XFL_TRY(part, FindSheet(archive, sheet, field));
    SharedStrings shared;  // a workbook of inline strings only has none
    XFL_CHECK(StreamPart(archive, "xl/sharedStrings.xml", field, shared));
    WorksheetRows rows(shared, field, std::move(take));
    XFL_TRY(has_sheet, StreamPart(archive, part.path, field, rows));
    if (!has_sheet) return NotAWorkbook(field, "it has no " + part.path);
    return std::move(part.name);
}

// A spilled record: its line, its number of cells, each cell's size and bytes.
bool Write(std::FILE* file, const void* data, std::size_t size) {
    return std::fwrite(data, 1, size, file) == size;
}
bool WriteRecord(std::FILE* file, const domain::SheetRecord& record) {
    const std::uint64_t line = record.line;
    const auto cells = static_cast<std::uint32_t>(record.cells.size());
    if (!Write(file, &line, sizeof line) || !Write(file, &cells, sizeof cells)) return false;
    for (const std::string& cell : record.cells) {
        const auto size = static_cast<std::uint32_t>(cell.size());
        if (!Write(file, &size, sizeof size) || !Write(file, cell.data(), cell.size())) {
            return false;
        }
    }
    return true;
}

Error SpillFailed(const std::string& field) {
    return Error::Make(Errc::kInternal,
                       field + ": the worksheet could not be written to a temporary file", field);
}

}  // namespace

Result<XlsxSheet> ReadXlsxSheet(std::string_view bytes, std::string_view sheet,
                                const std::string& field) {
    zip_error_t error;
    zip_error_init(&error);
    XFL_TRY(archive, OpenArchive(zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error),
                                 error, field));
    XlsxSheet out;
    XFL_TRY(name, ReadWorksheet(archive.get(), sheet, field,
                                [&out](domain::SheetRecord record) -> Status {
                                    out.records.push_back(std::move(record));
                                    return {};
                                }));
    out.name = std::move(name);
    return out;
}

XlsxFile::XlsxFile(std::string sheet, Spill spill, std::string field)
    : sheet_(std::move(sheet)), spill_(std::move(spill)), field_(std::move(field)) {}

Result<XlsxFile> XlsxFile::Open(const std::filesystem::path& path, std::string_view sheet,
                                const std::string& field) {
    zip_error_t error;
    zip_error_init(&error);
    XFL_TRY(archive,
            OpenArchive(zip_source_file_create(path.c_str(), 0, -1, &error), error, field));
    // In $TMPDIR like an upload's copy (std::tmpfile would ignore it).
    const int fd = OpenUnnamedFile("xingfuli-rows-");
    Spill spill(fd < 0 ? nullptr : ::fdopen(fd, "w+b"));
    if (!spill) {
        if (fd >= 0) ::close(fd);
        return SpillFailed(field);
    }
    XFL_TRY(name, ReadWorksheet(archive.get(), sheet, field,
                                [&](const domain::SheetRecord& record) -> Status {
                                    if (!WriteRecord(spill.get(), record)) {
                                        return SpillFailed(field);
                                    }
                                    return {};
                                }));
    if (std::fflush(spill.get()) != 0) return SpillFailed(field);
    return XlsxFile(std::move(name), std::move(spill), field);
}

Result<std::optional<domain::SheetRecord>> XlsxFile::Next() {
    std::uint64_t line = 0;
    std::uint32_t cells = 0;
    std::FILE* file = spill_.get();
    if (std::fread(&line, sizeof line, 1, file) != 1) {
        if (std::feof(file)) return std::optional<domain::SheetRecord>();
        return SpillFailed(field_);
    }
    domain::SheetRecord record{line, {}};
    if (std::fread(&cells, sizeof cells, 1, file) != 1) return SpillFailed(field_);
    record.cells.resize(cells);
    for (std::string& cell : record.cells) {
        std::uint32_t size = 0;
        if (std::fread(&size, sizeof size, 1, file) != 1) return SpillFailed(field_);
        cell.resize(size);
        if (std::fread(cell.data(), 1, size, file) != size) return SpillFailed(field_);
    }
    return std::optional(std::move(record));
}

Status XlsxFile::ForEach(const Take& take) {
    if (std::fseek(spill_.get(), 0, SEEK_SET) != 0) return SpillFailed(field_);
    for (;;) {
        const auto offset = static_cast<std::uint64_t>(std::ftell(spill_.get()));
        XFL_TRY(record, Next());
        if (!record || !take(std::move(*record), offset)) return {};
    }
}

Result<domain::SheetRecord> XlsxFile::At(std::uint64_t offset, std::size_t line) {
    if (std::fseek(spill_.get(), static_cast<long>(offset), SEEK_SET) != 0) {
        return SpillFailed(field_);
    }
    XFL_TRY(record, Next());
    if (!record || record->line != line) return SpillFailed(field_);
    return std::move(*record);
}

}  // namespace xfl::api
