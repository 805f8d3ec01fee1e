// The .xlsx reader against workbooks whose XML parts are written by hand, as other programs than
// Excel save them (WPS, LibreOffice, generators): inline strings, rich text with phonetic
// guides, prefixed element names, rows and cells without references; and against parts it must
// refuse. Each workbook is read whole and streamed from a file, with the same records.
#include <zip.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "support/temp_dir.hpp"
#include "xfl/api/core/xlsx.hpp"

namespace {

using xfl::domain::SheetRecord;
using Parts = std::map<std::string, std::string>;

const std::string kRelations =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Target="/xl/worksheets/second.xml"/></Relationships>)";

const std::string kWorkbook =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="台账" sheetId="1" r:id="rId1"/><sheet name="备注" sheetId="2" r:id="rId2"/>
</sheets></workbook>)";

std::string Sheet(const std::string& rows) {
    return R"(<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>)" +
           rows + "</x:sheetData></x:worksheet>";
}

// The bytes of a zip archive holding `parts`.
std::string Zip(const Parts& parts, const std::filesystem::path& path) {
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    REQUIRE(archive != nullptr);
    for (const auto& [name, text] : parts) {
        zip_source_t* source = zip_source_buffer(archive, text.data(), text.size(), 0);
        REQUIRE(zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8) >= 0);
    }
    REQUIRE(zip_close(archive) == 0);
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

struct Read {
    xfl::Result<xfl::api::XlsxSheet> whole;
    xfl::Result<std::vector<SheetRecord>> streamed;
};

// The workbook of `parts` read whole and streamed from a file.
Read ReadBoth(const Parts& parts, std::string_view sheet = "") {
    xfl::testing::TempDir dir;
    const auto path = dir.path() / "book.xlsx";
    const std::string bytes = Zip(parts, path);
    Read read{xfl::api::ReadXlsxSheet(bytes, sheet, "file"), std::vector<SheetRecord>{}};
    auto file = xfl::api::XlsxFile::Open(path, sheet, "file");
    if (!file.ok()) {
        read.streamed = std::move(file).error();
        return read;
    }
    std::vector<std::uint64_t> offsets;
    REQUIRE(file->ForEach([&](SheetRecord record, std::uint64_t offset) {
                    read.streamed->push_back(std::move(record));
                    offsets.push_back(offset);
                    return true;
                })
                .ok());
    // Any record again from where it starts, last first.
    for (std::size_t i = offsets.size(); i-- > 0;) {
        auto again = file->At(offsets[i], (*read.streamed)[i].line);
        REQUIRE(again.ok());
        CHECK(again->cells == (*read.streamed)[i].cells);
    }
    return read;
}

Parts Workbook(const std::string& first_sheet, std::string shared = "") {
    Parts parts = {{"xl/workbook.xml", kWorkbook},
                   {"xl/_rels/workbook.xml.rels", kRelations},
                   {"xl/worksheets/sheet1.xml", Sheet(first_sheet)},
                   {"xl/worksheets/second.xml", Sheet(R"(<x:row><x:c t="inlineStr"><x:is>
<x:t>备注</x:t></x:is></x:c></x:row>)")}};
    if (!shared.empty()) parts["xl/sharedStrings.xml"] = std::move(shared);
    return parts;
}

}  // namespace

TEST_CASE("cells of every kind read as the text a CSV export holds, whole and streamed") {
    const std::string shared =
        R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3">
<si><t>户编号</t></si>
<si><r><rPr><b/></rPr><t>张</t></r><r><t xml:space="preserve">三 </t></r><rPh sb="0" eb="1"><t>zhāng</t></rPh></si>
<si><t>王官社区&amp;1组</t><rPh><t>wáng</t></rPh></si></sst>)";
    const auto read = ReadBoth(Workbook(R"(
<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>姓名</x:t></x:is></x:c></x:row>
<x:row r="3"><x:c r="A3"><x:v>530502198001010017</x:v></x:c><x:c r="B3" t="s"><x:v>1</x:v></x:c>
 <x:c r="C3" t="s"><x:v>2</x:v></x:c><x:c r="D3"><x:v>46086</x:v></x:c>
 <x:c r="E3" t="b"><x:v>1</x:v></x:c><x:c r="F3" t="d"><x:v>2026-03-05T00:00:00</x:v></x:c>
 <x:c r="G3" t="str"><x:f>A3&amp;""</x:f><x:v>5.30502E+17</x:v></x:c><x:c r="H3" t="e"><x:v>#N/A</x:v></x:c></x:row>
<x:row><x:c><x:v>1</x:v></x:c><x:c><x:v>2</x:v></x:c></x:row>
<x:row r="9"/>)",
                                        shared));
    REQUIRE(read.whole.ok());
    REQUIRE(read.streamed.ok());
    CHECK(read.whole->name == "台账");
    const std::vector<SheetRecord> expected = {
        {1, {"户编号", "", "姓名"}},
        {3,
         {"530502198001010017", "张三 ", "王官社区&1组", "46086", "true", "2026-03-05",
          "5.30502E+17", "#N/A"}},
        {4, {"1", "2"}}};
    REQUIRE(read.whole->records.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CHECK(read.whole->records[i].line == expected[i].line);
        CHECK(read.whole->records[i].cells == expected[i].cells);
        CHECK((*read.streamed)[i].line == expected[i].line);
        CHECK((*read.streamed)[i].cells == expected[i].cells);
    }
}

