// Employer and posting lists uploaded over HTTP (and as the command line imports them): dry run,
// import, re-import, changes, every bad row at once, scope.
#include <catch2/catch.hpp>

#include "support/api_server.hpp"
#include "support/json_field.hpp"
#include "xfl/api/employment/employment.hpp"
#include "xfl/domain/employment/credit_code.hpp"
#include "xfl/domain/kernel/time.hpp"

using namespace xfl;
using namespace xfl::testing;

namespace {

std::string CreditCode(const std::string& first17) {
    return first17 + domain::CreditCode::CheckCharacter(first17);
}

const std::string kCoffee = CreditCode("93530502MA6K5XWJ1");
const std::string kTea = CreditCode("91530502MA6N2P7Q3");
const std::string kShidian = CreditCode("91530521MA6P8R2T4");  // 施甸县

const std::string kEmployerHeader =
    "统一社会信用代码,单位名称,单位类型,所属行业,区划代码,地址,联系人,联系电话\n";

std::string Employers(const std::string& coffee_name = "隆阳区咖啡专业合作社",
                      const std::string& coffee_phone = "13800001111") {
    return kEmployerHeader + kCoffee + "," + coffee_name +
           ",农民专业合作社,A01 农业,530502001000,兰城街道正阳南路1号,李红," + coffee_phone + "\n" +
           kTea + ",隆阳区茶叶公司,企业,C15,530502001002,王官社区3组,赵六,13900002222\n";
}

std::string DaysFromToday(int days) {
    return domain::FormatDate(domain::ChinaDay(api::NowMicros()) + days);
}

const std::string kPostingHeader =
    "岗位编号,统一社会信用代码,岗位名称,工种,招聘人数,工作地点代码,工资(元),计薪方式,开始日期,"
    "结束日期,用工形式,提供条件\n";

std::string Posting(const std::string& ref, const std::string& employer, int headcount,
                    const std::string& region = "") {
    return ref + "," + employer + ",咖啡采摘工,咖啡种植与采摘," + std::to_string(headcount) + "," +
           region + ",120,日," + DaysFromToday(10) + "," + DaysFromToday(70) +
           ",季节工,包吃、拎包入住\n";
}

struct Upload {
    ApiServer& server;
    std::string token;
    std::string kind;
    HttpReply operator()(const std::string& csv, bool dry_run = false) {
        return server.Call("POST",
                           "/api/v1/imports/" + kind + "?dry_run=" + (dry_run ? "true" : "false"),
                           csv, token, {{"Content-Type", "text/csv"}});
    }
};

}  // namespace

TEST_CASE("an employer list is checked, imported once, and re-imported as changes only") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.employers", "caseworker", "530502");
    Upload upload{server, cw, "employers"};
    const auto before = server.log().Head();

    auto dry = upload(Employers(), true);
    INFO(dry.body);
    REQUIRE(dry.status == 200);
    CHECK(Field(dry.body, "created") == "2");
    CHECK(server.log().Head() == before);

    auto imported = upload(Employers());
    REQUIRE(imported.status == 200);
    CHECK(Field(imported.body, "created") == "2");
    CHECK(Field(imported.body, "events") == "2");
    auto coffee = server.Call("GET", "/api/v1/employers/" + kCoffee, {}, cw);
    REQUIRE(coffee.status == 200);
    CHECK(Field(coffee.body, "kind") == "cooperative");
    CHECK(Field(coffee.body, "industry") == "A01");
    const auto after = server.log().Head();

    SECTION("the same list again appends nothing") {
        auto again = upload(Employers());
        CHECK(again.status == 200);
        CHECK(Field(again.body, "unchanged") == "2");
        CHECK(Field(again.body, "events") == "0");
        CHECK(server.log().Head() == after);
    }
    SECTION("a new name and phone are a rename and a contact change") {
        auto changed = upload(Employers("保山咖啡合作社", "13800009999"));
        INFO(changed.body);
        CHECK(changed.status == 200);
        CHECK(Field(changed.body, "changed") == "1");
        CHECK(Field(changed.body, "events") == "2");
        auto renamed = server.Call("GET", "/api/v1/employers/" + kCoffee, {}, cw);
        CHECK(Field(renamed.body, "name") == "保山咖啡合作社");
        CHECK(Field(renamed.body, "contact_phone") == "13800009999");
    }
    SECTION("the command line imports as a named account, alike") {
        auto cli = api::ImportEmploymentSheetAs(
            server.api().services(), api::EmploymentSheet::kEmployers,
            {{}, domain::SplitCsv(Employers("保山咖啡合作社"))}, false, "cw.employers");
        REQUIRE(cli.ok());
        CHECK(cli->changed == 1);
        CHECK(cli->errors.empty());
        auto nobody =
            api::ImportEmploymentSheetAs(server.api().services(), api::EmploymentSheet::kEmployers,
                                         {{}, domain::SplitCsv(Employers())}, false, "nobody");
        CHECK_FALSE(nobody.ok());
    }
}

