// Sheets in the encodings people save them in (api/core/text_encoding.hpp): UTF-8 with or
// without a BOM, GB18030/GBK detected or declared, and bytes that are no text named by line.
#include "xfl/api/core/text_encoding.hpp"

#include <catch2/catch.hpp>

#include "support/gbk.hpp"

using namespace xfl;
using api::DecodeSheetText;

TEST_CASE("sheet text: UTF-8 as it is, GBK detected or declared, to the same UTF-8") {
    const std::string utf8 = "户编号,姓名\n0001,张三\n";
    auto plain = DecodeSheetText(utf8, std::nullopt, "body");
    REQUIRE(plain.ok());
    CHECK(plain->encoding == "utf-8");
    CHECK(plain->utf8 == utf8);
    auto bom = DecodeSheetText("\xEF\xBB\xBF" + utf8, std::nullopt, "body");
    CHECK(bom->encoding == "utf-8");
    CHECK(bom->utf8 == "\xEF\xBB\xBF" + utf8);  // the sheet reader drops the BOM

    const std::string gbk = testing::ToGb18030(utf8);
    REQUIRE(gbk != utf8);
    auto detected = DecodeSheetText(gbk, std::nullopt, "body");
    REQUIRE(detected.ok());
    CHECK(detected->encoding == "gb18030");
    CHECK(detected->utf8 == utf8);
    auto declared = DecodeSheetText(gbk, api::SheetEncoding("GBK"), "body");
    CHECK(declared->utf8 == utf8);
    // A character GBK lacks but GB18030 has (four bytes).
    const std::string rare = "𠀀,1\n";
    CHECK(DecodeSheetText(testing::ToGb18030(rare), std::nullopt, "body")->utf8 == rare);
}

TEST_CASE("sheet text: UTF-8 with broken bytes stays UTF-8; no GB18030 is refused by line") {
    // Declared UTF-8, or mostly UTF-8: passed on as it is, for the sheet reader to name each
    // broken cell — read as GBK, its Chinese would silently become other characters.
    const std::string gbk = testing::ToGb18030("a,b\n张三,1\n");
    CHECK(DecodeSheetText(gbk, "utf-8", "body")->utf8 == gbk);
    const std::string broken =
        "姓名,地址\n张三,王官社区\xFF"
        "1号\n";
    auto mostly = DecodeSheetText(broken, std::nullopt, "body");
    CHECK(mostly->encoding == "utf-8");
    CHECK(mostly->utf8 == broken);
    auto declared_gbk = DecodeSheetText("a\n\xFF\n", "gb18030", "body");
    REQUIRE_FALSE(declared_gbk.ok());
    CHECK(declared_gbk.error().field == "body");
    CHECK(declared_gbk.error().message ==
          "body: line 2 holds bytes that are not GB18030 (GBK) text; save the sheet as CSV in "
          "UTF-8 or GBK");
    auto neither = DecodeSheetText("a,b\n1,2\n3,\xFF\xFF\n", std::nullopt, "ledger.csv");
    REQUIRE_FALSE(neither.ok());
    CHECK(neither.error().message.starts_with(
        "ledger.csv: line 3 holds bytes that are neither UTF-8 nor GB18030 (GBK) text"));
    // Cut off in the middle of a character at the end of the file.
    auto half = DecodeSheetText(std::string("a\n\xD5"), "gb18030", "body");
    REQUIRE_FALSE(half.ok());
    CHECK(half.error().message.find("line 2") != std::string::npos);
}

TEST_CASE("sheet text: charset names") {
    CHECK(api::SheetEncoding("UTF-8") == "utf-8");
    CHECK(api::SheetEncoding("utf8") == "utf-8");
    CHECK(api::SheetEncoding("gb2312") == "gb18030");
    CHECK(api::SheetEncoding("CP936") == "gb18030");
    CHECK(api::SheetEncoding("GB18030") == "gb18030");
    CHECK_FALSE(api::SheetEncoding("latin1"));
}
