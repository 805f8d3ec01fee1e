// Survey ledgers: CSV rows to household events.
#include "xfl/domain/households/ledger.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "xfl/domain/kernel/text.hpp"
#include "xfl/domain/kernel/time.hpp"

namespace xfl::domain {

LedgerError ErrorAt(std::size_t line, std::string field, const Error& e) {
    std::string message = e.message;
    if (!e.field.empty() && message.starts_with(e.field + ": ")) {
        message.erase(0, e.field.size() + 2);
    }
    return {line, std::move(field), std::move(message)};
}

namespace {

struct Record {
    std::size_t line = 0;
    std::vector<std::string> cells;
};

// RFC 4180: commas, double quotes with "" inside, CRLF or LF; a quoted cell may span lines.
std::vector<Record> SplitCsv(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a spreadsheet's UTF-8 BOM
    std::vector<Record> records;
    Record current{1, {""}};
    std::size_t line = 1;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        std::string& cell = current.cells.back();
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                cell.push_back('"');
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                if (c == '\n') ++line;
                cell.push_back(c);
            }
        } else if (c == '"' && cell.empty()) {
            quoted = true;
        } else if (c == ',') {
            current.cells.emplace_back();
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            records.push_back(std::move(current));
            current = Record{++line, {""}};
        } else {
            cell.push_back(c);
        }
    }
    if (current.cells.size() > 1 || !current.cells[0].empty()) records.push_back(current);
    return records;
}

std::string Trim(std::string_view s) {
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return std::string(s);
}

using Aliases = std::map<std::string, std::string, std::less<>>;

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
const Aliases kBooleans = {{"true", "1"}, {"yes", "1"}, {"1", "1"}, {"是", "1"}, {"有", "1"},
                           {"false", ""}, {"no", ""},   {"0", ""},  {"否", ""},  {"无", ""}};
const Aliases kEducationWords = {{"未上学", "none"},           {"无", "none"},
                                 {"小学", "primary"},          {"初中", "junior_secondary"},
                                 {"高中", "senior_secondary"}, {"中专", "vocational"},
                                 {"职高", "vocational"},       {"技校", "vocational"},
                                 {"大专", "college"},          {"本科", "bachelor"},
                                 {"研究生", "postgraduate"}};
const Aliases kSkillLevelWords = {{"无", "none"},
                                  {"初级工", "junior"},
                                  {"五级", "junior"},
                                  {"中级工", "intermediate"},
                                  {"四级", "intermediate"},
                                  {"高级工", "senior"},
                                  {"三级", "senior"},
                                  {"技师", "technician"},
                                  {"二级", "technician"},
                                  {"高级技师", "senior_technician"},
                                  {"一级", "senior_technician"}};
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

// A domain error as a ledger error: the field is its own column, so the message drops the
// "field: " it starts with.

std::string Translate(const Aliases& words, const std::string& value) {
    auto it = words.find(value);
    return it == words.end() ? value : it->second;
}

// "a;b、c；d" → {a, b, c, d}, each translated, blanks dropped.
std::vector<std::string> SplitList(const std::string& cell, const Aliases& words) {
    std::string normalised = cell;
    for (std::string_view sep : {"、", "；"}) {
        for (std::size_t at; (at = normalised.find(sep)) != std::string::npos;) {
            normalised.replace(at, sep.size(), ";");
        }
    }
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= normalised.size()) {
        std::size_t end = normalised.find(';', start);
        if (end == std::string::npos) end = normalised.size();
        std::string item = Trim(std::string_view(normalised).substr(start, end - start));
        if (!item.empty()) items.push_back(Translate(words, item));
        start = end + 1;
    }
    return items;
}

// "2024-03-05", or "2024/3/5" as spreadsheets rewrite dates → "2024-03-05".
std::string NormaliseDate(const std::string& cell) {
    std::vector<int> parts;
    std::string digits;
    for (char c : cell + "/") {
        if (c >= '0' && c <= '9') {
            digits.push_back(c);
        } else if ((c == '/' || c == '-' || c == '.') && !digits.empty() && digits.size() <= 4) {
            parts.push_back(std::stoi(digits));
            digits.clear();
        } else {
            return cell;
        }
    }
    if (parts.size() != 3) return cell;
    char out[16];
    std::snprintf(out, sizeof out, "%04d-%02d-%02d", parts[0], parts[1] % 100, parts[2] % 100);
    return out;
}