TEST_CASE("an employer list with bad rows reports them all and writes nothing") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.bad.employers", "caseworker", "530502");
    Upload upload{server, cw, "employers"};
    std::string wrong_check = kCoffee;
    wrong_check.back() = wrong_check.back() == '0' ? '1' : '0';
    const std::string csv =
        Employers() +                                                      // 2, 3
        wrong_check + ",甲,企业,C,530502001000,地址,张三,13800001111\n" +  // 4
        kShidian + ",乙,企业,C,530521000000,施甸县,张三,13800001111\n" +   // 5
        CreditCode("91530502MA6Q1W2E3") + ",丙,企业,C,530502999000,地址,张三,13800001111\n" +  // 6
        CreditCode("91530502MA6Q1W2E4") + ",丁,企业,C,530502001000,地址,张三,phone\n";         // 7
    const auto before = server.log().Head();
    auto refused = upload(csv);
    INFO(refused.body);
    REQUIRE(refused.status == 422);
    CHECK_THAT(refused.body, Catch::Contains("nothing was imported"));
    CHECK_THAT(refused.body, Catch::Contains("{\"line\":4,\"field\":\"credit_code\""));
    CHECK_THAT(refused.body, Catch::Contains("{\"line\":5,\"field\":\"region\""));
    CHECK_THAT(refused.body, Catch::Contains("outside your area"));
    CHECK_THAT(refused.body, Catch::Contains("{\"line\":6,\"field\":\"region\""));
    CHECK_THAT(refused.body, Catch::Contains("{\"line\":7,\"field\":\"contact_phone\""));
    CHECK(refused.body.find("\"line\":4") < refused.body.find("\"line\":7"));
    CHECK(server.log().Head() == before);

    auto not_csv = server.Call("POST", "/api/v1/imports/employers", Employers(), cw);
    CHECK(not_csv.status == 415);
}

TEST_CASE("a posting list opens postings of registered employers, once") {
    ApiServer server;
    const std::string cw = server.UserWithRole("cw.postings", "caseworker", "530502");
    const std::string shidian = server.UserWithRole("cw.shidian", "caseworker", "530521");
    Upload postings{server, cw, "postings"};

    auto early = postings(kPostingHeader + Posting("K-1", kCoffee, 30));
    INFO(early.body);
    REQUIRE(early.status == 422);
    CHECK_THAT(early.body, Catch::Contains("import the employer list first"));

    REQUIRE(Upload{server, cw, "employers"}(Employers()).status == 200);
    auto other = Upload{server, shidian, "employers"}(
        kEmployerHeader + kShidian + ",施甸公司,企业,C,530521000000,施甸县,张三,13800001111\n");
    REQUIRE(other.status == 200);

    const std::string list = kPostingHeader + Posting("K-1", kCoffee, 30, "530502001002") +
                             Posting("K-2", kTea, 2) + Posting("K-2", kTea, 2);
    auto dry = postings(list, true);
    INFO(dry.body);
    REQUIRE(dry.status == 200);
    CHECK(Field(dry.body, "created") == "2");
    CHECK(Field(dry.body, "merged_rows") == "1");

    auto imported = postings(list);
    REQUIRE(imported.status == 200);
    CHECK(Field(imported.body, "created") == "2");
    auto picking = server.Call("GET", "/api/v1/postings/pi" + kCoffee + "-K-1", {}, cw);
    INFO(picking.body);
    REQUIRE(picking.status == 200);
    CHECK(Field(picking.body, "trade") == "coffee");
    CHECK(Field(picking.body, "headcount") == "30");
    CHECK(Field(picking.body, "wage_fen") == "12000");
    CHECK(Field(picking.body, "region") == "530502001002");
    CHECK(Field(picking.body, "source_ref") == "K-1");
    auto tea = server.Call("GET", "/api/v1/postings/pi" + kTea + "-K-2", {}, cw);
    CHECK(Field(tea.body, "region") == "530502001002");  // the employer's
    auto listed = server.Call("GET", "/api/v1/postings?region=530502&open=true", {}, cw);
    CHECK_THAT(listed.body, Catch::Contains("pi" + kCoffee + "-K-1"));

    const auto after = server.log().Head();
    auto again = postings(list);
    CHECK(again.status == 200);
    CHECK(Field(again.body, "unchanged") == "2");
    CHECK(server.log().Head() == after);

    // Other terms under a number already used, an employer of another county, bad cells.
    auto refused = postings(kPostingHeader + Posting("K-1", kCoffee, 31, "530502001002") +
                            Posting("S-1", kShidian, 3) + Posting("K-3", kCoffee, 0) + "K-4," +
                            kCoffee + ",采摘,coffee,3,,-1,日,2026-12-01,,长期,\n");
    INFO(refused.body);
    REQUIRE(refused.status == 422);
    CHECK_THAT(refused.body, Catch::Contains("{\"line\":2,\"field\":\"ref\""));
    CHECK_THAT(refused.body, Catch::Contains("{\"line\":3,\"field\":\"employer\""));
    CHECK_THAT(refused.body, Catch::Contains("{\"line\":4,\"field\":\"headcount\""));
    CHECK_THAT(refused.body, Catch::Contains("{\"line\":5,\"field\":\"wage_yuan\""));
    // The other county's employer reads as missing: its existence is not revealed.
    CHECK_THAT(refused.body, Catch::Contains("no employer " + kShidian + " in your area"));
    CHECK(server.log().Head() == after);
}
