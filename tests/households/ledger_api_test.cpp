// Survey ledgers uploaded over HTTP: dry run, import, re-import, changes, errors, scope.
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <set>

#include "support/api_server.hpp"
#include "support/gbk.hpp"
#include "support/json_field.hpp"
#include "support/resident_ids.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"
#include "support/xlsx.hpp"
#include "xfl/domain/kernel/time.hpp"

using namespace xfl::testing;

namespace {

const std::string kHeader =
    "household,region,address,name,resident_id,sex,birth_date,education,labour_capacity,"
    "wants_work,status,survey_date\n";

std::string Person(const std::string& household, const std::string& name, const std::string& birth,
                   bool male, const std::string& serial, const std::string& status,
                   const std::string& education = "primary") {
    const std::string dashed =
        birth.substr(0, 4) + "-" + birth.substr(4, 2) + "-" + birth.substr(6, 2);
    return household + "," + kWangguan + ",王官社区" + household + "号," + name + "," +
           ValidResidentId(birth, male, serial) + "," + (male ? "male" : "female") + "," + dashed +
           "," + education + ",yes,yes," + status + "," + (status.empty() ? "" : "2026-11-02") +
           "\n";
}

// Three households of Wangguan; the first is jobless (zero-employment).
std::string Ledger(const std::string& changed_education = "primary") {
    return kHeader + Person("1", "周一", "19800101", true, "11", "unemployed") +
           Person("1", "吴二", "19810202", false, "12", "unemployed") +
           Person("2", "郑三", "19900303", true, "13", "employed_away", changed_education) +
           Person("3", "冯四", "19700404", false, "14", "");
}

std::size_t CountOf(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

// The streams a Kafka node that writes half of the partitions would write.
bool HalfOfTheHouseholds(const std::string& stream) {
    return !stream.starts_with("household-") || std::hash<std::string>{}(stream) % 2 == 0;
}

std::string TwelveJoblessHouseholds() {
    std::string ledger = kHeader;
    for (int h = 1; h <= 12; ++h) {
        ledger += Person(std::to_string(h), "户主", "19800101", true, std::to_string(10 + h),
                         "unemployed");
    }
    return ledger;
}

// `csv` imported from a file as `username` would with `xingfuli import`.
xfl::Result<xfl::api::LedgerImportReport> ImportCsvAs(ApiServer& server, const std::string& csv,
                                                      bool dry_run, const std::string& username) {
    TempDir dir;
    const auto path = dir.path() / "ledger.csv";
    std::ofstream(path, std::ios::binary) << csv;
    return xfl::api::ImportLedgerFileAs(server.api().services(), path, std::nullopt, "", dry_run,
                                        username);
}

struct Upload {
    ApiServer& server;
    std::string token;
    HttpReply operator()(const std::string& csv, bool dry_run = false,
                         const std::string& content_type = "text/csv") {
        return server.Call(
            "POST",
            std::string("/api/v1/imports/households?dry_run=") + (dry_run ? "true" : "false"), csv,
            token, {{"Content-Type", content_type}});
    }
};

}  // namespace

TEST_CASE("a survey ledger is checked, imported once, and re-imported as changes only") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.ledger", "caseworker", kLancheng);
    Upload upload{server, cw};
    const auto head_before = server.log().Head();

    auto dry = upload(Ledger(), true);
    INFO(dry.body);
    REQUIRE(dry.status == 200);
    CHECK(Field(dry.body, "dry_run") == "true");
    CHECK(Field(dry.body, "rows") == "4");
    CHECK(Field(dry.body, "households_new") == "3");
    CHECK(Field(dry.body, "members_added") == "4");
    CHECK(server.log().Head() == head_before);  // a dry run appends nothing

    auto imported = upload(Ledger());
    INFO(imported.body);
    REQUIRE(imported.status == 200);
    CHECK(Field(imported.body, "households_new") == "3");
    CHECK(Field(imported.body, "statuses_recorded") == "3");
    CHECK(server.log().Head().value > head_before.value);

    // The register shows the people, and the jobless household is on the board.
    auto found = server.Call(
        "GET", "/api/v1/people?q=" + ValidResidentId("19800101", true, "11") + "&reason=check", {},
        cw);
    REQUIRE(found.status == 200);
    const std::string household = Field(found.body, "household_id");
    auto view = server.Call("GET", "/api/v1/households/" + household, {}, cw);
    CHECK(Field(view.body, "zero_employment") == "true");
    CHECK_THAT(view.body, Catch::Contains("吴二"));
    auto board = server.Call(
        "GET", std::string("/api/v1/reports/zero-employment?region=") + kLancheng, {}, cw);
    CHECK_THAT(board.body, Catch::Contains(household));
    server.api().services().access.Flush();       // the search's access, written behind it
    const auto head_after = server.log().Head();  // with the search's recorded access