TEST_CASE("a sheet is found by name through the workbook's relationships") {
    const auto read = ReadBoth(Workbook("<x:row/>"), "备注");
    REQUIRE(read.whole.ok());
    CHECK(read.whole->name == "备注");
    REQUIRE(read.whole->records.size() == 1);
    CHECK(read.whole->records[0].cells == std::vector<std::string>{"备注"});
    REQUIRE(read.streamed.ok());
    CHECK(read.streamed->size() == 1);

    const auto missing = ReadBoth(Workbook("<x:row/>"), "Sheet1");
    REQUIRE(!missing.whole.ok());
    CHECK(missing.whole.error().field == "sheet");
    CHECK_THAT(missing.whole.error().message, Catch::Contains("it has 台账, 备注"));
    REQUIRE(!missing.streamed.ok());
    CHECK(missing.streamed.error().message == missing.whole.error().message);
}

TEST_CASE("parts that are not a workbook's are refused, naming the field and why") {
    const auto refused = [](const Parts& parts, const std::string& why) {
        const auto read = ReadBoth(parts);
        INFO(why);
        REQUIRE(!read.whole.ok());
        CHECK(read.whole.error().field == "file");
        CHECK_THAT(read.whole.error().message, Catch::Contains(why));
        REQUIRE(!read.streamed.ok());
        CHECK(read.streamed.error().message == read.whole.error().message);
    };
    // A DTD is never read: no entity of it expands (a billion laughs) or reaches out.
    Parts with_dtd = Workbook(R"(<x:row><x:c t="s"><x:v>0</x:v></x:c></x:row>)");
    with_dtd["xl/sharedStrings.xml"] =
        R"(<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>
<sst><si><t>&b;</t></si></sst>)";
    refused(with_dtd, "xl/sharedStrings.xml declares a DTD");
    refused(Workbook(R"(<x:row><x:c r="A1" t="s"><x:v>3</x:v></x:c></x:row>)",
                     "<sst><si><t>one</t></si></sst>"),
            "cell A1 names a shared string there is not");
    refused(Workbook(R"(<x:row><x:c r="1A"><x:v>3</x:v></x:c></x:row>)"), "\"1A\" is not a cell");
    refused(Workbook(R"(<x:row><x:c><x:v>3</x:v></x:row>)"), "is not XML: mismatched tag");
    Parts no_sheet = Workbook("");
    no_sheet.erase("xl/worksheets/sheet1.xml");
    refused(no_sheet, "it has no xl/worksheets/sheet1.xml");
    Parts no_workbook = Workbook("");
    no_workbook.erase("xl/workbook.xml");
    refused(no_workbook, "it has no xl/workbook.xml");

    const auto not_zip = xfl::api::ReadXlsxSheet("household,region\n", "", "body");
    REQUIRE(!not_zip.ok());
    CHECK(not_zip.error().field == "body");
    CHECK_THAT(not_zip.error().message, Catch::Contains("not a zip archive"));
}

TEST_CASE("a workbook's rows are kept in $TMPDIR in a file that has no name") {
    xfl::testing::TempDir staging, dir;
    const char* before = std::getenv("TMPDIR");
    const std::string restore = before ? before : "";
    REQUIRE(::setenv("TMPDIR", staging.path().c_str(), 1) == 0);
    const auto path = dir.path() / "book.xlsx";
    Zip(Workbook(R"(<x:row><x:c t="inlineStr"><x:is><x:t>一</x:t></x:is></x:c></x:row>)"), path);
    auto file = xfl::api::XlsxFile::Open(path, "", "file");
    if (before) {
        ::setenv("TMPDIR", restore.c_str(), 1);
    } else {
        ::unsetenv("TMPDIR");
    }
    REQUIRE(file.ok());
    // Nothing to leave behind if the process were killed now: the rows are reached through
    // the open file only, which was made in $TMPDIR.
    CHECK(std::filesystem::is_empty(staging.path()));
    bool held_there = false;
    for (const auto& fd : std::filesystem::directory_iterator("/proc/self/fd")) {
        std::error_code not_a_link;
        const std::string target = std::filesystem::read_symlink(fd.path(), not_a_link).string();
        held_there |= target.starts_with((staging.path() / "xingfuli-rows-").string()) &&
                      target.ends_with(" (deleted)");
    }
    CHECK(held_there);
    std::vector<std::string> cells;
    REQUIRE(file->ForEach([&](SheetRecord record, std::uint64_t) {
                    cells.insert(cells.end(), record.cells.begin(), record.cells.end());
                    return true;
                })
                .ok());
    CHECK(cells == std::vector<std::string>{"一"});
}
