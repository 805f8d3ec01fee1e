// Importing survey ledgers: the whole file is checked first (every bad row reported, nothing
// written), then each household's changes are appended as one commit at the version they were
// decided on. Re-importing appends nothing, as the decisions compare with the register.
#include <map>

#include "routes.hpp"
#include "xfl/api/core/credentials.hpp"
#include "xfl/api/core/imports.hpp"
#include "xfl/api/households/households.hpp"
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
    XFL_TRY(loaded, services.Current<domain::HouseholdState>(
                        domain::HouseholdStreamId(household_id), domain::ApplyHouseholdEvent));
    return Target{{std::move(loaded)}, household_id};
}

bool InArea(const Principal& caller, const std::string& region) {
    auto code = domain::RegionCode::Parse(region);
    return code.ok() && caller.Covers(kImporters, *code);
}

std::string NewId(std::string_view prefix) { return std::string(prefix) + RandomHex(8); }

// A ledger file read as a stream: every row checked in one pass that keeps only where each
// household's rows are (a ledger lists a household's people together, or not), then each
// household read again from those places when it is imported.
class StreamedHouseholds {
  public:
    StreamedHouseholds(std::unique_ptr<SheetRows> file, std::int64_t today)
        : file_(std::move(file)), today_(today) {}

    // The pass that checks every row; its problems and figures go to `report`.
    Status Check(LedgerImportReport& report) {
        std::vector<domain::SheetRecord> first;
        std::size_t used = 0;
        std::map<std::string, std::size_t> household_at;  // ledger household → index
        auto take_row = [&](const domain::SheetRecord& record, std::uint64_t offset) {
            auto row = reader_->Check(record);
            if (!row) return;
            auto [at, added] = household_at.emplace(row->household, households_.size());
            if (added) households_.push_back({row->household, row->region, row->address, {}});
            households_[at->second].rows.push_back({offset, record.line});
        };
        std::vector<std::uint64_t> first_offsets;
        auto status = file_->ForEach([&](domain::SheetRecord record, std::uint64_t offset) {
            if (!reader_) {
                // The header is known after two records (a title row may come first).
                first.push_back(std::move(record));
                first_offsets.push_back(offset);
                if (first.size() < 2) return true;
                OpenReader(first, report, used);
                if (!reader_->ok()) return false;
                for (std::size_t r = used; r < first.size(); ++r)
                    take_row(first[r], first_offsets[r]);
                return true;
            }
            take_row(record, offset);
            return true;
        });
        if (!status.ok()) return status;
        if (!reader_) {
            OpenReader(first, report, used);
            for (std::size_t r = used; reader_->ok() && r < first.size(); ++r) {
                take_row(first[r], first_offsets[r]);
            }
        }
        if (!reader_->ok()) return {};
        report.kept_columns = reader_->ExtraColumns();
        report.rows = reader_->rows();
        report.merged_rows = reader_->merged_rows();
        if (report.rows == 0) report.errors.push_back(domain::NoRows());
        return {};
    }

    std::size_t size() const { return households_.size(); }

    // The household at `i`, valid until the next call.
    Result<const domain::LedgerHousehold*> At(std::size_t i) {
        const Household& h = households_[i];
        current_ = {h.household, h.region, h.address, {}};
        for (const Place& place : h.rows) {
            XFL_TRY(record, file_->At(place.offset, place.line));
            auto row = reader_->Reread(record);
            if (!row) {
                return Error::Make(
                    Errc::kInvalidArgument,
                    "the file changed while it was read (line " + std::to_string(place.line) + ")");
            }
            current_.rows.push_back(std::move(*row));
        }
        return &current_;
    }

  private:
    struct Place {
        std::uint64_t offset = 0;
        std::size_t line = 0;
    };
    struct Household {
        std::string household, region, address;
        std::vector<Place> rows;
    };

    void OpenReader(const std::vector<domain::SheetRecord>& first, LedgerImportReport& report,
                    std::size_t& used) {
        reader_.emplace(first, today_, report.errors, used);
    }

    std::unique_ptr<SheetRows> file_;
    std::int64_t today_;
    std::optional<domain::LedgerReader> reader_;
    std::vector<Household> households_;
    domain::LedgerHousehold current_;
};

// Each household in turn, but those `skip` names (not even read); one that cannot be read
// again (its file changed) ends the pass.
void ForEachHousehold(StreamedHouseholds& households, LedgerImportReport& report,
                      const std::function<void(std::size_t, const domain::LedgerHousehold&)>& visit,
                      const std::function<bool(std::size_t)>& skip = {}) {
    for (std::size_t i = 0; i < households.size(); ++i) {
        if (skip && skip(i)) continue;
        auto at = households.At(i);
        if (!at.ok()) {
            report.errors.push_back({0, "file", at.error().message});
            return;
        }
        visit(i, **at);
    }
}

void Tally(LedgerImportReport& report, const domain::LedgerDecision& decision, bool existed) {
    report.members_added += decision.members_added;
    report.members_updated += decision.members_updated;
    report.statuses_recorded += decision.statuses_recorded;
    report.events += decision.events.size();
    if (decision.events.empty()) {
        ++report.households_unchanged;
    } else if (!existed) {
        ++report.households_new;
    } else {
        ++report.households_changed;
    }
}