    SECTION("the same file again appends nothing") {
        auto again = upload(Ledger());
        CHECK(again.status == 200);
        CHECK(Field(again.body, "events") == "0");
        CHECK(Field(again.body, "households_unchanged") == "3");
        CHECK(server.log().Head() == head_after);
    }
    SECTION("a changed row appends only its change") {
        auto changed = upload(Ledger("vocational"));
        CHECK(changed.status == 200);
        CHECK(Field(changed.body, "members_updated") == "1");
        CHECK(Field(changed.body, "events") == "1");
        CHECK(server.log().Head().value == head_after.value + 1);
        auto labour = server.Call(
            "GET", std::string("/api/v1/reports/labour-force?region=") + kWangguan, {}, cw);
        CHECK_THAT(labour.body, Catch::Contains("\"vocational\":1"));
        CHECK_THAT(labour.body, Catch::Contains("\"primary\":3"));
        CHECK_THAT(labour.body, Catch::Contains("\"by_skill_level\":{\"unknown\":4}"));
    }
    SECTION("a person already registered joins by resident ID, not twice") {
        const std::string moved_in = kHeader +
                                     Person("1", "周一", "19800101", true, "11", "unemployed") +
                                     Person("1", "新人", "20000505", true, "15", "employed_local");
        auto merged = upload(moved_in);
        INFO(merged.body);
        CHECK(merged.status == 200);
        CHECK(Field(merged.body, "households_changed") == "1");
        CHECK(Field(merged.body, "members_added") == "1");
        auto cleared = server.Call("GET", "/api/v1/households/" + household, {}, cw);
        CHECK(Field(cleared.body, "zero_employment") == "false");
        CHECK_THAT(cleared.body, Catch::Contains("新人"));
    }
    SECTION("two ledger households naming people of one registered household are refused") {
        const std::string split = kHeader +
                                  Person("1", "周一", "19800101", true, "11", "unemployed") +
                                  Person("9", "吴二", "19810202", false, "12", "unemployed");
        auto refused = upload(split);
        CHECK(refused.status == 422);
        CHECK_THAT(refused.body, Catch::Contains("{\"line\":3,\"field\":\"household\""));
        CHECK(server.log().Head() == head_after);
    }
    SECTION("a bad file is refused whole, naming each line and field") {
        std::string bad = Ledger() + Person("4", "", "19600606", true, "16", "") +
                          Person("5", "陈五", "19600607", true, "17", "retired") +
                          "6,x,y,z,1,2,3,4,5,6,7,8,9\n";
        auto refused = upload(bad);
        CHECK(refused.status == 422);
        CHECK(Field(refused.body, "code") == "rule_violated");
        // In line order, though the row with too many cells was found when the file was read.
        const auto line6 = refused.body.find("{\"line\":6,\"field\":\"name\"");
        const auto line7 = refused.body.find("{\"line\":7,\"field\":\"status\"");
        const auto line8 = refused.body.find("{\"line\":8,");
        CHECK(line6 < line7);
        CHECK(line7 < line8);
        CHECK(line8 != std::string::npos);
        CHECK(server.log().Head() == head_after);
        auto dry_bad = upload(bad, true);
        CHECK(dry_bad.status == 422);
        CHECK(server.log().Head() == head_after);
    }
    SECTION("rows outside the caller's area or in unknown villages are errors") {
        const std::string tengchong =
            "household,region,address,name,resident_id,sex,birth_date,labour_capacity,wants_work\n"
            "9,530581001001,腾越,陈六," +
            ValidResidentId("19600101", true, "18") +
            ",male,1960-01-01,yes,yes\n"
            "8,530502001099,无此村,陈七," +
            ValidResidentId("19600102", true, "19") + ",male,1960-01-02,yes,yes\n";
        auto refused = upload(tengchong);
        CHECK(refused.status == 422);
        CHECK_THAT(refused.body, Catch::Contains("{\"line\":2,\"field\":\"region\""));
        CHECK_THAT(refused.body, Catch::Contains("outside your area"));
        CHECK_THAT(refused.body, Catch::Contains("{\"line\":3,\"field\":\"region\""));
        CHECK(server.log().Head() == head_after);
    }
    SECTION("the route's own conventions") {
        auto json = server.Call("POST", "/api/v1/imports/households", "{}", cw);
        CHECK(json.status == 415);
        auto flag = server.Call("POST", "/api/v1/imports/households?dry_run=maybe", Ledger(), cw,
                                {{"Content-Type", "text/csv"}});
        CHECK(flag.status == 400);
        CHECK(Field(flag.body, "field") == "dry_run");
        const std::string inspector = server.UserWithRole("insp.ledger", "inspector", kCity);
        CHECK(Upload{server, inspector}(Ledger()).status == 403);
        auto tmpl = server.Call("GET", "/api/v1/imports/households/template", {}, cw);
        CHECK(tmpl.status == 200);
        CHECK_THAT(tmpl.body,
                   Catch::StartsWith("\xEF\xBB\xBF户编号,村(社区)代码,地址,姓名,身份证号"));
        CHECK(upload(tmpl.body, true).status == 200);  // the example row itself is valid
    }
    SECTION("the command line's entry point imports as a named account") {
        auto report = ImportCsvAs(server, Ledger("college"), false, "cw.ledger");
        REQUIRE(report.ok());
        CHECK(report->members_updated == 1);
        CHECK(ImportCsvAs(server, Ledger(), true, "nobody").error().code == xfl::Errc::kNotFound);
        server.UserWithRole("insp.cli", "inspector", kCity);
        CHECK(ImportCsvAs(server, Ledger(), true, "insp.cli").error().code ==
              xfl::Errc::kPermissionDenied);
    }
}

