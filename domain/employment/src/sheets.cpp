// Employer and posting lists: CSV rows to employer and posting events.
#include "xfl/domain/employment/sheets.hpp"

#include <map>
#include <optional>
#include <tuple>

#include "xfl/domain/employment/credit_code.hpp"
#include "xfl/domain/kernel/checks.hpp"

namespace xfl::domain {
namespace {

// Column names: the English key, or the heading a Chinese list uses.
const Aliases kEmployerColumns = {
    {"credit_code", "credit_code"},
    {"统一社会信用代码", "credit_code"},
    {"信用代码", "credit_code"},
    {"name", "name"},
    {"单位名称", "name"},
    {"企业名称", "name"},
    {"kind", "kind"},
    {"单位类型", "kind"},
    {"主体类型", "kind"},
    {"industry", "industry"},
    {"行业代码", "industry"},
    {"所属行业", "industry"},
    {"region", "region"},
    {"区划代码", "region"},
    {"所在地代码", "region"},
    {"address", "address"},
    {"地址", "address"},
    {"单位地址", "address"},
    {"contact_name", "contact_name"},
    {"联系人", "contact_name"},
    {"contact_phone", "contact_phone"},
    {"联系电话", "contact_phone"},
};
const std::vector<std::string> kEmployerRequired = {"credit_code",  "name",         "kind",
                                                    "industry",     "region",       "address",
                                                    "contact_name", "contact_phone"};

const Aliases kPostingColumns = {
    {"ref", "ref"},
    {"岗位编号", "ref"},
    {"employer", "employer"},
    {"统一社会信用代码", "employer"},
    {"用工单位信用代码", "employer"},
    {"title", "title"},
    {"岗位名称", "title"},
    {"trade", "trade"},
    {"工种", "trade"},
    {"行业类别", "trade"},
    {"skill_level", "skill_level"},
    {"技能等级", "skill_level"},
    {"技能要求", "skill_level"},
    {"headcount", "headcount"},
    {"招聘人数", "headcount"},
    {"需求人数", "headcount"},
    {"region", "region"},
    {"工作地点代码", "region"},
    {"区划代码", "region"},
    {"wage_yuan", "wage_yuan"},
    {"工资(元)", "wage_yuan"},
    {"薪酬(元)", "wage_yuan"},
    {"wage_unit", "wage_unit"},
    {"计薪方式", "wage_unit"},
    {"start_date", "start_date"},
    {"开始日期", "start_date"},
    {"end_date", "end_date"},
    {"结束日期", "end_date"},
    {"term", "term"},
    {"用工形式", "term"},
    {"provides", "provides"},
    {"提供条件", "provides"},
    {"source", "source"},
    {"岗位来源", "source"},
};
const std::vector<std::string> kPostingRequired = {"ref",       "employer",   "title",
                                                   "trade",     "headcount",  "wage_yuan",
                                                   "wage_unit", "start_date", "term"};

// Values: the code, or the word a Chinese list uses for it.
const Aliases kKindWords = {
    {"企业", "company"},
    {"公司", "company"},
    {"合作社", "cooperative"},
    {"农民专业合作社", "cooperative"},
    {"农场", "farm"},
    {"基地", "farm"},
    {"种植基地", "farm"},
    {"个体工商户", "individual_business"},
    {"个体户", "individual_business"},
    {"劳务公司", "labour_platform"},
    {"劳务派遣", "labour_platform"},
    {"劳务平台", "labour_platform"},
    {"人力资源服务机构", "labour_platform"},
    {"事业单位", "public_institution"},
};
const Aliases kWageUnitWords = {{"小时", "hour"}, {"时", "hour"},    {"日", "day"},  {"天", "day"},
                                {"月", "month"},  {"计件", "piece"}, {"件", "piece"}};
const Aliases kTermWords = {{"长期", "long_term"},
                            {"季节性", "seasonal"},
                            {"季节工", "seasonal"},
                            {"零工", "gig"},
                            {"临时", "gig"}};
const Aliases kProvidesWords = {{"包吃", "meals"},
                                {"送餐到岗", "meals"},
                                {"包住", "lodging"},
                                {"拎包入住", "lodging"},
                                {"接送", "transport"},
                                {"往返接送", "transport"},
                                {"工伤保险", "work_injury_insurance"}};
const Aliases kSourceWords = {{"用人单位申报", "employer_request"},
                              {"企业申报", "employer_request"},
                              {"劳务平台", "labour_platform"},
                              {"人力资源机构", "labour_platform"}};

// "C13 农副食品加工业" → "C13": the code before a name, as lists often write both.
std::string IndustryCode(const std::string& cell) {
    std::string code = cell.substr(0, cell.find_first_of(" \t"));
    for (char& c : code) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return code;
}

bool IsRef(const std::string& ref) {
    if (ref.empty() || ref.size() > 20) return false;
    for (char c : ref) {
        const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                        (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
        if (!ok) return false;
    }
    return true;
}

// The rows `read` makes of a sheet, each `key` once in file order: a row repeating an earlier
// one exactly (the same `record`) is merged; a row with the same key and other details is an
// error of `key_field` naming the first line.
template <class Row, class Read, class Key, class Record>
ParsedSheet<Row> ReadEachOnce(std::vector<SheetRecord> records, const Aliases& columns,
                              const std::vector<std::string>& required, Read read, Key key,
                              const std::string& key_field, Record record) {
    ParsedSheet<Row> out;
    const Sheet sheet = ReadSheet(std::move(records), columns, required, out.errors);
    out.rows_read = sheet.rows_read;
    std::map<std::string, std::size_t> at;
    for (const SheetRecord& cells : sheet.rows) {
        RowReader reader(sheet, cells, out.errors);
        std::optional<Row> row = read(reader);
        if (!row) continue;
        auto [first, added] = at.emplace(key(*row), out.rows.size());
        if (added) {
            out.rows.push_back(std::move(*row));
            continue;
        }
        const Row& earlier = out.rows[first->second];
        if (ToJsonPayload(record(earlier)) == ToJsonPayload(record(*row))) {
            ++out.merged_rows;
        } else {
            out.errors.push_back(
                {row->line, key_field,
                 "listed already at line " + std::to_string(earlier.line) + " with other details"});
        }
    }
    return out;
}

std::optional<EmployerSheetRow> ReadEmployer(RowReader& r) {
    r.CheckCellsAreText();
    EmployerRegistered e;
    if (auto code = CreditCode::Parse(r.Cell("credit_code")); code.ok()) {
        e.employer_id = code->str();
    } else {
        r.Fail("credit_code", code.error());
    }
    e.name = r.Cell("name");
    e.kind = Translate(kKindWords, r.Cell("kind"));
    e.industry = IndustryCode(r.Cell("industry"));
    e.region = r.Cell("region");
    e.address = r.Cell("address");
    e.contact_name = r.Cell("contact_name");
    e.contact_phone = r.Cell("contact_phone");
    // The register's own rules, as POST /employers checks them.
    for (const Error& problem : EmployerProblems(e)) r.Fail(problem.field, problem);
    if (r.failed()) return std::nullopt;
    return EmployerSheetRow{r.line(), std::move(e)};
}

std::string TradeCode(const TradeCatalogue& trades, const std::string& cell) {
    if (trades.Knows(cell)) return cell;
    for (const auto& [code, name] : trades.names) {
        if (name == cell) return code;
    }
    return cell;
}

std::optional<PostingSheetRow> ReadPosting(RowReader& r, const TradeCatalogue& trades) {
    r.CheckCellsAreText();
    PostingSheetRow row;
    row.line = r.line();
    row.ref = r.Cell("ref");
    if (!IsRef(row.ref)) {
        r.Fail("ref", "the list's posting number: 1 to 20 letters, digits, - or _");
    }
    PostingOpened& p = row.posting;
    p.source_ref = row.ref;
    if (auto code = CreditCode::Parse(r.Cell("employer"), "employer"); code.ok()) {
        p.employer_id = code->str();
    } else {
        r.Fail("employer", code.error());
    }
    p.title = r.Cell("title");
    p.trade = TradeCode(trades, r.Cell("trade"));
    if (!trades.Knows(p.trade)) {
        r.Fail("trade", "\"" + p.trade + "\" is not a trade of the catalogue (GET /api/v1/trades)");
    }
    p.skill_level = Translate(SkillLevelWords(), r.Cell("skill_level"));
    p.headcount = r.Count("headcount");
    p.region = r.Cell("region");
    const std::string wage = r.Cell("wage_yuan");
    if (auto fen = ParseYuan(wage)) {
        p.wage_fen = *fen;
    } else {
        r.Fail("wage_yuan", "\"" + wage + "\" is not an amount in yuan like 180.00");
    }
    p.wage_unit = Translate(kWageUnitWords, r.Cell("wage_unit"));
    p.start_date = r.Date("start_date");
    p.end_date = r.Date("end_date");
    p.term = Translate(kTermWords, r.Cell("term"));
    p.provides = SplitList(r.Cell("provides"), kProvidesWords);
    p.source = Translate(kSourceWords, r.Cell("source"));
    if (p.source.empty()) p.source = "employer_request";
    if (p.source == "employer_visit") {
        r.Fail("source",
               "a visit opens its postings itself; here employer_request or "
               "labour_platform (用人单位申报, 劳务平台)");
    }
    if (r.failed()) return std::nullopt;
    return row;
}

}  // namespace

ParsedSheet<EmployerSheetRow> ParseEmployerSheet(std::vector<SheetRecord> records) {
    return ReadEachOnce<EmployerSheetRow>(
        std::move(records), kEmployerColumns, kEmployerRequired, ReadEmployer,
        [](const EmployerSheetRow& r) { return r.employer.employer_id; }, "credit_code",
        [](const EmployerSheetRow& r) { return r.employer; });
}

ParsedSheet<PostingSheetRow> ParsePostingSheet(std::vector<SheetRecord> records,
                                               const TradeCatalogue& trades) {
    return ReadEachOnce<PostingSheetRow>(
        std::move(records), kPostingColumns, kPostingRequired,
        [&trades](RowReader& r) { return ReadPosting(r, trades); },
        [](const PostingSheetRow& r) { return ImportedPostingId(r.posting.employer_id, r.ref); },
        "ref", [](const PostingSheetRow& r) { return r.posting; });
}

Result<std::vector<EmployerEvent>> DecideImportEmployer(const EmployerState& s,
                                                        EmployerRegistered row) {
    if (!s.exists) return DecideRegisterEmployer(s, std::move(row));
    const EmployerRegistered& held = s.record;
    for (const auto& [field, now, listed] : {std::tuple{"kind", held.kind, row.kind},
                                             std::tuple{"industry", held.industry, row.industry},
                                             std::tuple{"region", held.region, row.region},
                                             std::tuple{"address", held.address, row.address}}) {
        if (now != listed) {
            return RuleBroken(field, "the register has \"" + now +
                                         "\"; an import does not change it (correct it on the "
                                         "employer's page)");
        }
    }
    std::vector<EmployerEvent> events;
    auto add = [&](Result<std::vector<EmployerEvent>> decided) -> Status {
        if (!decided.ok()) return std::move(decided).error();
        events.insert(events.end(), decided->begin(), decided->end());
        return {};
    };
    if (row.name != held.name) {
        if (Status ok = add(DecideRenameEmployer(s, {row.name, "imported list"})); !ok.ok()) {
            return std::move(ok).error();
        }
    }
    if (row.contact_name != held.contact_name || row.contact_phone != held.contact_phone) {
        Status ok = add(DecideChangeContact(s, {row.contact_name, row.contact_phone}));
        if (!ok.ok()) return std::move(ok).error();
    }
    return events;
}

std::string ImportedPostingId(std::string_view employer_id, std::string_view ref) {
    return "pi" + std::string(employer_id) + "-" + std::string(ref);
}

Result<std::vector<PostingEvent>> DecideImportPosting(
    const PostingState& s, PostingOpened posting, std::int64_t today,
    const std::function<bool(std::string_view)>& known_trade) {
    if (!s.exists) return DecideOpenPosting(s, std::move(posting), today, known_trade);
    posting.employer_name = s.record.employer_name;  // the employer may have been renamed since
    if (ToJsonPayload(s.record) == ToJsonPayload(posting)) return std::vector<PostingEvent>{};
    return RuleBroken("ref", "posting " + s.record.posting_id +
                                 " was opened from this number with other terms; a posting's "
                                 "terms do not change (withdraw it and list the new terms under "
                                 "another number)");
}

}  // namespace xfl::domain
