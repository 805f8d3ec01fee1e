// Survey ledgers as pure functions: CSV parsing and checks, and what a row changes.
#include "xfl/domain/households/ledger.hpp"

#include <catch2/catch.hpp>

#include "support/parse_ledger.hpp"
#include "support/resident_ids.hpp"
#include "xfl/domain/kernel/time.hpp"

using namespace xfl;
using namespace xfl::domain;
using xfl::testing::ParsedLedger;
using xfl::testing::ParseLedger;
using xfl::testing::ValidResidentId;

namespace {

const std::int64_t kToday = *ParseDate("2026-11-24", "today");
const ZeroEmploymentPolicy kPolicy;
constexpr char kHeader[] =
    "household,region,address,name,resident_id,sex,birth_date,education,skills,labour_capacity,"
    "wants_work,categories,status,monthly_income_yuan,survey_date\n";

const std::string kFather = ValidResidentId("19800101", true, "01");
const std::string kMother = ValidResidentId("19820202", false, "02");
const std::string kGrandma = ValidResidentId("19500303", false, "03");

std::string Row(const std::string& household, const std::string& name, const std::string& id,
                const std::string& sex, const std::string& birth, const std::string& rest) {
    return household + ",530502001002,兰城街道王官社区3组," + name + "," + id + "," + sex + "," +
           birth + "," + rest + "\n";
}

// Two households: one jobless couple (zero-employment) and a grandmother alone.
std::string TwoHouseholds() {
    return kHeader +
           Row("A01", "王强", kFather, "male", "1980-01-01",
               "junior_secondary,电工;砌筑,yes,yes,rural_labour,unemployed,0,2026-11-01") +
           Row("A01", "李梅", kMother, "female", "1982-02-02",
               "primary,,yes,yes,rural_labour;poverty_alleviated,unemployed,,2026-11-01") +
           Row("A02", "赵奶奶", kGrandma, "female", "1950-03-03", "none,,no,no,,,,");
}

std::string NewId(std::string_view prefix) {
    static int n = 0;
    return std::string(prefix) + std::to_string(++n);
}

HouseholdState Apply(HouseholdState s, const std::vector<HouseholdEvent>& events) {
    for (const auto& e : events) s = Evolve(std::move(s), e);
    return s;
}

template <class E>
std::size_t CountOf(const std::vector<HouseholdEvent>& events) {
    return static_cast<std::size_t>(std::count_if(
        events.begin(), events.end(), [](const auto& e) { return std::holds_alternative<E>(e); }));
}

LedgerDecision Decide(const HouseholdState& s, const LedgerHousehold& h,
                      std::vector<SheetError>& errors) {
    return DecideLedgerHousehold(s, "h1", h, "caseworker1", kToday, kPolicy, NewId, errors);
}

}  // namespace