TEST_CASE("a ledger saved as GBK imports as its UTF-8 twin, and says how it was read") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.ledger", "caseworker", kLancheng);
    Upload upload{server, cw};
    const std::string gbk = ToGb18030(Ledger());
    REQUIRE(gbk != Ledger());

    auto detected = upload(gbk, true);
    INFO(detected.body);
    REQUIRE(detected.status == 200);
    CHECK(Field(detected.body, "encoding") == "gb18030");
    auto twin = upload(Ledger(), true);
    CHECK(Field(twin.body, "encoding") == "utf-8");
    // The same figures, word for word, but for the encoding.
    CHECK(detected.body.substr(detected.body.find("\"dry_run\"")) ==
          twin.body.substr(twin.body.find("\"dry_run\"")));

    auto imported = upload(gbk, false, "text/csv; charset=GBK");
    REQUIRE(imported.status == 200);
    CHECK(Field(imported.body, "households_new") == "3");
    auto found = server.Call(
        "GET", "/api/v1/people?q=" + ValidResidentId("19810202", false, "12") + "&reason=check", {},
        cw);
    CHECK(Field(found.body, "name") == "吴二");
    // The UTF-8 twin finds nothing left to do.
    CHECK(Field(upload(Ledger()).body, "events") == "0");

    // Declared UTF-8 but GBK: every row is refused for the cells that are not UTF-8.
    server.api().services().access.Flush();  // the search's access, written behind it
    const auto head = server.log().Head();
    auto wrong = upload(gbk, false, "text/csv; charset=utf-8");
    CHECK(wrong.status == 422);
    CHECK(Field(wrong.body, "encoding") == "utf-8");
    auto not_gbk = upload("household\n\xFF\n", false, "text/csv; charset=gbk");
    CHECK(not_gbk.status == 400);
    CHECK(Field(not_gbk.body, "field") == "body");
    CHECK_THAT(Field(not_gbk.body, "message"), Catch::Contains("line 2"));
    auto unknown = upload(Ledger(), false, "text/csv; charset=latin1");
    CHECK(unknown.status == 415);
    CHECK(Field(unknown.body, "field") == "Content-Type");
    CHECK(server.log().Head() == head);
}

// The ledger as Excel keeps it: household numbers typed as numbers, dates as date cells.
std::vector<XlsxRow> LedgerAsWorkbookRows(const std::string& csv) {
    std::vector<XlsxRow> rows = XlsxRowsOf(csv);
    for (std::size_t r = 1; r < rows.size(); ++r) {
        rows[r][0] = XlsxNumber{std::stod(std::get<std::string>(rows[r][0]))};
        for (const std::size_t date : {6u, 11u}) {
            const std::string text = std::get<std::string>(rows[r][date]);
            if (text.empty()) continue;
            rows[r][date] = XlsxDate{std::stoi(text.substr(0, 4)), std::stoi(text.substr(5, 2)),
                                     std::stoi(text.substr(8, 2))};
        }
    }
    return rows;
}

std::string FormWith(const std::string& boundary, const std::string& filename,
                     const std::string& file, const std::string& sheet = "") {
    std::string body = "--" + boundary +
                       "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename +
                       "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + file + "\r\n";
    if (!sheet.empty()) {
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"sheet\"\r\n\r\n" +
                sheet + "\r\n";
    }
    return body + "--" + boundary + "--\r\n";
}

TEST_CASE("a ledger saved as .xlsx imports as its CSV twin, as the body or from a browser form") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.xlsx", "caseworker", kLancheng);
    Upload upload{server, cw};
    const std::string kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    const std::string book = XlsxWorkbook(
        {{"说明", {{std::string("填表说明")}}}, {"台账", LedgerAsWorkbookRows(Ledger())}});
    const auto twin = upload(Ledger(), true);
    REQUIRE(twin.status == 200);
    const auto figures = [](const std::string& body) {
        return body.substr(body.find("\"dry_run\""));
    };

    // The first sheet is the notes: read, and refused for the ledger's columns it lacks.
    auto first = upload(book, true, kXlsx);
    CHECK(first.status == 422);
    CHECK(Field(first.body, "sheet") == "说明");
    CHECK_THAT(first.body, Catch::Contains("\"field\":\"resident_id\",\"message\":\"the required "
                                           "column is missing\""));

    auto named =
        server.Call("POST", "/api/v1/imports/households?dry_run=true&sheet=%E5%8F%B0%E8%B4%A6",
                    book, cw, {{"Content-Type", kXlsx}});
    INFO(named.body);
    REQUIRE(named.status == 200);
    CHECK(Field(named.body, "format") == "xlsx");
    CHECK(Field(named.body, "sheet") == "台账");
    CHECK(figures(named.body) == figures(twin.body));

    auto unknown = server.Call("POST", "/api/v1/imports/households?sheet=Sheet9", book, cw,
                               {{"Content-Type", kXlsx}});
    CHECK(unknown.status == 400);
    CHECK(Field(unknown.body, "field") == "sheet");
    CHECK_THAT(unknown.body, Catch::Contains("it has 说明, 台账"));
    auto not_a_book = upload(Ledger(), false, kXlsx);
    CHECK(not_a_book.status == 400);
    CHECK(Field(not_a_book.body, "field") == "body");
    auto csv_with_sheet = server.Call("POST", "/api/v1/imports/households?sheet=a", Ledger(), cw,
                                      {{"Content-Type", "text/csv"}});
    CHECK(csv_with_sheet.status == 400);
    CHECK(Field(csv_with_sheet.body, "field") == "sheet");

    // A browser form: the workbook, or the GBK CSV, in the field "file".
    const std::string boundary = "----xfl-form-7MA4YWxkTrZu0gW";
    const std::map<std::string, std::string> form = {
        {"Content-Type", "multipart/form-data; boundary=" + boundary}};
    auto from_form = server.Call("POST", "/api/v1/imports/households",
                                 FormWith(boundary, "台账.xlsx", book, "台账"), cw, form);
    INFO(from_form.body);
    REQUIRE(from_form.status == 200);
    CHECK(Field(from_form.body, "households_new") == "3");
    auto csv_form = server.Call("POST", "/api/v1/imports/households?dry_run=true",
                                FormWith(boundary, "ledger.csv", ToGb18030(Ledger())), cw, form);
    CHECK(csv_form.status == 200);
    CHECK(Field(csv_form.body, "encoding") == "gb18030");
    CHECK(Field(csv_form.body, "events") == "0");  // imported already, from the workbook
    auto no_file = server.Call("POST", "/api/v1/imports/households",
                               "--" + boundary +
                                   "\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--" +
                                   boundary + "--\r\n",
                               cw, form);
    CHECK(no_file.status == 400);
    CHECK(Field(no_file.body, "field") == "file");

    // A resident ID typed as a number is what Excel keeps of it: refused as the CSV export is.
    std::vector<XlsxRow> rounded = LedgerAsWorkbookRows(Ledger());
    rounded[2][4] = XlsxNumber{std::stod(std::get<std::string>(rounded[2][4]))};
    auto refused = upload(XlsxWorkbook({{"Sheet1", rounded}}), true, kXlsx);
    CHECK(refused.status == 422);
    CHECK_THAT(refused.body, Catch::Contains("{\"line\":3,\"field\":\"resident_id\"") &&
                                 Catch::Contains("looks like a number a spreadsheet rounded"));
}

