// xingfuli import: a survey ledger (CSV) into the register, as a named account.
#include <fmt/core.h>

#include <fstream>
#include <sstream>

#include "commands.hpp"
#include "node.hpp"
#include "xfl/api/api.hpp"
#include "xfl/api/geography/geography.hpp"
#include "xfl/api/households/households.hpp"

namespace xfl::tools {

int RunImport(const ImportOptions& options) {
    auto fail = [](const std::string& message) {
        fmt::print(stderr, "xingfuli import: {}\n", message);
        return 1;
    };
    std::ifstream file(options.file, std::ios::binary);
    if (!file) return fail("cannot read " + options.file.string());
    std::ostringstream csv;
    csv << file.rdbuf();

    auto node = OpenLiveNode(options.node);
    if (!node.ok()) return fail(node.error().message);
    api::Api api(*node->log, *node->store, *node->runner, {});
    if (auto seeded = api::SeedRegions(api.services()); !seeded.ok())
        return fail(seeded.error().message);
    auto report = api::ImportLedgerAs(api.services(), csv.str(), options.dry_run, options.as);
    if (!report.ok()) return fail(report.error().message);

    for (const auto& e : report->errors) {
        fmt::print(stderr, "{}:{}: {}: {}\n", options.file.string(), e.line, e.field, e.message);
    }
    fmt::print(
        "{}{} rows ({} repeated rows merged): {} new households, {} changed, {} unchanged; "
        "{} members added, {} updated, {} statuses recorded; {} events{}\n",
        options.dry_run ? "dry run: " : "", report->rows, report->merged_rows,
        report->households_new, report->households_changed, report->households_unchanged,
        report->members_added, report->members_updated, report->statuses_recorded, report->events,
        options.dry_run ? " would be appended" : " appended");
    if (!report->errors.empty()) {
        return fail(fmt::format("{} problem(s); {}", report->errors.size(),
                                options.dry_run || !report->checked_ok
                                    ? "nothing was imported"
                                    : "the other households were imported; running the import "
                                      "again is safe"));
    }
    return 0;
}

}  // namespace xfl::tools