TEST_CASE("a ledger's rows are read into households, in English or in Chinese") {
    SECTION("English headings and codes") {
        ParsedLedger ledger = ParseLedger(SplitCsv(TwoHouseholds()), kToday);
        INFO((ledger.errors.empty() ? "" : ledger.errors[0].message));
        REQUIRE(ledger.errors.empty());
        CHECK(ledger.rows == 3);
        REQUIRE(ledger.households.size() == 2);
        const LedgerRow& father = ledger.households[0].rows[0];
        CHECK(father.line == 2);
        CHECK(father.member.skills == std::vector<std::string>{"电工", "砌筑"});
        CHECK(father.status == "unemployed");
        CHECK(ledger.households[0].rows[1].member.categories ==
              std::vector<std::string>{"rural_labour", "poverty_alleviated"});
        CHECK(ledger.households[1].rows[0].status.empty());
    }
    SECTION("Chinese headings and words, a BOM, CRLF, spreadsheet dates, quoted cells") {
        const std::string csv =
            "\xEF\xBB\xBF户编号,村(社区)代码,地址,姓名,身份证号,性别,出生日期,文化程度,技能,"
            "技能等级,劳动能力,就业意愿,人员类别,就业状态,月收入(元),摸排日期\r\n"
            "B7,530502001002,\"王官社区, 5组\",王强," +
            kFather +
            ",男,1980/1/"
            "1,初中,\"电工、\n砌筑\",高级工,是,是,脱贫劳动力、农村劳动力,外出务工,3200.5,"
            "2026/11/1\r\n" +
            "B7,530502001002,\"王官社区, 5组\",李梅," + kMother +
            ",女,1982-02-02,小学,,,有,否,,,,\r\n";
        ParsedLedger ledger = ParseLedger(SplitCsv(csv), kToday);
        INFO((ledger.errors.empty() ? "" : ledger.errors[0].message));
        REQUIRE(ledger.errors.empty());
        REQUIRE(ledger.households.size() == 1);
        const LedgerRow& father = ledger.households[0].rows[0];
        CHECK(ledger.households[0].address == "王官社区, 5组");
        CHECK(father.member.sex == "male");
        CHECK(father.member.birth_date == "1980-01-01");
        CHECK(father.member.education == "junior_secondary");
        CHECK(father.member.skill_level == "senior");
        CHECK(father.member.skills == std::vector<std::string>{"电工", "砌筑"});
        CHECK(father.member.categories ==
              std::vector<std::string>{"poverty_alleviated", "rural_labour"});
        CHECK(father.status == "employed_away");
        CHECK(father.monthly_income_fen == 320050);
        CHECK(father.survey_date == "2026-11-01");
        CHECK(ledger.households[0].rows[1].line == 4);  // the quoted line break counts
        CHECK_FALSE(ledger.households[0].rows[1].member.wants_work);
    }
    SECTION("a title above the headings is skipped; lines stay the file's") {
        ParsedLedger ledger =
            ParseLedger(SplitCsv("2026年王官社区摸排台账,,,\n" + TwoHouseholds()), kToday);
        INFO((ledger.errors.empty() ? "" : ledger.errors[0].message));
        REQUIRE(ledger.errors.empty());
        CHECK(ledger.households[0].rows[0].line == 3);
    }
    SECTION("the same person twice with the same details is merged") {
        const std::string csv = TwoHouseholds() + Row("A02", "赵奶奶", kGrandma, "female",
                                                      "1950-03-03", "none,,no,no,,,,");
        ParsedLedger ledger = ParseLedger(SplitCsv(csv), kToday);
        CHECK(ledger.errors.empty());
        CHECK(ledger.merged_rows == 1);
        CHECK(ledger.households[1].rows.size() == 1);
    }
}

TEST_CASE("every bad row is reported with its line and field") {
    auto errors_of = [](const std::string& csv) {
        return ParseLedger(SplitCsv(csv), kToday).errors;
    };
    auto only = [](const std::vector<SheetError>& errors, std::size_t line,
                   const std::string& field) {
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].line == line);
        CHECK(errors[0].field == field);
    };
    std::string bad_check = kFather;
    bad_check.back() = bad_check.back() == '1' ? '2' : '1';
    only(errors_of(kHeader + Row("A", "甲", bad_check, "male", "1980-01-01", ",,yes,yes,,,,")), 2,
         "resident_id");
    only(errors_of(kHeader + Row("A", "甲", kFather, "male", "1980-01-02", ",,yes,yes,,,,")), 2,
         "birth_date");
    only(errors_of(kHeader + Row("A", "甲", kFather, "female", "1980-01-01", ",,yes,yes,,,,")), 2,
         "sex");
    only(errors_of(kHeader + Row("A", "甲", "5.30502E+17", "male", "1980-01-01", ",,yes,yes,,,,")),
         2, "resident_id");
    only(errors_of(kHeader + Row("A", "甲", kFather, "male", "1980-01-01", ",,maybe,yes,,,,")), 2,
         "labour_capacity");
    only(errors_of(kHeader +
                   Row("A", "甲", kFather, "male", "1980-01-01", ",,yes,yes,,working,,2026-11-01")),
         2, "status");
    only(errors_of(kHeader +
                   Row("A", "甲", kFather, "male", "1980-01-01", ",,yes,yes,,unemployed,,")),
         2, "survey_date");
    only(errors_of(kHeader + Row("A", "甲", kFather, "male", "1980-01-01",
                                 ",,yes,yes,,unemployed,,2027-01-01")),
         2, "survey_date");
    only(errors_of(kHeader + Row("A", "甲", kFather, "male", "1980-01-01", ",,yes,yes,,,abc,")), 2,
         "monthly_income_yuan");
    only(errors_of(kHeader + Row("A", "甲", kFather, "male", "1980-01-01", ",,yes,yes,nobody,,,")),
         2, "categories");
    only(errors_of(std::string(kHeader) + "A,5305020010,addr,甲," + kFather +
                   ",male,1980-01-01,,,yes,yes,,,,\n"),
         2, "region");

    SECTION("a person listed for two households, or twice with other details") {
        auto errors = errors_of(TwoHouseholds() + Row("A03", "赵奶奶", kGrandma, "female",
                                                      "1950-03-03", "none,,no,no,,,,"));
        only(errors, 5, "resident_id");
        CHECK_THAT(errors[0].message, Catch::Contains("line 4") && Catch::Contains("A02"));
        only(errors_of(TwoHouseholds() +
                       Row("A02", "赵奶奶", kGrandma, "female", "1950-03-03", "none,,yes,no,,,,")),
             5, "resident_id");
    }
    SECTION("one household in two villages") {
        std::string csv = TwoHouseholds();
        csv += "A02,530502001001,兰城街道王官社区3组,孙,";
        csv += ValidResidentId("19700101", true, "09") + ",male,1970-01-01,,,yes,yes,,,,\n";
        only(errors_of(csv), 5, "region");
    }
    SECTION("headings: the ledger's own, blank, missing, repeated; empty files") {
        // A heading of no known column is the ledger's own (kept); a blank one is an error.
        auto errors = errors_of(
            "household,region,address,name,resident_id,sex,birth_date,"
            "labour_capacity,wants_work,wants_work,colour,\n");
        REQUIRE(errors.size() == 2);
        CHECK(errors[0].field == "wants_work");
        CHECK(errors[1].field == "");
        CHECK(errors_of("name,resident_id\n").size() == 7);  // seven required columns missing
        only(errors_of(""), 0, "file");
        only(errors_of(kHeader), 0, "file");
    }
    SECTION("every bad row, not just the first") {
        auto errors =
            errors_of(kHeader + Row("A", "", kFather, "male", "1980-01-01", ",,yes,yes,,,,") +
                      Row("B", "乙", kMother, "male", "1982-02-02", ",,yes,yes,,,,"));
        REQUIRE(errors.size() == 2);
        CHECK(errors[0].line == 2);
        CHECK(errors[0].field == "name");
        CHECK(errors[1].line == 3);
        CHECK(errors[1].field == "sex");
    }
}