// What a standard reader (openpyxl) finds in a workbook: the first sheet's rows, one line each,
// cells separated by '|', a number cell marked with '#'.
std::string ReadWorkbook(const std::string& bytes) {
    TempDir dir;
    const auto book = dir.path() / "export.xlsx";
    const auto script = dir.path() / "read.py";
    std::ofstream(book, std::ios::binary) << bytes;
    std::ofstream(script) << "import sys, openpyxl\n"
                             "sheet = openpyxl.load_workbook(sys.argv[1]).worksheets[0]\n"
                             "for row in sheet.iter_rows(values_only=True):\n"
                             "    print('|'.join('' if v is None else ('#%d' % v if "
                             "isinstance(v, (int, float)) else str(v)) for v in row))\n";
    auto run = RunCommand("/usr/bin/python3 " + script.string() + " " + book.string() + " 2>&1");
    INFO(run.out);
    REQUIRE(run.exit_code == 0);
    return run.out;
}

TEST_CASE("exports open in Chinese Excel: a BOM, Chinese headings, and .xlsx workbooks") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.export", "caseworker", kLancheng);
    REQUIRE(Upload{server, cw}(Ledger()).status == 200);
    const std::string bom = "\xEF\xBB\xBF";
    const auto get = [&](const std::string& target) { return server.Call("GET", target, {}, cw); };

    const std::vector<std::pair<std::string, std::string>> csvs = {
        {"/api/v1/reports/zero-employment?region=530502001000&format=csv",
         "住户编号,村(社区),地址,户主,户主身份证号,认定日期,认定录入日期,已持续天数,帮扶计划期限,"
         "计划制定日期,"
         "计划迟制定天数,清零期限,计划逾期,清零逾期"},
        {"/api/v1/reports/zero-employment?region=530502001000&format=csv&list=cleared",
         "住户编号,村(社区),地址,户主,户主身份证号,认定日期,认定录入日期,清零日期,清零用时(天),"
         "清零原因,依据"},
        {"/api/v1/reports/labour-force?region=530502001000&format=csv",
         "区划代码,统计日期,统计维度,分类,数量"},
        {"/api/v1/reports/employment?region=530502001000&format=csv",
         "区划代码,起始日期,截止日期,统计维度,分类,数量"},
        {"/api/v1/reports/disputes?region=530502001000&format=csv",
         "区划代码,起始日期,截止日期,统计维度,分类,数量"},
        {"/api/v1/imports/households/template", "户编号,村(社区)代码,地址,姓名,身份证号,性别"},
        {"/api/v1/imports/employers/template", "统一社会信用代码,单位名称,单位类型"},
        {"/api/v1/imports/postings/template", "岗位编号,统一社会信用代码,岗位名称"},
    };
    for (const auto& [target, headings] : csvs) {
        INFO(target);
        auto reply = get(target);
        CHECK(reply.status == 200);
        CHECK(reply.headers["content-type"] == "text/csv; charset=utf-8");
        CHECK_THAT(reply.body, Catch::StartsWith(bom + headings));
    }
    // The board lists every open household of the region with its village by name.
    auto board = get("/api/v1/reports/zero-employment?region=530502001000&format=csv&limit=1");
    CHECK_THAT(board.body, Catch::Contains("（530502001002）"));
    CHECK(CountOf(board.body, "\r\n") == 2);  // the headings and household 1
    auto english =
        get("/api/v1/reports/zero-employment?region=530502001000&format=csv&headings=en");
    CHECK_THAT(
        english.body,
        Catch::StartsWith(
            bom + "id,village,address,head_name,head_resident_id,since,flag_recorded_on,days_open,"
                  "plan_due"));
    // Surveyed 2026-11-02 without a plan: the plan's week has passed.
    CHECK_THAT(english.body, Catch::Contains(",2026-11-09,,,2026-12-02,yes,"));
    CHECK(Field(get("/api/v1/reports/labour-force?region=530502001000&format=pdf").body, "field") ==
          "format");
    CHECK(
        Field(
            get("/api/v1/reports/zero-employment?region=530502001000&format=csv&headings=fr").body,
            "field") == "headings");

    // Workbooks: the title names the report, region and date; headings; counts as numbers.
    auto book = get("/api/v1/reports/zero-employment?region=530502001000&format=xlsx");
    REQUIRE(book.status == 200);
    CHECK(book.headers["content-type"] ==
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    CHECK_THAT(book.headers["content-disposition"], Catch::Contains(".xlsx"));
    const std::string board_rows = ReadWorkbook(book.body);
    CHECK_THAT(board_rows, Catch::StartsWith("零就业家庭（未清零） "));
    CHECK_THAT(board_rows,
               Catch::Contains(
                   "\n住户编号|村(社区)|地址|户主|户主身份证号|认定日期|认定录入日期|已持续天数|"));
    // The flag's date, the day it was recorded, then days open as a number.
    CHECK_THAT(board_rows, Catch::Matches("[^]*\\|2026-11-02\\|[0-9-]{10}\\|#[0-9]+\\|[^]*"));
    const std::string stats =
        ReadWorkbook(get("/api/v1/reports/labour-force?region=530502001000&format=xlsx").body);
    CHECK_THAT(stats, Catch::Contains("\n区划代码|统计日期|统计维度|分类|数量\n"));
    CHECK_THAT(stats, Catch::Contains("530502001000|"));
    CHECK_THAT(stats, Catch::Contains("|status|unemployed|#2\n"));
    const std::string sheet =
        ReadWorkbook(get("/api/v1/imports/households/template?format=xlsx").body);
    CHECK_THAT(sheet, Catch::Contains("|530502194912310020|"));  // the ID stays text
    CHECK(Upload{server, cw}(get("/api/v1/imports/households/template?headings=en").body, true)
              .status == 200);
    // A template is a file to fill in, not JSON.
    CHECK(Field(get("/api/v1/imports/households/template?format=json").body, "field") == "format");
}