// The households of a ledger whose rows were checked, in two passes that each hold one
// household at a time: every household is resolved, checked and decided (its problems
// reported; the figures a dry run answers); then, unless a dry run or anything was wrong, each
// is decided again and appended, and the read models awaited.
void ImportHouseholds(Services& services, const Principal& caller, StreamedHouseholds& households,
                      bool dry_run, std::int64_t now_us, LedgerImportReport& report) {
    const std::int64_t today = domain::ChinaDay(now_us);
    auto tree = services.store.View(projections::kRegionTree);
    auto index = services.store.View(projections::kHouseholdIndex);
    auto decide = [&](const domain::LedgerHousehold& h, const Target& t) {
        return domain::DecideLedgerHousehold(t.state, t.household_id, h, caller.username, today,
                                             domain::kZeroEmploymentPolicy, NewId, report.errors);
    };
    struct Claim {
        std::string household;  // the ledger's number
        std::size_t line = 0;
    };
    std::map<std::string, Claim> claimed;  // register household → the ledger household naming it
    std::vector<std::string> household_ids(households.size());
    // A household the check found nothing to change in, at this version (else 0).
    std::vector<std::uint64_t> unchanged_at(households.size(), 0);
    ForEachHousehold(households, report, [&](std::size_t i, const domain::LedgerHousehold& h) {
        const std::size_t line = h.rows.front().line;
        auto village = domain::RegionCode::Parse(h.region);
        if (!projections::FindRegion(*tree, h.region)) {
            report.errors.push_back({line, "region", "unknown region " + h.region});
            return;
        }
        if (!caller.Covers(kImporters, *village)) {
            report.errors.push_back({line, "region", h.region + " is outside your area"});
            return;
        }
        auto household_id = ResolveHousehold(*index, h, report.errors);
        if (!household_id) return;
        auto target = LoadTarget(services, *household_id);
        if (!target.ok()) {
            report.errors.push_back({line, "household", target.error().message});
            return;
        }
        if (target->state.exists && !InArea(caller, target->state.region)) {
            report.errors.push_back(
                {line, "resident_id",
                 "a person of this household is registered in another household outside your "
                 "area; that household's caseworkers must record the move"});
            return;
        }
        if (auto [first, added] = claimed.emplace(*household_id, Claim{h.household, line});
            !added) {
            report.errors.push_back({line, "household",
                                     "its people are registered in the household that ledger "
                                     "household " +
                                         first->second.household + " (line " +
                                         std::to_string(first->second.line) +
                                         ") names too; list them under one household number"});
            return;
        }
        const domain::LedgerDecision decision = decide(h, *target);
        Tally(report, decision, target->state.exists);
        if (decision.events.empty()) unchanged_at[i] = target->version;
        household_ids[i] = std::move(*household_id);
    });
    report.checked_ok = report.errors.empty();
    if (dry_run || !report.checked_ok) return;

    report.households_new = report.households_changed = report.households_unchanged = 0;
    report.members_added = report.members_updated = report.statuses_recorded = report.events = 0;
    // Still as the check saw it, with nothing to change: not read or loaded again (a re-import).
    const auto still_unchanged = [&](std::size_t i) {
        if (unchanged_at[i] == 0) return false;
        const auto head = services.log.StreamHead(domain::HouseholdStreamId(household_ids[i]));
        if (!head.ok() || head->value != unchanged_at[i]) return false;
        ++report.households_unchanged;
        return true;
    };
    ForEachHousehold(
        households, report,
        [&](std::size_t i, const domain::LedgerHousehold& h) {
            Target target;
            domain::LedgerDecision decision;
            auto appended = services.commands.Execute(
                Authority::Caller(caller, kImporters),
                // Decided on the household as it is now (again when it changed meanwhile).
                [&]() -> Result<CommandSpec> {
                    XFL_TRY(loaded, LoadTarget(services, household_ids[i]));
                    target = std::move(loaded);
                    decision = decide(h, target);
                    // Recorded under the grant that covers the household's village (checked
                    // above). The read models are awaited once, after the last household.
                    return CommandSpec{domain::HouseholdStreamId(target.household_id),
                                       target.Expected(),
                                       eventstore::MakeEvents(decision.events, now_us),
                                       domain::RegionCode::Parse(h.region).value(),
                                       {}};
                },
                {"", kAttemptsPerHousehold});
            if (appended.ok()) {
                Tally(report, decision, target.state.exists);
            } else {
                report.errors.push_back(
                    {h.rows.front().line, "household", appended.error().message});
            }
        },
        still_unchanged);
    services.runner.WaitFor(services.log.Head(), kHouseholdReadModels, kCatchUpWait);
}

// Checks every row of the ledger read as a stream, then (unless `dry_run` or anything is wrong)
// appends each household's changes and waits for the read models. Households outside the
// caller's area are errors like any other; a file that cannot be read or decoded is an error.
Result<LedgerImportReport> ImportLedger(Services& services, const Principal& caller,
                                        StreamedSheet sheet, bool dry_run, std::int64_t now_us) {
    LedgerImportReport report;
    report.source = std::move(sheet.source);
    report.dry_run = dry_run;
    StreamedHouseholds households(std::move(sheet.rows), domain::ChinaDay(now_us));
    XFL_CHECK(households.Check(report));
    ImportHouseholds(services, caller, households, dry_run, now_us, report);
    return report;
}

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
                     XFL_TRY(upload, StreamSheetUpload(ctx));
                     XFL_TRY(report, ImportLedger(services, ctx.caller(), std::move(upload.sheet),
                                                  upload.dry_run, ctx.now_us));
                     return JsonResponse(report.errors.empty() ? 200 : 422, report.ToJson());
                 });
}

Result<LedgerImportReport> ImportLedgerFileAs(Services& services, const std::filesystem::path& path,
                                              std::optional<std::string> encoding,
                                              std::string_view sheet, bool dry_run,
                                              const std::string& username) {
    XFL_TRY(caller, ImportingAccount(services, username, kImporters));
    XFL_TRY(file,
            OpenSheetFile(path, SheetFormat::kDetect, std::move(encoding), sheet, path.string()));
    return ImportLedger(services, caller, std::move(file), dry_run, NowMicros());
}

}  // namespace xfl::api
