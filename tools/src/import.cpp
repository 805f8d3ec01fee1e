// xingfuli import: a survey ledger, an employer list or a posting list (CSV or .xlsx), as a named
// account.
#include <fmt/core.h>
#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "commands.hpp"
#include "node.hpp"
#include "xfl/api/api.hpp"
#include "xfl/api/core/imports.hpp"
#include "xfl/api/core/text_encoding.hpp"
#include "xfl/api/employment/employment.hpp"
#include "xfl/api/geography/geography.hpp"
#include "xfl/api/households/households.hpp"

namespace xfl::tools {
namespace {

int Fail(const std::string& message) {
    fmt::print(stderr, "xingfuli import: {}\n", message);
    return 1;
}

// Each problem as file:line: field: message, then the outcome; 0 when there were none.
int Report(const ImportOptions& options, const std::vector<domain::SheetError>& errors,
           bool checked_ok, const std::string& summary) {
    for (const auto& e : errors) {
        fmt::print(stderr, "{}:{}: {}: {}\n", options.file.string(), e.line, e.field, e.message);
    }
    fmt::print("{}{}{}\n", options.dry_run ? "dry run: " : "", summary,
               options.dry_run ? " would be appended" : " appended");
    if (errors.empty()) return 0;
    return Fail(fmt::format("{} problem(s); {}", errors.size(),
                            options.dry_run || !checked_ok
                                ? "nothing was imported"
                                : "the other rows were imported; running the import again is "
                                  "safe"));
}

int ImportLedger(const ImportOptions& options, const Result<api::LedgerImportReport>& report) {
    if (!report.ok()) return Fail(report.error().message);
    return Report(
        options, report->errors, report->checked_ok,
        fmt::format("{} rows ({} repeated rows merged): {} new households, {} changed, {} "
                    "unchanged; {} members added, {} updated, {} statuses recorded; {} events",
                    report->rows, report->merged_rows, report->households_new,
                    report->households_changed, report->households_unchanged, report->members_added,
                    report->members_updated, report->statuses_recorded, report->events) +
            (report->kept_columns.empty() ? std::string()
                                          : fmt::format("; the ledger's own columns kept: {}",
                                                        fmt::join(report->kept_columns, ", "))));
}

int ImportEmploymentSheet(api::Services& services, const ImportOptions& options,
                          api::SheetFile file) {
    const bool employers = options.kind == "employers";
    auto report = api::ImportEmploymentSheetAs(
        services, employers ? api::EmploymentSheet::kEmployers : api::EmploymentSheet::kPostings,
        std::move(file), options.dry_run, options.as);
    if (!report.ok()) return Fail(report.error().message);
    return Report(options, report->errors, report->checked_ok,
                  fmt::format("{} rows ({} repeated rows merged): {} new {}, {} changed, {} "
                              "unchanged; {} events",
                              report->rows, report->merged_rows, report->created, options.kind,
                              report->changed, report->unchanged, report->events));
}

void PrintSource(const ImportOptions& options, const api::SheetSource& source) {
    fmt::print(
        "{}: read as {}\n", options.file.string(),
        source.format == "xlsx" ? "an .xlsx workbook, sheet " + source.sheet : source.encoding);
}

}  // namespace

int RunImport(const ImportOptions& options) {
    std::ifstream probe(options.file, std::ios::binary);
    if (!probe) return Fail("cannot read " + options.file.string());
    std::optional<std::string> encoding;
    if (options.encoding) encoding = api::SheetEncoding(*options.encoding);
    // A survey ledger (a county's may hold 200,000 rows) is streamed by ImportLedgerFileAs;
    // employer and posting lists are read whole.
    const bool streamed = options.kind == "households";
    std::optional<api::SheetFile> sheet;
    if (!streamed) {
        std::ostringstream bytes;
        bytes << probe.rdbuf();
        auto read = api::ReadSheetFile(bytes.str(), api::SheetFormat::kDetect, encoding,
                                       options.sheet, options.file.string());
        if (!read.ok()) return Fail(read.error().message);
        PrintSource(options, read->source);
        sheet = std::move(read).value();
    }

    auto node = OpenLiveNode(options.node);
    if (!node.ok()) return Fail(node.error().message);
    api::Api api(*node->log, *node->store, *node->runner, {});
    if (auto seeded = api::SeedRegions(api.services()); !seeded.ok()) {
        return Fail(seeded.error().message);
    }
    if (streamed) {
        auto report = api::ImportLedgerFileAs(api.services(), options.file, encoding, options.sheet,
                                              options.dry_run, options.as);
        if (report.ok()) PrintSource(options, report->source);
        return ImportLedger(options, report);
    }
    return ImportEmploymentSheet(api.services(), options, std::move(*sheet));
}

}  // namespace xfl::tools