// "1234.5" yuan → 123450 fen; nullopt when not a plain non-negative amount.
std::optional<std::int64_t> ParseYuan(const std::string& cell) {
    if (cell.empty()) return 0;
    const std::size_t dot = cell.find('.');
    const std::string whole = cell.substr(0, dot);
    std::string cents = dot == std::string::npos ? "" : cell.substr(dot + 1);
    const auto all_digits = [](const std::string& s) {
        return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (whole.empty() || whole.size() > 9 || !all_digits(whole) || cents.size() > 2 ||
        !all_digits(cents)) {
        return std::nullopt;
    }
    cents.resize(2, '0');
    return std::stoll(whole) * 100 + std::stoll(cents);
}

class RowReader {
  public:
    RowReader(const std::map<std::string, std::size_t>& columns, const Record& record,
              std::vector<LedgerError>& errors)
        : columns_(columns), record_(record), errors_(errors) {}

    std::string Cell(const std::string& column) const {
        auto it = columns_.find(column);
        if (it == columns_.end() || it->second >= record_.cells.size()) return "";
        return Trim(record_.cells[it->second]);
    }
    void Fail(std::string field, std::string message) {
        errors_.push_back({record_.line, std::move(field), std::move(message)});
        failed_ = true;
    }
    void Fail(const std::string& field, const Error& e) {
        errors_.push_back(ErrorAt(record_.line, field, e));
        failed_ = true;
    }
    bool Bool(const std::string& column) {
        const std::string cell = Cell(column);
        auto it = kBooleans.find(cell);
        if (it == kBooleans.end()) {
            Fail(column, "\"" + cell + "\" is not one of true/false, yes/no, 1/0, 是/否");
            return false;
        }
        return !it->second.empty();
    }
    bool failed() const { return failed_; }
    std::size_t line() const { return record_.line; }
    // Every cell the ledger's columns name must be UTF-8 text; control characters other than
    // line breaks and tabs are refused (single-line fields are checked again by their rules).
    bool CellsAreText() {
        for (const auto& [column, index] : columns_) {
            if (index >= record_.cells.size()) continue;
            Status text = CheckText(record_.cells[index], column, TextKind::kParagraph);
            if (!text.ok()) Fail(column, text.error());
        }
        return !failed_;
    }

  private:
    const std::map<std::string, std::size_t>& columns_;
    const Record& record_;
    std::vector<LedgerError>& errors_;
    bool failed_ = false;
};

std::optional<LedgerRow> ReadRow(RowReader& r, std::int64_t today) {
    if (!r.CellsAreText()) return std::nullopt;
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
    m.birth_date = NormaliseDate(r.Cell("birth_date"));
    m.phone = r.Cell("phone");
    m.education = Translate(kEducationWords, r.Cell("education"));
    m.skills = SplitList(r.Cell("skills"), {});
    m.skill_level = Translate(kSkillLevelWords, r.Cell("skill_level"));
    m.categories = SplitList(r.Cell("categories"), kCategoryWords);
    m.labour_capacity = r.Bool("labour_capacity");
    m.wants_work = r.Bool("wants_work");
    if (!r.failed()) {
        if (Status valid = ValidateMember(m, today); !valid.ok()) {
            r.Fail(valid.error().field, valid.error());
        }
    }

    row.status = Translate(kStatusWords, r.Cell("status"));
    row.survey_date = NormaliseDate(r.Cell("survey_date"));
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
            r.Fail("survey_date", "the survey date (YYYY-MM-DD) is required with a status");
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
           a.monthly_income_fen == b.monthly_income_fen;
}

}  // namespace

ParsedLedger ParseLedger(std::string_view csv, std::int64_t today) {
    ParsedLedger out;
    std::vector<Record> records = SplitCsv(csv);
    if (records.empty()) {
        out.errors.push_back({0, "file", "the file is empty; the first row names the columns"});
        return out;
    }
    std::map<std::string, std::size_t> columns;
    for (std::size_t i = 0; i < records[0].cells.size(); ++i) {
        const std::string heading = Trim(records[0].cells[i]);
        auto known = kColumns.find(heading);
        if (known == kColumns.end()) {
            out.errors.push_back({1, heading, "unknown column \"" + heading + "\""});
        } else if (!columns.emplace(known->second, i).second) {
            out.errors.push_back({1, known->second, "the column appears twice"});
        }
    }
    for (const std::string& required : kRequired) {
        if (!columns.contains(required)) {
            out.errors.push_back({1, required, "the required column is missing"});
        }
    }
    if (!out.errors.empty()) return out;

    std::map<std::string, std::size_t> household_at;  // ledger household → index in out
    std::map<std::string, LedgerRow> by_resident;     // first row of each resident ID
    for (std::size_t r = 1; r < records.size(); ++r) {
        const Record& record = records[r];
        if (std::all_of(record.cells.begin(), record.cells.end(),
                        [](const std::string& c) { return Trim(c).empty(); })) {
            continue;
        }
        ++out.rows;
        if (record.cells.size() > records[0].cells.size()) {
            out.errors.push_back({record.line, "row", "more cells than the header names"});
            continue;
        }
        RowReader reader(columns, record, out.errors);
        auto row = ReadRow(reader, today);
        if (!row) continue;
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
    if (out.rows == 0 && out.errors.empty()) {
        out.errors.push_back({0, "file", "the file has a header but no rows"});
    }
    return out;
}

}  // namespace xfl::domain