TEST_CASE("the zero-employment board counts a whole region and lists it page by page") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.board", "caseworker", kLancheng);
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const std::int64_t today =
        xfl::domain::ChinaDay(std::chrono::duration_cast<std::chrono::microseconds>(now).count());
    const std::string surveyed = xfl::domain::FormatDate(today - 10);  // plan late, clearing not
    std::string csv = kHeader;
    for (int i = 0; i < 5; ++i) {  // five jobless one-person households
        const std::string n = std::to_string(i);
        csv += "J" + n + "," + kWangguan + ",王官社区J" + n + "号,失业" + n + "," +
               ValidResidentId("1980010" + std::to_string(i + 1), true, "3" + n) +
               ",male,1980-01-0" + std::to_string(i + 1) + ",primary,yes,yes,unemployed," +
               surveyed + "\n";
    }
    REQUIRE(Upload{server, cw}(csv).status == 200);
    const std::string base =
        std::string("/api/v1/reports/zero-employment?region=") + kLancheng + "&limit=2";

    auto first = server.Call("GET", base, {}, cw);
    REQUIRE(first.status == 200);
    CHECK(Field(first.body, "open") == "5");
    CHECK(Field(first.body, "plan_overdue") == "5");
    CHECK(Field(first.body, "clear_overdue") == "0");
    CHECK(Field(first.body, "overdue") == "5");
    std::set<std::string> seen;
    std::string body = first.body;
    for (int pages = 0; pages < 5; ++pages) {
        for (std::size_t at = 0; (at = body.find("\"id\":\"", at)) != std::string::npos; ++at) {
            seen.insert(body.substr(at + 6, body.find('"', at + 6) - at - 6));
        }
        const std::string cursor = Field(body, "next_cursor");
        if (cursor.empty()) break;
        body = server.Call("GET", base + "&cursor=" + cursor, {}, cw).body;
    }
    CHECK(seen.size() == 5);

    // A plan moves one household out of "plan overdue"; the city's figures include the village's.
    const std::string one = *seen.begin();
    REQUIRE(server
                .Call("POST", "/api/v1/households/" + one + "/plans",
                      "{\"caseworker\":\"cw.board\",\"measures\":[\"job_referral\"],\"date\":\"" +
                          xfl::domain::FormatDate(today) + "\"}",
                      cw)
                .status == 201);
    auto planned = server.Call("GET", base, {}, cw);
    CHECK(Field(planned.body, "open") == "5");
    CHECK(Field(planned.body, "plan_overdue") == "4");
    auto city = server.Call("GET", std::string("/api/v1/reports/zero-employment?region=") + kCity,
                            {}, server.admin_token());
    CHECK(Field(city.body, "plan_overdue") == "4");
    auto cleared_list = server.Call("GET", base + "&list=cleared", {}, cw);
    CHECK(Field(cleared_list.body, "cleared_count") == "0");
    CHECK(server.Call("GET", base + "&list=closed", {}, cw).status == 400);
    auto yesterday =
        server.Call("GET", base + "&as_of=" + xfl::domain::FormatDate(today - 1), {}, cw);
    CHECK(Field(yesterday.body, "open") == "0");
}

TEST_CASE("the daily review clears a household whose last seeker left working age") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.review", "caseworker", kLancheng);
    const auto now_us = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    const auto year = xfl::domain::CivilFromDays(xfl::domain::ChinaDay(now_us)).year;
    const std::string birth = std::to_string(year - 60) + "1231";  // 59 or 60 this year
    const std::string csv = kHeader + "R1," + kWangguan + ",王官社区R1号,老杨," +
                            ValidResidentId(birth, true, "41") + ",male," +
                            std::to_string(year - 60) + "-12-31,primary,yes,yes,unemployed," +
                            xfl::domain::FormatDate(xfl::domain::ChinaDay(now_us)) + "\n";
    auto imported = Upload{server, cw}(csv);
    INFO(imported.body);
    REQUIRE(imported.status == 200);
    const std::string board = std::string("/api/v1/reports/zero-employment?region=") + kWangguan;
    REQUIRE(Field(server.Call("GET", board, {}, cw).body, "open") == "1");

    auto today = xfl::api::ReviewZeroEmployment(server.api().services(), xfl::api::NowMicros());
    REQUIRE(today.ok());
    CHECK(*today == 0);  // still of working age
    const std::int64_t in_two_years = now_us + 2LL * 366 * 24 * 3600 * 1'000'000;
    auto later = xfl::api::ReviewZeroEmployment(server.api().services(), in_two_years);
    REQUIRE(later.ok());
    CHECK(*later == 1);
    auto cleared = server.Call("GET", board + "&list=cleared", {}, cw);
    CHECK(Field(cleared.body, "open") == "0");
    CHECK(Field(cleared.body, "reason") == "no_longer_working_age");
    const auto head = server.log().Head();
    CHECK(*xfl::api::ReviewZeroEmployment(server.api().services(), in_two_years) == 0);
    CHECK(server.log().Head() == head);
}

