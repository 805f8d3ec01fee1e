// Importing employer and posting lists: the whole sheet is checked first (every bad row reported,
// nothing written), then each row's changes are appended as one command, decided again on the
// state it lands on. Re-importing appends nothing: the decisions compare with what is recorded.
#include <algorithm>

#include "routes.hpp"
#include "xfl/api/core/imports.hpp"
#include "xfl/api/employment/employment.hpp"
#include "xfl/api/geography/geography.hpp"
#include "xfl/domain/employment/sheets.hpp"
#include "xfl/domain/kernel/time.hpp"

namespace xfl::api {
namespace {

using domain::SheetError;

constexpr int kAttemptsPerRow = 3;  // a record changed meanwhile is decided again
constexpr std::chrono::seconds kCatchUpWait{120};

// One row's command: loads what it needs and decides, each time it is called.
struct RowCommand {
    std::size_t line = 0;
    std::function<Result<CommandSpec>()> decide;
};

// Checks every row's command; unless dry or anything is wrong, appends them one by one.
SheetImportReport Apply(Services& services, const Principal& caller,
                        const std::vector<RowCommand>& commands, SheetImportReport report,
                        std::span<const std::string_view> read_models) {
    auto count = [&report](const CommandSpec& spec) {
        report.events += spec.events.size();
        if (spec.events.empty()) {
            ++report.unchanged;
        } else if (spec.expected.Allows({0})) {  // appended where no stream was: a new record
            ++report.created;
        } else {
            ++report.changed;
        }
    };
    auto fail = [&report](std::size_t line, const Error& e) {
        report.errors.push_back(domain::ErrorAt(line, e.field.empty() ? "row" : e.field, e));
    };
    std::vector<CommandSpec> checked;
    for (const RowCommand& command : commands) {
        auto spec = command.decide();
        if (spec.ok()) {
            checked.push_back(std::move(spec).value());
        } else {
            fail(command.line, spec.error());
        }
    }
    std::stable_sort(report.errors.begin(), report.errors.end(),
                     [](const SheetError& a, const SheetError& b) { return a.line < b.line; });
    report.checked_ok = report.errors.empty();
    if (report.dry_run || !report.checked_ok) {
        for (const CommandSpec& spec : checked) count(spec);
        return report;
    }
    for (const RowCommand& command : commands) {
        CommandSpec decided;
        auto appended = services.commands.Execute(Authority::Caller(caller, kDemandWork),
                                                  [&]() -> Result<CommandSpec> {
                                                      XFL_TRY(spec, command.decide());
                                                      decided = spec;
                                                      return spec;
                                                  },
                                                  {"", kAttemptsPerRow});
        if (appended.ok()) {
            count(decided);
        } else {
            fail(command.line, appended.error());
        }
    }
    services.runner.WaitFor(services.log.Head(), read_models, kCatchUpWait);
    return report;
}

// A region of the sheet: known to the tree and inside the caller's area.
Result<domain::RegionCode> SheetRegion(Services& services, const Principal& caller,
                                       const std::string& text) {
    XFL_TRY(region, domain::RegionCode::Parse(text, "region"));
    XFL_CHECK(CheckKnownRegion(services, region));
    if (!caller.Covers(kDemandWork, region)) {
        return Error::Make(Errc::kPermissionDenied,
                           "region: " + region.str() + " is outside your area", "region");
    }
    return region;
}

Result<Loaded<domain::EmployerState>> LoadEmployerStream(Services& services,
                                                         const std::string& id) {
    return services.Current<domain::EmployerState>(domain::EmployerStreamId(id),
                                                   domain::ApplyEmployerEvent);
}

bool Covers(const Principal& caller, const std::string& region) {
    auto code = domain::RegionCode::Parse(region);
    return code.ok() && caller.Covers(kDemandWork, *code);
}

RowCommand EmployerCommand(Services& services, const Principal& caller,
                           const domain::EmployerSheetRow& row, std::int64_t now_us) {
    return {row.line, [&services, &caller, &row, now_us]() -> Result<CommandSpec> {
                XFL_TRY(region, SheetRegion(services, caller, row.employer.region));
                XFL_TRY(loaded, LoadEmployerStream(services, row.employer.employer_id));
                if (loaded.state.exists && !Covers(caller, loaded.state.record.region)) {
                    return Error::Make(Errc::kAlreadyExists,
                                       "credit_code: already registered, outside your area",
                                       "credit_code");
                }
                XFL_TRY(events, domain::DecideImportEmployer(loaded.state, row.employer));
                return CommandSpec{domain::EmployerStreamId(row.employer.employer_id),
                                   loaded.Expected(),
                                   eventstore::MakeEvents(events, now_us),
                                   region,
                                   {}};
            }};
}

RowCommand PostingCommand(Services& services, const Principal& caller,
                          const domain::TradeCatalogue& trades, const domain::PostingSheetRow& row,
                          std::int64_t now_us) {
    return {row.line, [&services, &caller, &trades, &row, now_us]() -> Result<CommandSpec> {
                const std::string& employer_id = row.posting.employer_id;
                XFL_TRY(employer, LoadEmployerStream(services, employer_id));
                // Missing and outside the area read alike: neither is revealed.
                if (!employer.state.exists || !Covers(caller, employer.state.record.region)) {
                    return Error::Make(Errc::kNotFound,
                                       "employer: no employer " + employer_id +
                                           " in your area; import the employer list first",
                                       "employer");
                }
                if (!employer.state.closed_on.empty()) {
                    return Error::Make(
                        Errc::kRuleViolated,
                        "employer: the employer closed on " + employer.state.closed_on, "employer");
                }
                domain::PostingOpened p = row.posting;
                p.posting_id = domain::ImportedPostingId(employer_id, row.ref);
                p.employer_name = employer.state.record.name;
                if (p.region.empty()) p.region = employer.state.record.region;
                XFL_TRY(region, SheetRegion(services, caller, p.region));
                const std::string stream = domain::PostingStreamId(p.posting_id);
                XFL_TRY(loaded,
                        services.Current<domain::PostingState>(stream, domain::ApplyPostingEvent));
                XFL_TRY(decided, domain::DecideImportPosting(
                                     loaded.state, std::move(p), domain::ChinaDay(now_us),
                                     [&](std::string_view t) { return trades.Knows(t); }));
                return CommandSpec{
                    stream, loaded.Expected(), eventstore::MakeEvents(decided, now_us), region, {}};
            }};
}

template <class Row>
SheetImportReport Begin(SheetSource source, bool dry_run, const domain::ParsedSheet<Row>& parsed) {
    SheetImportReport report;
    report.source = std::move(source);
    report.dry_run = dry_run;
    report.rows = parsed.rows_read;
    report.merged_rows = parsed.merged_rows;
    report.errors = parsed.errors;
    return report;
}

// The columns of each list, with one example row, for caseworkers to start from.
ExportTable EmployerTemplate() {
    return {"用工主体名录",
            {{"credit_code", "统一社会信用代码", 20},
             {"name", "单位名称", 28},
             {"kind", "单位类型", 14},
             {"industry", "所属行业", 10},
             {"region", "区划代码", 14},
             {"address", "地址", 28},
             {"contact_name", "联系人", 10},
             {"contact_phone", "联系电话", 14}},
            {{"93530502MA6K5XWJ18", "保山市隆阳区咖啡专业合作社", "农民专业合作社", "A01",
              "530502001000", "隆阳区兰城街道正阳南路1号", "李红", "13800001111"}}};
}
ExportTable PostingTemplate() {
    return {"岗位信息表",
            {{"ref", "岗位编号", 10},
             {"employer", "统一社会信用代码", 20},
             {"title", "岗位名称", 16},
             {"trade", "工种", 16},
             {"skill_level", "技能等级", 10},
             {"headcount", "招聘人数", 8},
             {"region", "工作地点代码", 14},
             {"wage_yuan", "工资(元)", 10},
             {"wage_unit", "计薪方式", 8},
             {"start_date", "开始日期", 12},
             {"end_date", "结束日期", 12},
             {"term", "用工形式", 8},
             {"provides", "提供条件", 24},
             {"source", "岗位来源", 14}},
            {{"2026-001", "93530502MA6K5XWJ18", "咖啡鲜果加工工", "咖啡种植与采摘", "初级工", "10",
              "530502001002", "3500", "月", "2026-12-01", "", "长期", "包吃、拎包入住、往返接送",
              "用人单位申报"}}};
}

SheetImportReport ImportEmployers(Services& services, const Principal& caller, SheetFile file,
                                  bool dry_run, std::int64_t now_us) {
    const auto parsed = domain::ParseEmployerSheet(std::move(file.records));
    std::vector<RowCommand> commands;
    for (const auto& row : parsed.rows) {
        commands.push_back(EmployerCommand(services, caller, row, now_us));
    }
    return Apply(services, caller, commands, Begin(std::move(file.source), dry_run, parsed),
                 kEmployerReadModels);
}

Result<SheetImportReport> ImportPostings(Services& services, const Principal& caller,
                                         SheetFile file, bool dry_run, std::int64_t now_us) {
    XFL_TRY(trades, LoadTrades(services));
    const auto parsed = domain::ParsePostingSheet(std::move(file.records), trades);
    std::vector<RowCommand> commands;
    for (const auto& row : parsed.rows) {
        commands.push_back(PostingCommand(services, caller, trades, row, now_us));
    }
    return Apply(services, caller, commands, Begin(std::move(file.source), dry_run, parsed),
                 kPostingReadModels);
}

}  // namespace

std::string SheetImportReport::ToJson() const {
    return SheetImportJson("list", source, dry_run, checked_ok,
                           {{"rows", rows},
                            {"merged_rows", merged_rows},
                            {"created", created},
                            {"changed", changed},
                            {"unchanged", unchanged},
                            {"events", events}},
                           errors);
}

Result<SheetImportReport> ImportEmploymentSheetAs(Services& services, EmploymentSheet sheet,
                                                  SheetFile file, bool dry_run,
                                                  const std::string& username) {
    XFL_TRY(caller, ImportingAccount(services, username, kDemandWork));
    if (sheet == EmploymentSheet::kEmployers) {
        return ImportEmployers(services, caller, std::move(file), dry_run, NowMicros());
    }
    return ImportPostings(services, caller, std::move(file), dry_run, NowMicros());
}

void AddEmploymentImportRoutes(RouteBuilder& routes, Services& services) {
    routes.Query("GET", "/api/v1/imports/employers/template", kDemandWork,
                 [](RequestContext& ctx) -> Result<HttpResponse> {
                     return SheetTemplate(ctx, EmployerTemplate(), "employers-template");
                 });
    routes.Query("GET", "/api/v1/imports/postings/template", kDemandWork,
                 [](RequestContext& ctx) -> Result<HttpResponse> {
                     return SheetTemplate(ctx, PostingTemplate(), "postings-template");
                 });
    auto answer = [](const SheetImportReport& report) {
        return JsonResponse(report.errors.empty() ? 200 : 422, report.ToJson());
    };
    routes.Query("POST", "/api/v1/imports/employers", kDemandWork,
                 [&services, answer](RequestContext& ctx) -> Result<HttpResponse> {
                     XFL_TRY(upload, ReadSheetUpload(ctx));
                     return answer(ImportEmployers(services, ctx.caller(), std::move(upload.file),
                                                   upload.dry_run, ctx.now_us));
                 });
    routes.Query("POST", "/api/v1/imports/postings", kDemandWork,
                 [&services, answer](RequestContext& ctx) -> Result<HttpResponse> {
                     XFL_TRY(upload, ReadSheetUpload(ctx));
                     XFL_TRY(report, ImportPostings(services, ctx.caller(), std::move(upload.file),
                                                    upload.dry_run, ctx.now_us));
                     return answer(report);
                 });
}

}  // namespace xfl::api
