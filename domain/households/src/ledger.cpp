// Survey ledgers: sheet rows to household events.
#include "xfl/domain/households/ledger.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "xfl/domain/kernel/sheet.hpp"
#include "xfl/domain/kernel/time.hpp"

namespace xfl::domain {

namespace {

// Column names: the English key, or the heading a Chinese ledger uses.
const Aliases kColumns = {
    {"household", "household"},
    {"户编号", "household"},
    {"户号", "household"},
    {"region", "region"},
    {"村(社区)代码", "region"},
    {"村代码", "region"},
    {"区划代码", "region"},
    {"address", "address"},
    {"地址", "address"},
    {"住址", "address"},
    {"name", "name"},
    {"姓名", "name"},
    {"resident_id", "resident_id"},
    {"身份证号", "resident_id"},
    {"身份证号码", "resident_id"},
    {"sex", "sex"},
    {"性别", "sex"},
    {"birth_date", "birth_date"},
    {"出生日期", "birth_date"},
    {"phone", "phone"},
    {"联系电话", "phone"},
    {"电话", "phone"},
    {"education", "education"},
    {"文化程度", "education"},
    {"skills", "skills"},
    {"技能", "skills"},
    {"skill_level", "skill_level"},
    {"技能等级", "skill_level"},
    {"职业技能等级", "skill_level"},
    {"labour_capacity", "labour_capacity"},
    {"劳动能力", "labour_capacity"},
    {"wants_work", "wants_work"},
    {"就业意愿", "wants_work"},
    {"categories", "categories"},
    {"人员类别", "categories"},
    {"status", "status"},
    {"就业状态", "status"},
    {"monthly_income_yuan", "monthly_income_yuan"},
    {"月收入(元)", "monthly_income_yuan"},
    {"月收入", "monthly_income_yuan"},
    {"survey_date", "survey_date"},
    {"摸排日期", "survey_date"},
};
const std::vector<std::string> kRequired = {"household",  "region",          "address",
                                            "name",       "resident_id",     "sex",
                                            "birth_date", "labour_capacity", "wants_work"};

// Values: the code, or the word a Chinese ledger uses for it.
const Aliases kSexes = {{"male", "male"}, {"男", "male"}, {"female", "female"}, {"女", "female"}};
const Aliases kEducationWords = {{"未上学", "none"},           {"无", "none"},
                                 {"小学", "primary"},          {"初中", "junior_secondary"},
                                 {"高中", "senior_secondary"}, {"中专", "vocational"},
                                 {"职高", "vocational"},       {"技校", "vocational"},
                                 {"大专", "college"},          {"本科", "bachelor"},
                                 {"研究生", "postgraduate"}};
const Aliases kCategoryWords = {{"城镇劳动力", "urban_labour"},
                                {"农村劳动力", "rural_labour"},
                                {"登记失业人员", "registered_unemployed"},
                                {"离校未就业高校毕业生", "unemployed_graduate"},
                                {"就业困难人员", "hard_to_employ"},
                                {"脱贫劳动力", "poverty_alleviated"},
                                {"无法离乡的富余劳动力", "surplus_labour_unable_to_migrate"}};
const Aliases kStatusWords = {{"本地就业", "employed_local"}, {"外出务工", "employed_away"},
                              {"灵活就业", "flexible"},       {"失业", "unemployed"},
                              {"未就业", "unemployed"},       {"非劳动力", "not_in_labour_force"},
                              {"在校生", "student"},          {"学生", "student"}};

// The row's cells of the ledger's own columns, those not blank; false when one is too long.
bool ReadExtra(const Sheet& sheet, const SheetRecord& record, LedgerRow& row,
               std::vector<SheetError>& errors) {
    constexpr std::size_t kMaxExtraBytes = 500;
    for (const auto& [heading, at] : sheet.extra_columns) {
        std::string value = at < record.cells.size() ? Trim(record.cells[at]) : std::string();
        if (value.size() > kMaxExtraBytes) {
            errors.push_back({row.line, heading, "at most 500 bytes"});
            return false;
        }
        if (!value.empty()) row.member.extra.push_back({heading, std::move(value)});
    }
    return true;
}

std::optional<LedgerRow> ReadRow(RowReader& r, std::int64_t today) {
    r.CheckCellsAreText();
    LedgerRow row;
    row.line = r.line();
    row.household = r.Cell("household");
    if (row.household.empty() || row.household.size() > 40) {
        r.Fail("household", "the ledger's household number, 1 to 40 bytes");
    }
    row.region = r.Cell("region");
    if (auto code = RegionCode::Parse(row.region, "region"); !code.ok()) {
        r.Fail("region", code.error());
    } else if (code->level() != RegionLevel::kVillage) {
        r.Fail("region", "a household belongs to a village or community (12-digit code)");
    }
    row.address = r.Cell("address");
    if (row.address.empty() || row.address.size() > 300) r.Fail("address", "1 to 300 bytes");

    MemberAdded& m = row.member;
    m.name = r.Cell("name");
    m.resident_id = r.Cell("resident_id");
    if (!m.resident_id.empty() && m.resident_id.back() == 'x') m.resident_id.back() = 'X';
    if (m.resident_id.find_first_of("Ee.") != std::string::npos) {
        r.Fail("resident_id", "\"" + m.resident_id +
                                  "\" looks like a number a spreadsheet rounded; format the "
                                  "column as text and export again");
    }
    m.sex = Translate(kSexes, r.Cell("sex"));
    m.birth_date = r.Date("birth_date");
    m.phone = r.Cell("phone");
    m.education = Translate(kEducationWords, r.Cell("education"));
    m.skills = SplitList(r.Cell("skills"), {});
    m.skill_level = Translate(SkillLevelWords(), r.Cell("skill_level"));
    m.categories = SplitList(r.Cell("categories"), kCategoryWords);
    m.labour_capacity = r.Bool("labour_capacity");
    m.wants_work = r.Bool("wants_work");
    for (const Error& problem : MemberProblems(m, today)) r.Fail(problem.field, problem);

    row.status = Translate(kStatusWords, r.Cell("status"));
    row.survey_date = r.Date("survey_date");
    if (!row.status.empty()) {
        if (!IsKnownStatus(row.status)) {
            r.Fail("status",
                   "one of employed_local, employed_away, flexible, unemployed, "
                   "not_in_labour_force, student (or 本地就业, 外出务工, 灵活就业, 失业, 非劳动力, "
                   "在校生)");
        }
        // Employment is work the person wants: a visit records it so, and the row must agree.
        m.wants_work = m.wants_work || IsEmployedStatus(row.status);
        auto day = ParseDate(row.survey_date, "survey_date");
        if (!day.ok()) {
            r.Fail("survey_date", "the survey date is required with a status");
        } else if (*day > today) {
            r.Fail("survey_date", "is in the future");
        }
    } else if (!row.survey_date.empty()) {
        r.Fail("status", "a survey date needs the status found on that day");
    }
    const std::string income = r.Cell("monthly_income_yuan");
    if (auto fen = ParseYuan(income)) {
        row.monthly_income_fen = *fen;
    } else {
        r.Fail("monthly_income_yuan", "\"" + income + "\" is not an amount in yuan like 2500.00");
    }
    if (r.failed()) return std::nullopt;
    return row;
}

bool SameDetails(const LedgerRow& a, const LedgerRow& b) {
    const MemberAdded &x = a.member, &y = b.member;
    return a.household == b.household && x.name == y.name && x.sex == y.sex &&
           x.birth_date == y.birth_date && x.phone == y.phone && x.education == y.education &&
           x.skills == y.skills && x.skill_level == y.skill_level && x.categories == y.categories &&
           x.labour_capacity == y.labour_capacity && x.wants_work == y.wants_work &&
           a.status == b.status && a.survey_date == b.survey_date &&
           a.monthly_income_fen == b.monthly_income_fen && x.extra == y.extra;
}

}  // namespace

ParsedLedger ParseLedger(std::vector<SheetRecord> records, std::int64_t today) {
    ParsedLedger out;
    const Sheet sheet =
        ReadSheet(std::move(records), kColumns, kRequired, out.errors, UnknownColumns::kKept);
    out.rows = sheet.rows_read;
    for (const auto& [heading, at] : sheet.extra_columns) out.extra_columns.push_back(heading);
    std::map<std::string, std::size_t> household_at;  // ledger household → index in out
    std::map<std::string, LedgerRow> by_resident;     // first row of each resident ID
    for (const SheetRecord& record : sheet.rows) {
        RowReader reader(sheet, record, out.errors);
        auto row = ReadRow(reader, today);
        if (!row) continue;
        if (!ReadExtra(sheet, record, *row, out.errors)) continue;
        if (auto first = by_resident.find(row->member.resident_id); first != by_resident.end()) {
            if (SameDetails(first->second, *row)) {
                ++out.merged_rows;
            } else {
                out.errors.push_back({row->line, "resident_id",
                                      "listed already at line " +
                                          std::to_string(first->second.line) +
                                          (first->second.household == row->household
                                               ? " with other details"
                                               : " in household " + first->second.household)});
            }
            continue;
        }
        by_resident.emplace(row->member.resident_id, *row);
        auto [at, added] = household_at.emplace(row->household, out.households.size());
        if (added) out.households.push_back({row->household, row->region, row->address, {}});
        LedgerHousehold& h = out.households[at->second];
        const std::string first_line = std::to_string(h.rows.empty() ? 0 : h.rows[0].line);
        if (row->region != h.region) {
            out.errors.push_back({row->line, "region",
                                  "differs from line " + first_line + " of household " +
                                      h.household + " (" + h.region + ")"});
        } else if (row->address != h.address) {
            out.errors.push_back(
                {row->line, "address",
                 "differs from line " + first_line + " of household " + h.household});
        } else {
            h.rows.push_back(std::move(*row));
        }
    }
    return out;
}

}  // namespace xfl::domain
