// Employer and posting lists as pure rules: Chinese headers and words, every bad row by line and
// field, repeated rows, and what a re-imported row changes.
#include "xfl/domain/employment/sheets.hpp"

#include <catch2/catch.hpp>

#include "xfl/domain/employment/credit_code.hpp"
#include "xfl/domain/kernel/time.hpp"

using namespace xfl;
using namespace xfl::domain;

namespace {

const std::int64_t kToday = *ParseDate("2026-11-20", "today");
const TradeCatalogue kTrades = BuiltInTrades();
bool Known(std::string_view trade) { return kTrades.Knows(trade); }

std::string CodeFor(std::string first17) { return first17 + CreditCode::CheckCharacter(first17); }
const std::string kCoop = CodeFor("93530502MA6K5XWJ1");
const std::string kFarm = CodeFor("91530521MA6N2P7Q3");

const std::string kEmployerHeader =
    "统一社会信用代码,单位名称,单位类型,所属行业,区划代码,地址,联系人,联系电话\r\n";

bool HasError(const std::vector<SheetError>& errors, std::size_t line, const std::string& field) {
    for (const auto& e : errors) {
        if (e.line == line && e.field == field) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("an employer list in Chinese: headers, kinds and industry names read") {
    const std::string csv = kEmployerHeader + kCoop +
                            ",保山市隆阳区咖啡专业合作社,农民专业合作社,A01 农业,530502100000,"
                            "永昌街道,李红,13800001111\r\n" +
                            kFarm +
                            ",施甸县蔬菜基地,基地,a,530521000000,施甸县,王强,13900002222\r\n";
    auto parsed = ParseEmployerSheet(SplitCsv(csv));
    REQUIRE(parsed.errors.empty());
    REQUIRE(parsed.rows.size() == 2);
    CHECK(parsed.rows_read == 2);
    const EmployerRegistered& coop = parsed.rows[0].employer;
    CHECK(coop.employer_id == kCoop);
    CHECK(coop.kind == "cooperative");
    CHECK(coop.industry == "A01");
    CHECK(parsed.rows[1].employer.kind == "farm");
    CHECK(parsed.rows[1].employer.industry == "A");
    CHECK(parsed.rows[1].line == 3);
}

TEST_CASE("an employer list reports every bad row by line and field") {
    std::string bad_check = kCoop;
    bad_check.back() = bad_check.back() == '0' ? '1' : '0';
    const std::string csv = kEmployerHeader + bad_check +
                            ",甲,企业,C,530502000000,地址,张三,13800001111\n" +           // 2
                            kFarm + ",乙,车间,Z9,530502000000,地址,张三,13800001111\n" +  // 3
                            kCoop + ",丙,企业,C,530502000000,地址,张三,not-a-phone\n" +   // 4
                            kCoop + ",丙,企业,C,530502000000,地址,张三,13800001111\n" +   // 5
                            kCoop + ",丙,企业,C,530502000000,地址,张三,13800001111\n" +   // 6
                            kCoop + ",丁,企业,C,530502000000,地址,张三,13800001111\n" +   // 7
                            ",,,,,,,\n";                                                  // blank
    auto parsed = ParseEmployerSheet(SplitCsv(csv));
    CHECK(HasError(parsed.errors, 2, "credit_code"));
    CHECK(HasError(parsed.errors, 3, "kind"));
    CHECK(HasError(parsed.errors, 3, "industry"));  // each problem of a row, at once
    CHECK(HasError(parsed.errors, 4, "contact_phone"));
    CHECK(HasError(parsed.errors, 7, "credit_code"));  // listed at line 5 with another name
    CHECK(parsed.errors.size() == 5);
    CHECK(parsed.merged_rows == 1);
    CHECK(parsed.rows_read == 6);
    REQUIRE(parsed.rows.size() == 1);
    CHECK(parsed.rows[0].line == 5);
}

TEST_CASE("an employer list needs its columns, once each") {
    auto missing = ParseEmployerSheet(SplitCsv("统一社会信用代码,单位名称\n" + kCoop + ",甲\n"));
    CHECK(HasError(missing.errors, 1, "kind"));
    CHECK(HasError(missing.errors, 1, "contact_phone"));
    CHECK(missing.rows.empty());
    auto twice = ParseEmployerSheet(
        SplitCsv("credit_code,统一社会信用代码,name,kind,industry,region,address,contact_name,"
                 "contact_phone,工资\n"));
    CHECK(HasError(twice.errors, 1, "credit_code"));
    CHECK(HasError(twice.errors, 1, "工资"));
    auto empty = ParseEmployerSheet(SplitCsv(""));
    CHECK(HasError(empty.errors, 0, "file"));
    auto header_only = ParseEmployerSheet(SplitCsv(kEmployerHeader));
    CHECK(HasError(header_only.errors, 0, "file"));
}

TEST_CASE("a re-imported employer changes only what differs; kind or region are not imported") {
    EmployerRegistered listed{kCoop,          "甲合作社", "cooperative", "A01",
                              "530502100000", "永昌街道", "李红",        "13800001111"};
    auto registered = DecideImportEmployer({}, listed);
    REQUIRE(registered.ok());
    REQUIRE(registered->size() == 1);
    EmployerState s = Evolve(EmployerState{}, (*registered)[0]);

    auto again = DecideImportEmployer(s, listed);
    REQUIRE(again.ok());
    CHECK(again->empty());

    EmployerRegistered renamed = listed;
    renamed.name = "乙合作社";
    renamed.contact_phone = "13900002222";
    auto changed = DecideImportEmployer(s, renamed);
    REQUIRE(changed.ok());
    REQUIRE(changed->size() == 2);
    CHECK(std::get<EmployerRenamed>((*changed)[0]).name == "乙合作社");
    CHECK(std::get<EmployerContactChanged>((*changed)[1]).contact_phone == "13900002222");

    EmployerRegistered moved = listed;
    moved.region = "530521000000";
    auto refused = DecideImportEmployer(s, moved);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().field == "region");
}

TEST_CASE("a posting list in Chinese: trades by name, units, terms and what is provided") {
    const std::string csv =
        "岗位编号,统一社会信用代码,岗位名称,工种,技能等级,招聘人数,工资(元),计薪方式,开始日期,"
        "结束日期,用工形式,提供条件,岗位来源\n"
        "K-001," +
        kCoop +
        ",咖啡采摘工,咖啡种植与采摘,初级工,30,120,日,2026/12/1,2027/1/31,季节工,"
        "包吃、拎包入住；往返接送,劳务平台\n"
        "K-002," +
        kCoop + ",仓库管理员,logistics,,2,3500.5,月,2026-12-01,,长期,,\n";
    auto parsed = ParsePostingSheet(SplitCsv(csv), kTrades);
    REQUIRE(parsed.errors.empty());
    REQUIRE(parsed.rows.size() == 2);
    const PostingOpened& picking = parsed.rows[0].posting;
    CHECK(parsed.rows[0].ref == "K-001");
    CHECK(picking.employer_id == kCoop);
    CHECK(picking.trade == "coffee");
    CHECK(picking.skill_level == "junior");
    CHECK(picking.headcount == 30);
    CHECK(picking.wage_fen == 12000);
    CHECK(picking.wage_unit == "day");
    CHECK(picking.start_date == "2026-12-01");
    CHECK(picking.end_date == "2027-01-31");
    CHECK(picking.term == "seasonal");
    CHECK(picking.provides == std::vector<std::string>{"meals", "lodging", "transport"});
    CHECK(picking.source == "labour_platform");
    CHECK(picking.source_ref == "K-001");
    const PostingOpened& store = parsed.rows[1].posting;
    CHECK(store.wage_fen == 350050);
    CHECK(store.term == "long_term");
    CHECK(store.source == "employer_request");
    CHECK(store.region.empty());
}

TEST_CASE("a posting list reports bad cells by line and field; a number used twice is named") {
    const std::string header =
        "ref,employer,title,trade,headcount,wage_yuan,wage_unit,start_date,term,source\n";
    const std::string csv = header + "A 1," + kCoop +
                            ",采摘,coffee,3,100,day,2026-12-01,gig,\n" +                       // 2
                            "A2,123," + "采摘,coffee,3,100,day,2026-12-01,gig,\n" +            // 3
                            "A3," + kCoop + ",采摘,橡胶,3,100,day,2026-12-01,gig,\n" +         // 4
                            "A4," + kCoop + ",采摘,coffee,0,100,day,2026-12-01,gig,\n" +       // 5
                            "A5," + kCoop + ",采摘,coffee,3,-5,day,2026-12-01,gig,\n" +        // 6
                            "A6," + kCoop + ",采摘,coffee,3,100,day,2026-12-01,gig,走访\n" +   // 7
                            "A7," + kCoop + ",采摘,coffee,3,100,day,2026-12-01,gig,\n" +       // 8
                            "A7," + kCoop + ",采摘,coffee,4,100,day,2026-12-01,gig,\n" +       // 9
                            "A8," + kCoop + ",采摘,coffee,3,100,day,2026-12-01,gig,,extra\n";  // 10
    auto parsed = ParsePostingSheet(SplitCsv(csv), kTrades);
    CHECK(HasError(parsed.errors, 2, "ref"));
    CHECK(HasError(parsed.errors, 3, "employer"));
    CHECK(HasError(parsed.errors, 4, "trade"));
    CHECK(HasError(parsed.errors, 5, "headcount"));
    CHECK(HasError(parsed.errors, 6, "wage_yuan"));
    CHECK(HasError(parsed.errors, 9, "ref"));
    CHECK(HasError(parsed.errors, 10, "row"));
    CHECK(parsed.rows.size() == 2);  // A6 (its source is decided later) and A7
}

TEST_CASE("an imported posting opens once; the same number with other terms is refused") {
    PostingOpened p;
    p.posting_id = ImportedPostingId(kCoop, "K-001");
    p.employer_id = kCoop;
    p.employer_name = "甲合作社";
    p.title = "咖啡采摘工";
    p.trade = "coffee";
    p.region = "530502100000";
    p.headcount = 30;
    p.wage_fen = 12000;
    p.wage_unit = "day";
    p.start_date = "2026-12-01";
    p.end_date = "2027-01-31";
    p.term = "seasonal";
    p.source = "labour_platform";
    p.source_ref = "K-001";
    CHECK(p.posting_id == "pi" + kCoop + "-K-001");
    auto opened = DecideImportPosting({}, p, kToday, Known);
    REQUIRE(opened.ok());
    REQUIRE(opened->size() == 1);
    PostingState s = Evolve(PostingState{}, (*opened)[0]);

    PostingOpened renamed_employer = p;
    renamed_employer.employer_name = "乙合作社";
    auto again = DecideImportPosting(s, renamed_employer, kToday, Known);
    REQUIRE(again.ok());
    CHECK(again->empty());

    PostingOpened more = p;
    more.headcount = 40;
    auto refused = DecideImportPosting(s, more, kToday, Known);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().field == "ref");

    PostingOpened bad = p;
    bad.posting_id = ImportedPostingId(kCoop, "K-002");
    bad.end_date = "2026-11-01";
    auto ended = DecideImportPosting({}, bad, kToday, Known);
    REQUIRE_FALSE(ended.ok());
    CHECK(ended.error().field == "end_date");
}