TEST_CASE("dates are read as people and spreadsheets write them") {
    for (const char* written : {"2026-03-05", "2026/3/5", "2026.3.5", "20260305", "2026年3月5日",
                                "2026年03月05日", "46086", "46086.5", "2026/3/5 0:00:00"}) {
        INFO(written);
        CHECK(SheetDate(written) == "2026-03-05");
    }
    CHECK(SheetDate("1899/12/31") == std::nullopt);  // before the calendar's first year
    for (const char* not_a_date : {"2026-02-30", "2026/13/1", "5.3.2026", "202603", "2026-03-05x",
                                   "明天", "", "46O86", "2026/3/5 noon"}) {
        INFO(not_a_date);
        CHECK(SheetDate(not_a_date) == std::nullopt);
    }
    SECTION("in a ledger, each form gives the same member; other text lists the forms") {
        for (const char* birth : {"1980/1/1", "1980.1.1", "19800101", "1980年1月1日", "29221"}) {
            ParsedLedger ledger =
                ParseLedger(SplitCsv(kHeader + Row("A", "甲", kFather, "male", birth,
                                                   ",,yes,yes,,unemployed,,46086")),
                            kToday);
            INFO(birth << (ledger.errors.empty() ? "" : ": " + ledger.errors[0].message));
            REQUIRE(ledger.errors.empty());
            CHECK(ledger.households[0].rows[0].member.birth_date == "1980-01-01");
            CHECK(ledger.households[0].rows[0].survey_date == "2026-03-05");
        }
        auto errors =
            ParseLedger(
                SplitCsv(kHeader + Row("A", "甲", kFather, "male", "1月1日", ",,yes,yes,,,,")),
                kToday)
                .errors;
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].field == "birth_date");
        CHECK_THAT(errors[0].message, Catch::Contains("\"1月1日\" is not a date") &&
                                          Catch::Contains("2026年3月5日") &&
                                          Catch::Contains("20260305"));
    }
}

