// `xingfuli import` reads sheets as people save them: a GBK ledger is read as GB18030 and an
// .xlsx workbook's sheet as cells, each checked like its UTF-8 twin; bytes that are no text stop
// it with the line and exit 1.
#include <catch2/catch.hpp>
#include <fstream>

#include "support/gbk.hpp"
#include "support/resident_ids.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"
#include "support/xlsx.hpp"

using namespace xfl::testing;

namespace {

CommandRun Xingfuli(const std::string& arguments) {
    return RunCommand(std::string(XFL_XINGFULI) + " " + arguments + " 2>&1");
}

std::string Ledger() {
    return "户编号,村(社区)代码,地址,姓名,身份证号,性别,出生日期,劳动能力,就业意愿\n"
           "0001,530502001002,王官社区1组1号,张三," +
           ValidResidentId("19800101", true, "11") + ",男,1980-01-01,是,是\n";
}

}  // namespace

TEST_CASE("xingfuli import: a GBK ledger is read as GB18030, like its UTF-8 twin") {
    TempDir dir;
    const std::string data = (dir.path() / "data").string();
    auto added = RunCommand("echo 'import-test-Passw0rd' | " + std::string(XFL_XINGFULI) +
                            " user add --data-dir " + data +
                            " --username cw.import --role caseworker --region 530502000000 "
                            "--password-stdin 2>&1");
    INFO(added.out);
    REQUIRE(added.exit_code == 0);
    const std::string gbk_file = (dir.path() / "gbk.csv").string();
    const std::string utf8_file = (dir.path() / "utf8.csv").string();
    std::ofstream(gbk_file, std::ios::binary) << ToGb18030(Ledger());
    std::ofstream(utf8_file, std::ios::binary) << Ledger();

    auto gbk = Xingfuli("import " + gbk_file + " --data-dir " + data + " --as cw.import --dry-run");
    INFO(gbk.out);
    CHECK(gbk.exit_code == 0);
    CHECK_THAT(gbk.out, Catch::Contains("read as gb18030"));
    CHECK_THAT(gbk.out, Catch::Contains("1 rows"));
    auto utf8 =
        Xingfuli("import " + utf8_file + " --data-dir " + data + " --as cw.import --dry-run");
    CHECK(utf8.exit_code == 0);
    CHECK_THAT(utf8.out, Catch::Contains("read as utf-8"));
    CHECK(utf8.out.substr(utf8.out.find('\n')) == gbk.out.substr(gbk.out.find('\n')));

    auto declared = Xingfuli("import " + gbk_file + " --data-dir " + data +
                             " --as cw.import --dry-run --encoding utf-8");
    CHECK(declared.exit_code == 1);  // its cells are not UTF-8
    CHECK_THAT(declared.out, Catch::Contains("read as utf-8"));
    const std::string broken_file = (dir.path() / "broken.csv").string();
    std::ofstream(broken_file, std::ios::binary) << "household\n\xFF\n";
    auto broken = Xingfuli("import " + broken_file + " --data-dir " + data +
                           " --as cw.import --dry-run --encoding gbk");
    CHECK(broken.exit_code == 1);
    CHECK_THAT(broken.out, Catch::Contains("line 2 holds bytes that are not GB18030"));
    CHECK(Xingfuli("import " + gbk_file + " --data-dir " + data +
                   " --as cw.import --dry-run --encoding latin1")
              .exit_code != 0);
}

TEST_CASE("xingfuli import: an .xlsx workbook's named sheet, like its CSV twin") {
    TempDir dir;
    const std::string data = (dir.path() / "data").string();
    REQUIRE(RunCommand("echo 'import-test-Passw0rd' | " + std::string(XFL_XINGFULI) +
                       " user add --data-dir " + data +
                       " --username cw.xlsx --role caseworker --region 530502000000 "
                       "--password-stdin 2>&1")
                .exit_code == 0);
    const std::string book = (dir.path() / "台账.xlsx").string();
    const std::string csv = (dir.path() / "ledger.csv").string();
    std::ofstream(book, std::ios::binary)
        << XlsxWorkbook({{"封面", {{std::string("2026年台账")}}}, {"台账", XlsxRowsOf(Ledger())}});
    std::ofstream(csv, std::ios::binary) << Ledger();

    auto workbook = Xingfuli("import '" + book + "' --sheet 台账 --data-dir " + data +
                             " --as cw.xlsx --dry-run");
    INFO(workbook.out);
    CHECK(workbook.exit_code == 0);
    CHECK_THAT(workbook.out, Catch::Contains("read as an .xlsx workbook, sheet 台账"));
    auto twin = Xingfuli("import " + csv + " --data-dir " + data + " --as cw.xlsx --dry-run");
    CHECK(twin.out.substr(twin.out.find('\n')) == workbook.out.substr(workbook.out.find('\n')));

    auto cover = Xingfuli("import '" + book + "' --data-dir " + data + " --as cw.xlsx --dry-run");
    CHECK(cover.exit_code == 1);
    CHECK_THAT(cover.out, Catch::Contains(":1: resident_id: the required column is missing"));
    auto missing = Xingfuli("import '" + book + "' --sheet Sheet1 --data-dir " + data +
                            " --as cw.xlsx --dry-run");
    CHECK(missing.exit_code == 1);
    CHECK_THAT(missing.out,
               Catch::Contains("the workbook has no sheet \"Sheet1\"; it has 封面, 台账"));
    auto csv_sheet =
        Xingfuli("import " + csv + " --sheet 台账 --data-dir " + data + " --as cw.xlsx --dry-run");
    CHECK(csv_sheet.exit_code == 1);
    CHECK_THAT(csv_sheet.out, Catch::Contains("only an .xlsx workbook has sheets"));
}
