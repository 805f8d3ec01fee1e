#include "xfl/api/core/xlsx.hpp"

#include <zip.h>

#include <memory>
#include <optional>
#include <pugixml.hpp>

#include "xfl/api/core/service.hpp"

namespace xfl::api {
namespace {

// An XML part larger than this unpacked is refused rather than inflated (a zip bomb's defence);
// a county's ledger of 200,000 rows is ~60 MiB of worksheet XML.
constexpr zip_uint64_t kMaxPartBytes = 512ull << 20;
constexpr std::size_t kMaxColumns = 16384;  // XFD, the last column a worksheet has

struct ArchiveCloser {
    void operator()(zip_t* archive) const { zip_discard(archive); }
};
using Archive = std::unique_ptr<zip_t, ArchiveCloser>;
struct FileCloser {
    void operator()(zip_file_t* file) const { zip_fclose(file); }
};

Error NotAWorkbook(const std::string& field, const std::string& why) {
    return Error::Make(Errc::kInvalidArgument, field + ": not an .xlsx workbook (" + why + ")",
                       field);
}

// The part `name` of the archive unpacked, or nullopt when the archive has no such part.
Result<std::optional<std::string>> ReadPart(zip_t* archive, const std::string& name,
                                            const std::string& field) {
    std::unique_ptr<zip_file_t, FileCloser> file(zip_fopen(archive, name.c_str(), 0));
    if (!file) return std::optional<std::string>();
    // Unpacked size is unknown up front (a part's header may lie): grow the string chunk by chunk.
    constexpr std::size_t kChunk = 1 << 16;
    std::string out;
    for (;;) {
        const std::size_t at = out.size();
        out.resize(at + kChunk);
        const zip_int64_t n = zip_fread(file.get(), out.data() + at, kChunk);
        if (n < 0) return NotAWorkbook(field, name + " cannot be unpacked");
        out.resize(at + static_cast<std::size_t>(n));
        if (n == 0) break;
        if (out.size() > kMaxPartBytes) {
            return NotAWorkbook(field, name + " unpacks to more than 512 MiB");
        }
    }
    return std::optional<std::string>(std::move(out));
}

Result<pugi::xml_document> ParsePart(zip_t* archive, const std::string& name,
                                     const std::string& field, bool required) {
    XFL_TRY(text, ReadPart(archive, name, field));
    pugi::xml_document doc;
    if (!text) {
        if (required) return NotAWorkbook(field, "it has no " + name);
        return doc;
    }
    // pugixml reads no DTD and fetches nothing: entities of the document cannot reach out.
    if (auto parsed =
            doc.load_buffer(text->data(), text->size(), pugi::parse_default, pugi::encoding_auto);
        !parsed) {
        return NotAWorkbook(field, name + " is not XML: " + parsed.description());
    }
    return doc;
}

// Parts name their elements with or without a namespace prefix (x:row, row).
std::string_view LocalName(const char* name) {
    std::string_view n(name);
    if (auto colon = n.find(':'); colon != std::string_view::npos) n.remove_prefix(colon + 1);
    return n;
}

pugi::xml_node Child(pugi::xml_node parent, std::string_view local) {
    for (pugi::xml_node c : parent.children()) {
        if (LocalName(c.name()) == local) return c;
    }
    return {};
}

std::string_view Attribute(pugi::xml_node node, std::string_view local) {
    for (pugi::xml_attribute a : node.attributes()) {
        if (LocalName(a.name()) == local) return a.value();
    }
    return {};
}

// A string item's text (<si> or <is>): its plain text, or its runs' text; phonetic guides
// (<rPh>, the kana or pinyin shown above) are not part of it.
std::string StringItem(pugi::xml_node item) {
    std::string text;
    for (pugi::xml_node c : item.children()) {
        const auto name = LocalName(c.name());
        if (name == "t") {
            text += c.text().get();
        } else if (name == "r") {
            text += Child(c, "t").text().get();
        }
    }
    return text;
}

// "workbook.xml.rels" target of the sheet, as a path inside the archive.
std::string PartPath(std::string_view target) {
    if (target.starts_with('/')) return std::string(target.substr(1));
    return "xl/" + std::string(target);
}

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

Result<std::string> CellText(pugi::xml_node cell, const std::vector<std::string>& shared,
                             const std::string& field) {
    const std::string_view type = Attribute(cell, "t");
    if (type == "inlineStr") return StringItem(Child(cell, "is"));
    const std::string value = Child(cell, "v").text().get();
    if (type == "s") {
        char* end = nullptr;
        const unsigned long index = std::strtoul(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0' || index >= shared.size()) {
            return NotAWorkbook(field, "cell " + std::string(Attribute(cell, "r")) +
                                           " names a shared string there is not");
        }
        return shared[index];
    }
    if (type == "b") return std::string(value == "1" ? "true" : "false");
    if (type == "d") return value.substr(0, value.find('T'));  // an ISO 8601 date cell
    return value;  // a number as stored, a formula's last string (str), an error (#N/A)
}

}  // namespace

Result<XlsxSheet> ReadXlsxSheet(std::string_view bytes, std::string_view sheet,
                                const std::string& field) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source == nullptr) return NotAWorkbook(field, zip_error_strerror(&error));
    Archive archive(zip_open_from_source(source, ZIP_RDONLY, &error));
    if (!archive) {
        zip_source_free(source);
        const std::string why = zip_error_strerror(&error);
        zip_error_fini(&error);
        return NotAWorkbook(field, "not a zip archive: " + why);
    }

    XFL_TRY(workbook, ParsePart(archive.get(), "xl/workbook.xml", field, true));
    XFL_TRY(relations, ParsePart(archive.get(), "xl/_rels/workbook.xml.rels", field, true));
    std::string relation, chosen, names;
    for (pugi::xml_node s : Child(Child(workbook, "workbook"), "sheets").children()) {
        const std::string_view name = Attribute(s, "name");
        names += (names.empty() ? "" : ", ") + std::string(name);
        if (relation.empty() && (sheet.empty() || sheet == name)) {
            relation = Attribute(s, "id");
            chosen = name;
        }
    }
    if (relation.empty()) {
        if (names.empty()) return NotAWorkbook(field, "it lists no worksheet");
        return Error::Make(
            Errc::kInvalidArgument,
            "sheet: the workbook has no sheet \"" + std::string(sheet) + "\"; it has " + names,
            "sheet");
    }
    std::string path;
    for (pugi::xml_node r : Child(relations, "Relationships").children()) {
        if (Attribute(r, "Id") == relation) path = PartPath(Attribute(r, "Target"));
    }
    if (path.empty()) return NotAWorkbook(field, "its sheet " + relation + " has no part");

    XFL_TRY(strings, ParsePart(archive.get(), "xl/sharedStrings.xml", field, false));
    std::vector<std::string> shared;
    for (pugi::xml_node si : Child(strings, "sst").children()) {
        if (LocalName(si.name()) == "si") shared.push_back(StringItem(si));
    }

    XFL_TRY(worksheet, ParsePart(archive.get(), path, field, true));
    XlsxSheet out{std::move(chosen), {}};
    std::size_t line = 0;
    for (pugi::xml_node row : Child(Child(worksheet, "worksheet"), "sheetData").children()) {
        if (LocalName(row.name()) != "row") continue;
        const std::size_t numbered = row.attribute("r").as_ullong(0);
        line = numbered > line ? numbered : line + 1;
        domain::SheetRecord record{line, {}};
        std::size_t next_column = 0;
        for (pugi::xml_node cell : row.children()) {
            if (LocalName(cell.name()) != "c") continue;
            const std::string_view ref = Attribute(cell, "r");
            const auto column = ref.empty() ? std::optional(next_column) : ColumnOf(ref);
            if (!column) {
                return NotAWorkbook(field, "\"" + std::string(ref) + "\" is not a cell");
            }
            next_column = *column + 1;
            XFL_TRY(text, CellText(cell, shared, field));
            if (text.empty()) continue;
            if (record.cells.size() <= *column) record.cells.resize(*column + 1);
            record.cells[*column] = std::move(text);
        }
        if (!record.cells.empty()) out.records.push_back(std::move(record));
    }
    return out;
}

}  // namespace xfl::api
