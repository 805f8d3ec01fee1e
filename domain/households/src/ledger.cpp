// Survey ledgers: sheet rows to household events.
#include "xfl/domain/households/ledger.hpp"

#include <optional>

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

// The row's details as one number: rows of one person with equal hashes are the same listing
// repeated (a false match needs two different rows of one person to collide in 64 bits).
std::size_t DetailsHash(const LedgerRow& row) {
    const MemberAdded& m = row.member;
    std::string text;
    for (const std::string* field : {&row.household, &m.name, &m.sex, &m.birth_date, &m.phone,
                                     &m.education, &m.skill_level, &row.status, &row.survey_date}) {
        text += *field;
        text += '\x1f';
    }
    for (const auto* list : {&m.skills, &m.categories}) {
        for (const std::string& item : *list) text += item + '\x1e';
        text += '\x1f';
    }
    for (const ExtraCell& cell : m.extra) text += cell.column + '\x1e' + cell.value + '\x1e';
    text += std::to_string(row.monthly_income_fen) + (m.labour_capacity ? "y" : "n") +
            (m.wants_work ? "y" : "n");
    return std::hash<std::string>{}(text);
}

}  // namespace

LedgerReader::LedgerReader(const std::vector<SheetRecord>& first, std::int64_t today,
                           std::vector<SheetError>& errors, std::size_t& used)
    : sheet_(ReadSheetHeader(first, kColumns, kRequired, errors, UnknownColumns::kKept, used)),
      today_(today),
      errors_(&errors) {}

std::vector<std::string> LedgerReader::ExtraColumns() const {
    std::vector<std::string> headings;
    for (const auto& [heading, at] : sheet_.extra_columns) headings.push_back(heading);
    return headings;
}

std::optional<LedgerRow> LedgerReader::Reread(const SheetRecord& record) const {
    std::vector<SheetError> ignored;
    RowReader reader(sheet_, record, ignored);
    auto row = ReadRow(reader, today_);
    if (!row || !ReadExtra(sheet_, record, *row, ignored)) return std::nullopt;
    return row;
}

std::optional<LedgerRow> LedgerReader::Check(const SheetRecord& record) {
    if (!TakeSheetRow(sheet_, record, *errors_)) return std::nullopt;
    RowReader reader(sheet_, record, *errors_);
    auto row = ReadRow(reader, today_);
    if (!row || !ReadExtra(sheet_, record, *row, *errors_)) return std::nullopt;
    const std::size_t details = DetailsHash(*row);
    if (auto first = people_.find(row->member.resident_id); first != people_.end()) {
        const Person& p = first->second;
        if (p.household == row->household && p.details == details) {
            ++merged_rows_;
        } else {
            errors_->push_back(
                {row->line, "resident_id",
                 "listed already at line " + std::to_string(p.line) +
                     (p.household == row->household ? " with other details"
                                                    : " in household " + p.household)});
        }
        return std::nullopt;
    }
    people_.emplace(row->member.resident_id, Person{row->line, row->household, details});
    auto [at, added] =
        households_.emplace(row->household, Household{row->line, row->region, row->address});
    const Household& h = at->second;
    if (!added && row->region != h.region) {
        errors_->push_back({row->line, "region",
                            "differs from line " + std::to_string(h.line) + " of household " +
                                row->household + " (" + h.region + ")"});
        return std::nullopt;
    }
    if (!added && row->address != h.address) {
        errors_->push_back(
            {row->line, "address",
             "differs from line " + std::to_string(h.line) + " of household " + row->household});
        return std::nullopt;
    }
    return row;
}

}  // namespace xfl::domain