TEST_CASE("one pass reports every problem of every row and each cell once") {
    std::string bad_check = kFather;
    bad_check.back() = bad_check.back() == '1' ? '2' : '1';
    const std::string csv =
        kHeader +
        // line 2: three problems of one row
        Row("A", "", kFather, "female", "1980-01-01", ",,perhaps,yes,,,,") +
        Row("B", "乙", kMother, "female", "1982-02-02", ",,yes,yes,,,,") +
        // line 4: a broken check digit, and the birth date cannot be compared with it
        Row("C", "丙", bad_check, "male", "1980/13/01", ",,yes,yes,,,,") +
        // line 5: a status without its survey date, an income that is not one
        Row("D", "丁", kGrandma, "female", "1950-03-03", ",,yes,yes,,unemployed,十元,") +
        // line 6: an unknown education and category
        Row("E", "戊", ValidResidentId("19900101", true, "04"), "male", "1990-01-01",
            "博士,,yes,yes,nobody,,,") +
        // line 7: the person of line 3 again, in another household
        Row("F", "乙", kMother, "female", "1982-02-02", ",,yes,yes,,,,");
    const auto errors = ParseLedger(SplitCsv(csv), kToday).errors;
    std::vector<std::string> found;
    for (const auto& e : errors) found.push_back(std::to_string(e.line) + " " + e.field);
    CHECK(found == std::vector<std::string>{"2 labour_capacity", "2 name", "2 sex", "4 birth_date",
                                            "4 resident_id", "5 survey_date",
                                            "5 monthly_income_yuan", "6 education", "6 categories",
                                            "7 resident_id"});
    CHECK_THAT(errors.back().message, Catch::Contains("line 3") && Catch::Contains("household B"));
}

TEST_CASE("importing a ledger household decides only what the register lacks") {
    ParsedLedger ledger = ParseLedger(SplitCsv(TwoHouseholds()), kToday);
    REQUIRE(ledger.errors.empty());
    const LedgerHousehold& couple = ledger.households[0];
    std::vector<SheetError> errors;

    LedgerDecision first = Decide({}, couple, errors);
    REQUIRE(errors.empty());
    CHECK(CountOf<HouseholdRegistered>(first.events) == 1);
    CHECK(CountOf<MemberAdded>(first.events) == 2);
    CHECK(CountOf<VisitRecorded>(first.events) == 1);  // both statuses from one survey date
    CHECK(CountOf<ZeroEmploymentFlagged>(first.events) == 1);
    CHECK(first.members_added == 2);
    CHECK(first.statuses_recorded == 2);
    const HouseholdState after = Apply({}, first.events);
    CHECK(after.zero_employment);

    SECTION("the same rows again change nothing") {
        LedgerDecision again = Decide(after, couple, errors);
        CHECK(errors.empty());
        CHECK(again.events.empty());
    }
    SECTION("a changed detail gives one update; a changed status one visit, clearing the flag") {
        LedgerHousehold changed = couple;
        changed.rows[0].member.education = "vocational";
        changed.rows[1].status = "employed_local";
        changed.rows[1].survey_date = "2026-11-20";
        LedgerDecision next = Decide(after, changed, errors);
        REQUIRE(errors.empty());
        CHECK(next.members_updated == 1);
        CHECK(CountOf<MemberUpdated>(next.events) == 1);
        CHECK(CountOf<VisitRecorded>(next.events) == 1);
        REQUIRE(CountOf<ZeroEmploymentCleared>(next.events) == 1);
        const auto& cleared = std::get<ZeroEmploymentCleared>(next.events.back());
        CHECK(cleared.reason == "member_employed");
        CHECK(cleared.date == "2026-11-20");
        CHECK(Decide(Apply(after, next.events), changed, errors).events.empty());
    }
    SECTION("a new person joins the household the others are in") {
        LedgerHousehold bigger = couple;
        bigger.rows.push_back(ledger.households[1].rows[0]);
        LedgerDecision next = Decide(after, bigger, errors);
        REQUIRE(errors.empty());
        CHECK(next.members_added == 1);
        CHECK(CountOf<HouseholdRegistered>(next.events) == 0);
    }
    SECTION("a name that differs from the register's, or another village, is refused") {
        LedgerHousehold renamed = couple;
        renamed.rows[1].member.name = "李美";
        CHECK(Decide(after, renamed, errors).events.empty());
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].line == 3);
        CHECK(errors[0].field == "name");
        errors.clear();
        LedgerHousehold moved = couple;
        moved.region = "530502001001";
        CHECK(Decide(after, moved, errors).events.empty());
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].field == "region");
    }
}