TEST_CASE("on a node that writes some households, an import lists the others with their node") {
    // As a Kafka node that writes half of the partitions: other households get 421's reason.
    ApiServer server;
    server.WriteOnly(HalfOfTheHouseholds);
    auto imported = Upload{server, server.admin_token()}(TwelveJoblessHouseholds());
    INFO(imported.body);
    CHECK(imported.status == 422);
    const auto elsewhere = CountOf(imported.body, "written by another node");
    CHECK(elsewhere > 0);
    CHECK(elsewhere < 12);
    // Households that were not imported are in no total.
    CHECK(std::stoul(Field(imported.body, "households_new")) + elsewhere == 12);
    CHECK(Field(imported.body, "households_unchanged") == "0");
}

TEST_CASE("each node's review clears the households it writes, past those of other nodes") {
    ApiServer server;
    auto imported = Upload{server, server.admin_token()}(TwelveJoblessHouseholds());
    INFO(imported.body);
    REQUIRE(imported.status == 200);
    const auto now_us = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    const std::int64_t in_25_years = now_us + 25LL * 366 * 24 * 3600 * 1'000'000;  // all over 60
    server.WriteOnly(HalfOfTheHouseholds);
    auto here = xfl::api::ReviewZeroEmployment(server.api().services(), in_25_years);
    REQUIRE(here.ok());
    CHECK(*here > 0);
    CHECK(*here < 12);
    server.WriteOnly({});  // the other node's review
    auto there = xfl::api::ReviewZeroEmployment(server.api().services(), in_25_years);
    REQUIRE(there.ok());
    CHECK(*here + *there == 12);
}

TEST_CASE(
    "a back-dated ledger: as_of answers what was known then, valid_on what was true then by the "
    "survey dates") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.dates", "caseworker", kLancheng);
    // Surveyed in the summer, recorded today: household 1 jobless on 15 June, household 2 on
    // 10 July, household 3 at work.
    auto surveyed = [](std::string row, const std::string& date) {
        return row.replace(row.rfind("2026-11-02"), 10, date);
    };
    const std::string ledger =
        kHeader +
        surveyed(Person("1", "周一", "19800101", true, "11", "unemployed"), "2026-06-15") +
        surveyed(Person("2", "吴二", "19810202", false, "12", "unemployed"), "2026-07-10") +
        surveyed(Person("3", "郑三", "19900303", true, "13", "employed_away"), "2026-07-10");
    REQUIRE(Upload{server, cw}(ledger).status == 200);
    const std::string board = std::string("/api/v1/reports/zero-employment?region=") + kWangguan;
    auto get = [&](const std::string& query) { return server.Call("GET", board + query, {}, cw); };

    // Today: both open, both back-dated.
    auto now = get("");
    CHECK(Field(now.body, "open") == "2");
    CHECK(Field(now.body, "backdated_open") == "2");
    CHECK_THAT(now.body, Catch::Contains("\"backdated\":true"));
    // What the system knew on 1 July: nothing, the ledger came later.
    auto known = get("&as_of=2026-07-01");
    CHECK(Field(known.body, "open") == "0");
    // What was true on 1 July by the survey dates: household 1, flagged 16 days before, its
    // plan (due 22 June) late, its clearing (due 15 July) not yet.
    auto july = get("&valid_on=2026-07-01");
    REQUIRE(july.status == 200);
    CHECK(Field(july.body, "valid_on") == "2026-07-01");
    CHECK(Field(july.body, "open") == "1");
    CHECK(Field(july.body, "plan_overdue") == "1");
    CHECK(Field(july.body, "clear_overdue") == "0");
    CHECK(Field(july.body, "backdated_open") == "1");
    CHECK(Field(july.body, "since") == "2026-06-15");
    CHECK(Field(july.body, "days_open") == "16");
    CHECK(Field(july.body, "plan_due") == "2026-06-22");
    // 20 July: both; household 1 past its clearing limit, household 2 past its plan's.
    auto later = get("&valid_on=2026-07-20");
    CHECK(Field(later.body, "open") == "2");
    CHECK(Field(later.body, "plan_overdue") == "2");
    CHECK(Field(later.body, "clear_overdue") == "1");
    CHECK(Field(later.body, "overdue") == "2");
    CHECK(Field(get("&valid_on=2026-06-14").body, "open") == "0");
    // Both at once: what was known on 1 July about 20 July.
    CHECK(Field(get("&as_of=2026-07-01&valid_on=2026-07-20").body, "open") == "0");
    auto csv = get("&valid_on=2026-07-01&format=csv&headings=en");
    CHECK(CountOf(csv.body, "\r\n") == 2);  // the headings and household 1
    CHECK_THAT(csv.body,
               Catch::Contains(",2026-06-15," +
                               xfl::domain::FormatDate(xfl::domain::ChinaDay(
                                   std::chrono::duration_cast<std::chrono::microseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count())) +
                               ",16,2026-06-22,"));
    auto future = get("&valid_on=2099-01-01");
    CHECK(future.status == 400);
    CHECK(Field(future.body, "field") == "valid_on");
    CHECK(Field(get("&valid_on=July").body, "field") == "valid_on");

    // One household as true on a day: not yet surveyed on 1 July, jobless on 20 July.
    std::string household_id = Field(now.body, "id");
    for (std::size_t at = now.body.find("\"id\":\""); at != std::string::npos;
         at = now.body.find("\"id\":\"", at + 1)) {
        if (now.body.substr(at, 400).find("2026-07-10") != std::string::npos) {
            household_id = now.body.substr(at + 6, now.body.find('"', at + 6) - at - 6);
            break;
        }
    }
    const std::string path = "/api/v1/households/" + household_id;
    auto before = server.Call("GET", path + "?valid_on=2026-07-01", {}, cw);
    REQUIRE(before.status == 200);
    CHECK(Field(before.body, "zero_employment") == "false");
    CHECK(Field(before.body, "status") == "");
    auto after = server.Call("GET", path + "?valid_on=2026-07-20", {}, cw);
    CHECK(Field(after.body, "zero_employment") == "true");
    CHECK(Field(after.body, "zero_employment_since") == "2026-07-10");
    CHECK(Field(after.body, "status") == "unemployed");

    // Labour-force statistics the same two ways; each person from the day they were surveyed.
    const std::string stats = std::string("/api/v1/reports/labour-force?region=") + kWangguan;
    auto figures = [&](const std::string& query) {
        return server.Call("GET", stats + query, {}, cw).body;
    };
    CHECK(Field(figures("&as_of=2026-07-01"), "people") == "0");
    CHECK(Field(figures("&valid_on=2026-06-01"), "people") == "0");
    const std::string first_july = figures("&valid_on=2026-07-01");
    CHECK(Field(first_july, "valid_on") == "2026-07-01");
    CHECK(Field(first_july, "people") == "1");
    CHECK_THAT(first_july, Catch::Contains("\"by_status\":{\"unemployed\":1}"));
    CHECK_THAT(figures("&valid_on=2026-07-20"),
               Catch::Contains("\"by_status\":{\"employed_away\":1,\"unemployed\":2}"));
    // 郑三 left on 1 August; 周一 was never there.
    // A step on the member found by name (percent-encoded), answered 200.
    auto member_step = [&](const std::string& q, const std::string& step, const std::string& body) {
        const std::string found = server.Call("GET", "/api/v1/people?q=" + q, {}, cw).body;
        return server
            .Call("POST",
                  "/api/v1/households/" + Field(found, "household_id") + "/members/" +
                      Field(found, "person_id") + "/" + step,
                  body, cw)
            .status;
    };
    REQUIRE(member_step("%E9%83%91%E4%B8%89", "leave",  // 郑三
                        "{\"reason\":\"moved_out\",\"date\":\"2026-08-01\"}") == 200);
    CHECK(Field(figures("&valid_on=2026-07-31"), "people") == "3");
    CHECK(Field(figures("&valid_on=2026-08-01"), "people") == "2");
    CHECK(Field(figures(""), "people") == "2");
    REQUIRE(member_step("%E5%91%A8%E4%B8%80", "entered-in-error",  // 周一
                        "{\"reason\":\"重复登记\"}") == 200);
    CHECK(Field(figures("&valid_on=2026-07-01"), "people") == "0");
    CHECK(Field(figures("&valid_on=2026-07-31"), "people") == "2");
    CHECK(Field(figures(""), "people") == "1");
}

