// Reading sheets: CSV records, the header against a context's column names, cells.
#include "xfl/domain/kernel/sheet.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "xfl/domain/kernel/text.hpp"
#include "xfl/domain/kernel/time.hpp"

namespace xfl::domain {
namespace {

const Aliases kBooleans = {{"true", "1"}, {"yes", "1"}, {"1", "1"}, {"是", "1"}, {"有", "1"},
                           {"false", ""}, {"no", ""},   {"0", ""},  {"否", ""},  {"无", ""}};

bool IsBlank(const SheetRecord& record) {
    return std::all_of(record.cells.begin(), record.cells.end(),
                       [](const std::string& c) { return Trim(c).empty(); });
}

}  // namespace

SheetError ErrorAt(std::size_t line, std::string field, const Error& e) {
    std::string message = e.message;
    if (!e.field.empty() && message.starts_with(e.field + ": ")) {
        message.erase(0, e.field.size() + 2);
    }
    return {line, std::move(field), std::move(message)};
}

void CsvSplitter::EndRecord(const Take& take) {
    take(std::move(current_), record_start_);
    current_ = SheetRecord{++line_, {""}};
    record_start_ = offset_ + 1;
}

void CsvSplitter::Char(char c, const Take& take) {
    if (after_cr_) {
        after_cr_ = false;
        if (c == '\n') {
            ++record_start_;
            return;
        }
    }
    std::string& cell = current_.cells.back();
    if (quote_in_quoted_) {
        quote_in_quoted_ = false;
        if (c == '"') {
            cell.push_back('"');
            return;
        }
        quoted_ = false;  // the closing quote; `c` is read outside the quotes
    }
    if (quoted_) {
        if (c == '"') {
            quote_in_quoted_ = true;
        } else {
            if (c == '\n') ++line_;
            cell.push_back(c);
        }
    } else if (c == '"' && cell.empty()) {
        quoted_ = true;
    } else if (c == ',') {
        current_.cells.emplace_back();
    } else if (c == '\n' || c == '\r') {
        after_cr_ = c == '\r';
        EndRecord(take);
    } else {
        cell.push_back(c);
    }
}

void CsvSplitter::Feed(std::string_view chunk, const Take& take) {
    for (const char c : chunk) {
        Char(c, take);
        ++offset_;
    }
}

void CsvSplitter::Finish(const Take& take) {
    if (current_.cells.size() > 1 || !current_.cells[0].empty()) {
        take(std::move(current_), record_start_);
    }
    current_ = SheetRecord{++line_, {""}};
}

std::vector<SheetRecord> SplitCsv(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a spreadsheet's UTF-8 BOM
    std::vector<SheetRecord> records;
    CsvSplitter splitter;
    const auto take = [&](SheetRecord record, std::uint64_t) {
        records.push_back(std::move(record));
    };
    splitter.Feed(text, take);
    splitter.Finish(take);
    return records;
}

Sheet ReadSheetHeader(const std::vector<SheetRecord>& first, const Aliases& columns,
                      const std::vector<std::string>& required, std::vector<SheetError>& errors,
                      UnknownColumns unknown, std::size_t& used) {
    Sheet sheet;
    used = 0;
    if (first.empty()) {
        errors.push_back({0, "file", "the file is empty; the first row names the columns"});
        return sheet;
    }
    // A title above the headings ("2026年王官社区摸排台账", a merged cell in a workbook) is one
    // cell alone; no sheet has a single column.
    const auto filled = [](const SheetRecord& r) {
        return std::count_if(r.cells.begin(), r.cells.end(),
                             [](const std::string& c) { return !Trim(c).empty(); });
    };
    used = first.size() > 1 && filled(first[0]) == 1 && filled(first[1]) > 1 ? 2 : 1;
    const SheetRecord& header = first[used - 1];
    const std::size_t errors_before = errors.size();
    for (std::size_t i = 0; i < header.cells.size(); ++i) {
        const std::string heading = Trim(header.cells[i]);
        auto known = columns.find(heading);
        const auto kept_before = [&] {
            return std::any_of(sheet.extra_columns.begin(), sheet.extra_columns.end(),
                               [&](const auto& column) { return column.first == heading; });
        };
        if (known == columns.end() && (unknown == UnknownColumns::kRefused || heading.empty())) {
            errors.push_back({1, heading, "unknown column \"" + heading + "\""});
        } else if (known == columns.end()) {
            if (kept_before()) {
                errors.push_back({1, heading, "the column appears twice"});
            } else {
                sheet.extra_columns.emplace_back(heading, i);
            }
        } else if (!sheet.columns.emplace(known->second, i).second) {
            errors.push_back({1, known->second, "the column appears twice"});
        }
    }
    for (const std::string& key : required) {
        if (!sheet.columns.contains(key)) {
            errors.push_back({1, key, "the required column is missing"});
        }
    }
    if (errors.size() != errors_before) return Sheet{};
    sheet.header_cells = header.cells.size();
    return sheet;
}

bool TakeSheetRow(Sheet& sheet, const SheetRecord& record, std::vector<SheetError>& errors) {
    if (IsBlank(record)) return false;
    ++sheet.rows_read;
    if (record.cells.size() > sheet.header_cells) {
        errors.push_back({record.line, "row", "more cells than the header names"});
        return false;
    }
    return true;
}

SheetError NoRows() { return {0, "file", "the file has a header but no rows"}; }

Sheet ReadSheet(std::vector<SheetRecord> records, const Aliases& columns,
                const std::vector<std::string>& required, std::vector<SheetError>& errors,
                UnknownColumns unknown) {
    std::size_t used = 0;
    Sheet sheet = ReadSheetHeader(
        std::vector<SheetRecord>(
            records.begin(), records.begin() + std::min<std::ptrdiff_t>(
                                                   2, static_cast<std::ptrdiff_t>(records.size()))),
        columns, required, errors, unknown, used);
    if (sheet.header_cells == 0) return sheet;
    for (std::size_t r = used; r < records.size(); ++r) {
        if (TakeSheetRow(sheet, records[r], errors)) sheet.rows.push_back(std::move(records[r]));
    }
    if (sheet.rows_read == 0) errors.push_back(NoRows());
    return sheet;
}

std::string Trim(std::string_view s) {
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return std::string(s);
}

std::string Translate(const Aliases& words, const std::string& value) {
    auto it = words.find(value);
    return it == words.end() ? value : it->second;
}

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

std::optional<std::string> SheetDate(std::string_view cell) {
    // A time of day after the date ("2026/3/5 0:00:00", as Excel writes a date cell to CSV).
    if (const auto space = cell.find(' '); space != std::string_view::npos) {
        const std::string_view time = cell.substr(space + 1);
        if (time.empty() || time.find_first_not_of("0123456789:.") != std::string_view::npos) {
            return std::nullopt;
        }
        cell = cell.substr(0, space);
    }
    const auto digits_only = [](std::string_view s) {
        return !s.empty() &&
               std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (const std::string_view whole = cell.substr(0, cell.find('.'));
        whole.size() == 5 && digits_only(whole) &&
        (whole.size() == cell.size() || digits_only(cell.substr(whole.size() + 1)))) {
        // Excel's 1900 date system counts a 29 February 1900 that never was: from serial 61 on,
        // serial n is n days after 1899-12-30.
        return FormatDate(DaysFromCivil(1899, 12, 30) + std::stoll(std::string(whole)));
    }
    std::string text(cell);
    if (text.size() == 8 && digits_only(text)) {
        text = text.substr(0, 4) + "-" + text.substr(4, 2) + "-" + text.substr(6, 2);
    }
    for (const std::string_view unit : {"年", "月"}) {
        if (const auto at = text.find(unit); at != std::string::npos)
            text.replace(at, unit.size(), "-");
    }
    if (text.ends_with("日")) text.resize(text.size() - std::string_view("日").size());
    std::vector<int> parts;
    std::string number;
    for (char c : text + "-") {
        if (c >= '0' && c <= '9' && number.size() < 4) {
            number.push_back(c);
        } else if ((c == '/' || c == '-' || c == '.') && !number.empty()) {
            parts.push_back(std::stoi(number));
            number.clear();
        } else {
            return std::nullopt;
        }
    }
    if (parts.size() != 3 || parts[0] < 1000 || parts[1] > 12 || parts[2] > 31) return std::nullopt;
    char iso[40];
    std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", parts[0], parts[1], parts[2]);
    if (!ParseDate(iso, "date").ok()) return std::nullopt;  // 2026-02-30 and the like
    return iso;
}

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

const Aliases& SkillLevelWords() {
    static const Aliases words = {{"无", "none"},
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
    return words;
}

std::string RowReader::Cell(const std::string& column) const {
    auto it = columns_.find(column);
    if (it == columns_.end() || it->second >= record_.cells.size()) return "";
    return Trim(record_.cells[it->second]);
}

void RowReader::Fail(std::string field, std::string message) {
    failed_ = true;
    if (!failed_fields_.insert(field).second) return;
    errors_.push_back({record_.line, std::move(field), std::move(message)});
}

void RowReader::Fail(const std::string& field, const Error& e) {
    failed_ = true;
    if (!failed_fields_.insert(field).second) return;
    errors_.push_back(ErrorAt(record_.line, field, e));
}

std::string RowReader::Date(const std::string& column) {
    const std::string cell = Cell(column);
    if (cell.empty()) return cell;
    if (auto day = SheetDate(cell)) return *day;
    Fail(column, "\"" + cell + "\" is not a date; write it as " + std::string(kSheetDateForms));
    return "";
}

bool RowReader::Bool(const std::string& column) {
    const std::string cell = Cell(column);
    auto it = kBooleans.find(cell);
    if (it == kBooleans.end()) {
        Fail(column, "\"" + cell + "\" is not one of true/false, yes/no, 1/0, 是/否");
        return false;
    }
    return !it->second.empty();
}

std::int64_t RowReader::Count(const std::string& column) {
    const std::string cell = Cell(column);
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), n);
    if (cell.empty() || ec != std::errc() || end != cell.data() + cell.size() || n < 1) {
        Fail(column, "\"" + cell + "\" is not a whole number of 1 or more");
        return 0;
    }
    return n;
}

void RowReader::CheckCellsAreText() {
    for (const auto& [column, index] : columns_) {
        if (index >= record_.cells.size()) continue;
        Status text = CheckText(record_.cells[index], column, TextKind::kParagraph);
        if (!text.ok()) Fail(column, text.error());
    }
}

}  // namespace xfl::domain