TEST_CASE("updating a member's details re-derives the zero-employment flag") {
    ParsedLedger ledger = ParseLedger(SplitCsv(TwoHouseholds()), kToday);
    std::vector<SheetError> errors;
    HouseholdState s = Apply({}, Decide({}, ledger.households[0], errors).events);
    REQUIRE(s.zero_employment);
    auto update = [&](const Member& m, bool capacity) {
        return MemberUpdated{m.record.person_id,  m.record.phone,       m.record.education,
                             m.record.skills,     m.record.categories,  capacity,
                             m.record.wants_work, m.record.skill_level, m.record.extra};
    };
    auto first = DecideUpdateMember(s, update(s.members[0], false), kToday, kPolicy);
    REQUIRE(first.ok());
    CHECK(first->size() == 1);  // the other member is still a jobless seeker
    s = Apply(std::move(s), *first);
    auto second = DecideUpdateMember(s, update(s.members[1], false), kToday, kPolicy);
    REQUIRE(second.ok());
    REQUIRE(second->size() == 2);
    const auto& cleared = std::get<ZeroEmploymentCleared>(second->back());
    CHECK(cleared.reason == "no_longer_seeking_work");
    CHECK(cleared.cause == "member_updated:" + s.members[1].record.person_id);
    CHECK(DecideUpdateMember(s, update(s.members[0], false), kToday, kPolicy)->empty());
    auto bad = update(s.members[0], false);
    bad.education = "kindergarten";
    CHECK(DecideUpdateMember(s, bad, kToday, kPolicy).error().field == "education");
    bad = update(s.members[0], false);
    bad.person_id = "nobody";
    CHECK(DecideUpdateMember(s, bad, kToday, kPolicy).error().field == "person_id");
}

TEST_CASE("CSV read in chunks splits as the whole text does, with each record's offset") {
    const std::string text = "a,\"b \"\"q\"\"\r\nc\",d\r\n\r\n\"x,y\",z\ne,f\r\n,\n\"last\"";
    const std::vector<SheetRecord> whole = SplitCsv(text);
    REQUIRE(whole.size() == 6);
    CHECK(whole[0].cells == std::vector<std::string>{"a", "b \"q\"\r\nc", "d"});
    CHECK(whole[2].line == 4);
    for (std::size_t chunk = 1; chunk <= text.size(); ++chunk) {
        CsvSplitter splitter;
        std::vector<SheetRecord> records;
        std::vector<std::uint64_t> offsets;
        const auto take = [&](SheetRecord r, std::uint64_t offset) {
            records.push_back(std::move(r));
            offsets.push_back(offset);
        };
        for (std::size_t at = 0; at < text.size(); at += chunk) {
            splitter.Feed(std::string_view(text).substr(at, chunk), take);
        }
        splitter.Finish(take);
        INFO("chunks of " << chunk);
        REQUIRE(records.size() == whole.size());
        for (std::size_t i = 0; i < whole.size(); ++i) {
            CHECK(records[i].line == whole[i].line);
            CHECK(records[i].cells == whole[i].cells);
            // Read again from its offset, the record is the first one there.
            const auto again = SplitCsv(std::string_view(text).substr(offsets[i]));
            REQUIRE(!again.empty());
            CHECK(again[0].cells == whole[i].cells);
        }
    }
}

TEST_CASE("a ledger read row by row keeps no rows, and finds repeats and clashes as a whole") {
    std::vector<SheetError> errors;
    std::size_t used = 0;
    const auto records =
        SplitCsv(TwoHouseholds() +
                 Row("A02", "赵奶奶", kGrandma, "female", "1950-03-03", "none,,no,no,,,,") +
                 Row("A02", "赵奶奶", kGrandma, "female", "1950-03-03", "none,,no,yes,,,,"));
    LedgerReader reader({records[0]}, kToday, errors, used);
    REQUIRE(reader.ok());
    CHECK(used == 1);
    std::vector<LedgerRow> rows;
    for (std::size_t r = used; r < records.size(); ++r) {
        if (auto row = reader.Check(records[r])) rows.push_back(*row);
    }
    CHECK(rows.size() == 3);
    CHECK(reader.rows() == 5);
    CHECK(reader.merged_rows() == 1);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].line == 6);
    CHECK(errors[0].message == "listed already at line 4 with other details");
    const auto again = reader.Reread(records[1]);
    REQUIRE(again);
    CHECK(again->member.name == "王强");
    CHECK(again->member.skills == rows[0].member.skills);
}