TEST_CASE(
    "a ledger's own household number and columns are kept: the next import matches them, a "
    "changed cell is an update") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.columns", "caseworker", kLancheng);
    Upload upload{server, cw};
    const std::string header =
        "户编号,村(社区)代码,地址,姓名,身份证号,性别,出生日期,劳动能力,就业意愿,组别,备注\n";
    auto row = [&](const std::string& number, const std::string& name, const std::string& birth,
                   const std::string& serial, const std::string& note) {
        const std::string dashed =
            birth.substr(0, 4) + "-" + birth.substr(4, 2) + "-" + birth.substr(6, 2);
        return number + "," + kWangguan + ",王官社区9组1号," + name + "," +
               ValidResidentId(birth, true, serial) + ",男," + dashed + ",是,是,9组," + note + "\n";
    };
    auto first = upload(header + row("L9", "陈一", "19800101", "21", "低保户"));
    REQUIRE(first.status == 200);
    CHECK_THAT(first.body, Catch::Contains("\"kept_columns\":[\"组别\",\"备注\"]"));
    auto find = [&](const std::string& q) {
        return server.Call("GET", "/api/v1/people?q=" + q, {}, cw).body;
    };
    const std::string chen = find("%E9%99%88%E4%B8%80");  // 陈一
    const std::string path = "/api/v1/households/" + Field(chen, "household_id");
    auto household = server.Call("GET", path, {}, cw).body;
    CHECK(Field(household, "ledger_number") == "L9");
    CHECK_THAT(household,
               Catch::Contains("\"ledger_columns\":{\"组别\":\"9组\",\"备注\":\"低保户\"}"));
    // The same ledger again changes nothing; a changed note is the member's update.
    CHECK(Field(upload(header + row("L9", "陈一", "19800101", "21", "低保户")).body, "events") ==
          "0");
    auto changed = upload(header + row("L9", "陈一", "19800101", "21", "低保户;残疾"));
    CHECK(Field(changed.body, "members_updated") == "1");
    CHECK_THAT(server.Call("GET", path, {}, cw).body, Catch::Contains("\"备注\":\"低保户;残疾\""));
    // A PATCH of other details keeps the ledger's columns.
    REQUIRE(server
                .Call("PATCH", path + "/members/" + Field(chen, "person_id"),
                      "{\"phone\":\"13912340000\"}", cw)
                .status == 200);
    CHECK_THAT(server.Call("GET", path, {}, cw).body, Catch::Contains("\"组别\":\"9组\""));
    // 陈一 moves out; the ledger lists a newcomer under the same number: the same household.
    REQUIRE(server
                .Call("POST", path + "/members/" + Field(chen, "person_id") + "/leave",
                      "{\"reason\":\"moved_out\",\"date\":\"2026-11-01\"}", cw)
                .status == 200);
    REQUIRE(upload(header + row("L9", "陈二", "19900101", "23", "")).status == 200);
    CHECK(Field(find("%E9%99%88%E4%BA%8C"), "household_id") == Field(chen, "household_id"));

    // A household registered by hand takes the number its first imported ledger gives it.
    auto created = server.Call(
        "POST", "/api/v1/households",
        std::string("{\"region\":\"") + kWangguan + "\",\"address\":\"王官社区9组2号\"}", cw);
    const std::string by_hand = "/api/v1/households/" + Field(created.body, "id");
    REQUIRE(server
                .Call("POST", by_hand + "/members",
                      std::string("{\"name\":\"林三\",\"resident_id\":\"") +
                          ValidResidentId("19850505", true, "25") +
                          "\",\"sex\":\"male\",\"birth_date\":\"1985-05-05\","
                          "\"labour_capacity\":true,\"wants_work\":true}",
                      cw)
                .status == 201);
    REQUIRE(upload(header + row("L10", "林三", "19850505", "25", "")).status == 200);
    CHECK(Field(server.Call("GET", by_hand, {}, cw).body, "ledger_number") == "L10");
    CHECK_THAT(server.Call("GET", by_hand + "/history", {}, cw).body,
               Catch::Contains("household.ledger_number_recorded"));
}

