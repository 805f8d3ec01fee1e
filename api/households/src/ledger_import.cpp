// Importing survey ledgers: the whole file is checked first (every bad row reported, nothing
// written), then each household's changes are appended as one commit at the version they were
// decided on. Re-importing appends nothing, as the decisions compare with the register.
#include "ledger_import.hpp"

#include <map>

#include "routes.hpp"
#include "xfl/api/core/credentials.hpp"
#include "xfl/api/core/imports.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/projections/geography/region_tree.hpp"
#include "xfl/projections/households/households.hpp"

namespace xfl::api {
namespace {

using domain::SheetError;

const RoleSet kImporters = {domain::Role::kAdmin, domain::Role::kCaseworker};
constexpr int kAttemptsPerHousehold = 3;  // a household changed meanwhile is decided again
constexpr std::chrono::seconds kCatchUpWait{120};

struct Target : Loaded<domain::HouseholdState> {
    std::string household_id;
};

// The household the ledger household is in the register as: the one its members belong to, else
// the one an earlier import recorded under its ledger number, else for new people a fixed id
// derived from village and ledger number (so a repeated import of a new household finds the
// same stream).
std::optional<std::string> ResolveHousehold(const projections::StateView& index,
                                            const domain::LedgerHousehold& h,
                                            std::vector<SheetError>& errors) {
    std::optional<std::string> found;
    std::size_t found_line = 0;
    for (const auto& row : h.rows) {
        auto in = projections::HouseholdOfResident(index, row.member.resident_id);
        if (!in) continue;
        if (found && *found != *in) {
            // Neither household is named: either may lie outside the uploader's area.
            errors.push_back({row.line, "resident_id",
                              "is registered in another household than the person on line " +
                                  std::to_string(found_line) +
                                  "; one ledger household must be one household"});
            return std::nullopt;
        }
        found = in;
        found_line = row.line;
    }
    if (found) return found;
    if (auto numbered = projections::HouseholdOfLedgerNumber(index, h.region, h.household)) {
        return numbered;
    }
    return "h" + Sha256Hex("ledger\x1f" + h.region + "\x1f" + h.household).substr(0, 16);
}

Result<Target> LoadTarget(Services& services, const std::string& household_id) {
    XFL_TRY(events, services.Stream(domain::HouseholdStreamId(household_id)));
    XFL_TRY(loaded, LoadFrom<domain::HouseholdState>(events, domain::ApplyHouseholdEvent));
    return Target{{std::move(loaded)}, household_id};
}

bool InArea(const Principal& caller, const std::string& region) {
    auto code = domain::RegionCode::Parse(region);
    return code.ok() && caller.Covers(kImporters, *code);
}

std::string NewId(std::string_view prefix) { return std::string(prefix) + RandomHex(8); }

}  // namespace

std::string LedgerImportReport::ToJson() const {
    return SheetImportJson("ledger", source, dry_run, checked_ok,
                           {{"rows", rows},
                            {"merged_rows", merged_rows},
                            {"households_new", households_new},
                            {"households_changed", households_changed},
                            {"households_unchanged", households_unchanged},
                            {"members_added", members_added},
                            {"members_updated", members_updated},
                            {"statuses_recorded", statuses_recorded},
                            {"events", events}},
                           errors, kept_columns);
}

LedgerImportReport ImportLedger(Services& services, const Principal& caller, SheetFile file,
                                bool dry_run, std::int64_t now_us) {
    LedgerImportReport report;
    report.source = std::move(file.source);
    report.dry_run = dry_run;
    const std::int64_t today = domain::ChinaDay(now_us);
    domain::ParsedLedger ledger = domain::ParseLedger(std::move(file.records), today);
    report.rows = ledger.rows;
    report.merged_rows = ledger.merged_rows;
    report.kept_columns = ledger.extra_columns;
    report.errors = std::move(ledger.errors);

    auto tree = services.store.View(projections::kRegionTree);
    auto index = services.store.View(projections::kHouseholdIndex);
    const auto& policy = domain::kZeroEmploymentPolicy;
    struct Planned {
        const domain::LedgerHousehold* ledger;
        Target target;
        domain::LedgerDecision decision;
    };
    std::vector<Planned> planned;
    std::map<std::string, const domain::LedgerHousehold*> claimed;  // register household → ledger
    auto decide = [&](const domain::LedgerHousehold& h, const Target& t) {
        return domain::DecideLedgerHousehold(t.state, t.household_id, h, caller.username, today,
                                             policy, NewId, report.errors);
    };
    for (const auto& h : ledger.households) {
        const std::size_t line = h.rows.front().line;
        auto village = domain::RegionCode::Parse(h.region);
        if (!projections::FindRegion(*tree, h.region)) {
            report.errors.push_back({line, "region", "unknown region " + h.region});
            continue;
        }
        if (!caller.Covers(kImporters, *village)) {
            report.errors.push_back({line, "region", h.region + " is outside your area"});
            continue;
        }
        auto household_id = ResolveHousehold(*index, h, report.errors);
        if (!household_id) continue;
        auto target = LoadTarget(services, *household_id);
        if (!target.ok()) {
            report.errors.push_back({line, "household", target.error().message});
            continue;
        }
        if (target->state.exists && !InArea(caller, target->state.region)) {
            report.errors.push_back(
                {line, "resident_id",
                 "a person of this household is registered in another household outside your "
                 "area; that household's caseworkers must record the move"});
            continue;
        }
        if (auto [first, added] = claimed.emplace(*household_id, &h); !added) {
            report.errors.push_back({line, "household",
                                     "its people are registered in the household that ledger "
                                     "household " +
                                         first->second->household + " (line " +
                                         std::to_string(first->second->rows.front().line) +
                                         ") names too; list them under one household number"});
            continue;
        }
        domain::LedgerDecision decision = decide(h, *target);
        planned.push_back({&h, std::move(target).value(), std::move(decision)});
    }

    auto count = [&](const Planned& p) {
        report.members_added += p.decision.members_added;
        report.members_updated += p.decision.members_updated;
        report.statuses_recorded += p.decision.statuses_recorded;
        report.events += p.decision.events.size();
        if (p.decision.events.empty()) {
            ++report.households_unchanged;
        } else if (!p.target.state.exists) {
            ++report.households_new;
        } else {
            ++report.households_changed;
        }
    };
    report.checked_ok = report.errors.empty();
    if (dry_run || !report.checked_ok) {
        for (const auto& p : planned) count(p);
        return report;
    }

    for (auto& p : planned) {
        bool reload = false;  // a household changed meanwhile is loaded and decided again
        auto appended = services.commands.Execute(
            Authority::Caller(caller, kImporters),
            [&]() -> Result<CommandSpec> {
                if (reload) {
                    XFL_TRY(reloaded, LoadTarget(services, p.target.household_id));
                    p.target = std::move(reloaded);
                    p.decision = decide(*p.ledger, p.target);
                }
                reload = true;
                // Recorded under the grant that covers the household's village (checked
                // above). The read models are awaited once, after the last household.
                return CommandSpec{domain::HouseholdStreamId(p.target.household_id),
                                   p.target.Expected(),
                                   eventstore::MakeEvents(p.decision.events, now_us),
                                   domain::RegionCode::Parse(p.ledger->region).value(),
                                   {}};
            },
            {"", kAttemptsPerHousehold});
        if (appended.ok()) {
            count(p);
        } else {
            report.errors.push_back(
                {p.ledger->rows.front().line, "household", appended.error().message});
        }
    }
    services.runner.WaitFor(services.log.Head(), kHouseholdReadModels, kCatchUpWait);
    return report;
}

// The columns a ledger may have, with one example row, for caseworkers to start from.
ExportTable LedgerTemplate() {
    return {"摸排台账",
            {{"household", "户编号", 8},
             {"region", "村(社区)代码", 14},
             {"address", "地址", 24},
             {"name", "姓名", 10},
             {"resident_id", "身份证号", 20},
             {"sex", "性别", 6},
             {"birth_date", "出生日期", 12},
             {"phone", "联系电话", 14},
             {"education", "文化程度", 10},
             {"skills", "技能", 16},
             {"skill_level", "技能等级", 10},
             {"labour_capacity", "劳动能力", 8},
             {"wants_work", "就业意愿", 8},
             {"categories", "人员类别", 16},
             {"status", "就业状态", 12},
             {"monthly_income_yuan", "月收入(元)", 10},
             {"survey_date", "摸排日期", 12}},
            {{"0001", "530502001002", "王官社区1组1号", "张三", "530502194912310020", "female",
              "1949-12-31", "13800000000", "primary", "种植", "junior", "no", "no", "rural_labour",
              "not_in_labour_force", "0", "2026-03-01"}}};
}

void AddImportRoutes(RouteBuilder& routes, Services& services) {
    routes.Query("GET", "/api/v1/imports/households/template", kImporters,
                 [](RequestContext& ctx) -> Result<HttpResponse> {
                     return SheetTemplate(ctx, LedgerTemplate(), "ledger-template");
                 });
    routes.Query("POST", "/api/v1/imports/households", kImporters,
                 [&services](RequestContext& ctx) -> Result<HttpResponse> {
                     XFL_TRY(upload, ReadSheetUpload(ctx));
                     LedgerImportReport report =
                         ImportLedger(services, ctx.caller(), std::move(upload.file),
                                      upload.dry_run, ctx.now_us);
                     return JsonResponse(report.errors.empty() ? 200 : 422, report.ToJson());
                 });
}

Result<LedgerImportReport> ImportLedgerAs(Services& services, SheetFile file, bool dry_run,
                                          const std::string& username) {
    XFL_TRY(caller, ImportingAccount(services, username, kImporters));
    return ImportLedger(services, caller, std::move(file), dry_run, NowMicros());
}

}  // namespace xfl::api