TEST_CASE("a ledger file streamed from disk answers as the same ledger uploaded") {
    using Report = xfl::api::LedgerImportReport;
    ApiServer server;
    Upload upload{server, server.UserWithRole("cw.stream", "caseworker", kLancheng)};
    TempDir dir;
    auto& services = server.api().services();
    const auto write = [&](const std::string& name, const std::string& bytes) {
        const auto path = dir.path() / name;
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    };
    const auto streamed = [&](const std::filesystem::path& path, bool dry_run,
                              std::string_view sheet = "") {
        auto report =
            xfl::api::ImportLedgerFileAs(services, path, std::nullopt, sheet, dry_run, "cw.stream");
        REQUIRE(report.ok());
        return *report;
    };
    // The answer to the same rows read from another kind of file.
    const auto as_read_from = [](Report report, const Report& other) {
        report.source = other.source;
        return report.ToJson();
    };
    // A title row; household 1's people apart (lines 3 and 6); a repeated row; a bad date; a
    // person listed in two households; a village outside the caseworker's area.
    const std::string tengchong_row =
        "9,530581001001,腾越1号,杨九,530502198503150028,female,1985-03-15,primary,yes,yes,,\n";
    const std::string broken = "2026年王官社区摸排台账\n" + kHeader +
                               Person("1", "周一", "19800101", true, "11", "unemployed") +
                               Person("2", "郑三", "19900303", true, "13", "employed_away") +
                               Person("2", "郑三", "19900303", true, "13", "employed_away") +
                               Person("1", "吴二", "19810202", false, "12", "unemployed") +
                               Person("3", "冯四", "197004xx", false, "14", "") +
                               Person("3", "周一", "19800101", true, "11", "unemployed") +
                               tengchong_row;
    const auto uploaded = upload(broken, true);
    CHECK(uploaded.status == 422);
    const auto file = streamed(write("broken.csv", broken), true);
    INFO(file.ToJson());
    CHECK(file.ToJson() == uploaded.body);
    CHECK(file.errors.size() == 4);
    CHECK(file.merged_rows == 1);

    // As GBK with a byte-order mark's absence detected, and as UTF-8 with one: the same answer.
    const auto gbk = streamed(write("gbk.csv", ToGb18030(broken)), true);
    CHECK(gbk.source.encoding == "gb18030");
    CHECK(gbk.errors.size() == file.errors.size());
    CHECK(streamed(write("bom.csv", "\xEF\xBB\xBF" + broken), true).ToJson() == file.ToJson());
    // As a workbook's second sheet (numbers and date cells as Excel types them): the same rows.
    const auto book =
        write("broken.xlsx",
              XlsxWorkbook({{"说明", {{std::string("填表说明")}}}, {"台账", XlsxRowsOf(broken)}}));
    const auto from_book = streamed(book, true, "台账");
    CHECK(from_book.source.format == "xlsx");
    CHECK(from_book.source.sheet == "台账");
    CHECK(as_read_from(from_book, file) == file.ToJson());

    // Imported from the file (household 1 from two places in it): the upload of the same
    // ledger then finds nothing to change.
    const std::string good = kHeader + Person("1", "周一", "19800101", true, "11", "unemployed") +
                             Person("2", "郑三", "19900303", true, "13", "employed_away") +
                             Person("1", "吴二", "19810202", false, "12", "unemployed");
    const auto good_book = write("good.xlsx", XlsxWorkbook({{"台账", LedgerAsWorkbookRows(good)}}));
    const auto checked = streamed(good_book, true);
    CHECK(as_read_from(checked, file) ==
          as_read_from(streamed(write("good.csv", good), true), file));
    const auto imported = streamed(good_book, false);
    INFO(imported.ToJson());
    CHECK(imported.errors.empty());
    CHECK(imported.households_new == 2);
    CHECK(imported.members_added == 3);
    const auto again = upload(good);
    CHECK(again.status == 200);
    CHECK(Field(again.body, "households_unchanged") == "2");
    CHECK(Field(again.body, "events") == "0");

    // Bytes that are no text name their line; a file that is not there is named; so is a sheet
    // the workbook lacks, and a sheet asked of a CSV.
    auto garbled = xfl::api::ImportLedgerFileAs(
        services, write("bad.csv", kHeader + "\xFF\xFF,\x81\n"), "gb18030", "", true, "cw.stream");
    REQUIRE(!garbled.ok());
    CHECK_THAT(garbled.error().message, Catch::Contains("line 2"));
    CHECK(!xfl::api::ImportLedgerFileAs(services, dir.path() / "none.csv", std::nullopt, "", true,
                                        "cw.stream")
               .ok());
    for (const auto& [path, sheet] :
         {std::pair{book, "Sheet1"}, {dir.path() / "good.csv", "台账"}}) {
        auto refused =
            xfl::api::ImportLedgerFileAs(services, path, std::nullopt, sheet, true, "cw.stream");
        REQUIRE(!refused.ok());
        CHECK(refused.error().field == "sheet");
    }
}
