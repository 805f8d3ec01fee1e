#include "xfl/api/api.hpp"

#include <atomic>
#include <chrono>
#include <sstream>

#include "core.hpp"
#include "credentials.hpp"
#include "integrity.hpp"
#include "ledger_import.hpp"
#include "xfl/eventstore/append_pipeline.hpp"
#include "xfl/projections/directory.hpp"
#include "xfl/projections/households.hpp"
#include "xfl/projections/labour_stats.hpp"
#include "zero_employment_review.hpp"

namespace xfl::api {

extern const char kBaoshanDivisionsCsv[];

struct Api::Impl {
    Impl(eventstore::EventLog& log, projections::ProjectionStore& store,
         projections::ProjectionRunner& runner, ApiConfig config)
        : services{log, store, runner, config, {}} {}
    Services services;
    Router router;
};

std::vector<std::unique_ptr<projections::Projection>> ApiProjections() {
    std::vector<std::unique_ptr<projections::Projection>> all;
    all.push_back(projections::MakeRegionTreeProjection());
    all.push_back(projections::MakeAccountDirectoryProjection());
    all.push_back(projections::MakeSessionTableProjection());
    all.push_back(projections::MakeHouseholdIndexProjection());
    all.push_back(projections::MakeZeroEmploymentBoardProjection());
    all.push_back(projections::MakeLabourStatsProjection());
    return all;
}

Api::Api(eventstore::EventLog& log, projections::ProjectionStore& store,
         projections::ProjectionRunner& runner, ApiConfig config)
    : impl_(std::make_unique<Impl>(log, store, runner, config)) {
    RouteBuilder routes(impl_->services, impl_->router);
    AddSystemRoutes(routes, impl_->services, impl_->router);
    AddRegionRoutes(routes, impl_->services);
    AddAccountRoutes(routes, impl_->services);
    AddHouseholdRoutes(routes, impl_->services);
    AddReportRoutes(routes, impl_->services);
    AddImportRoutes(routes, impl_->services);
    AddIntegrityRoutes(routes, impl_->services);
}

Api::~Api() = default;

const Router& Api::router() const { return impl_->router; }

namespace {

const eventstore::Actor kSystem{"system", "admin", "530500000000"};
// The divisions are the NBS edition as of 2023-06-30 (China Standard Time).
constexpr std::int64_t kDivisionsAsOfUs = 1688054400LL * 1'000'000;

std::int64_t NowMicros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

struct DivisionRow {
    std::string code, name, parent;
};

// divisions.csv: code,name,level,parent_code,urban_rural_code — codes of 6/9/12 digits.
std::vector<DivisionRow> ParseDivisions() {
    std::vector<DivisionRow> rows{{"530500000000", "保山市", ""}};
    std::istringstream in(kBaoshanDivisionsCsv);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        std::vector<std::string> cells;
        std::stringstream fields(line);
        std::string cell;
        while (std::getline(fields, cell, ',')) cells.push_back(cell);
        if (cells.size() < 4) throw std::runtime_error("bad built-in divisions row: " + line);
        auto code = domain::RegionCode::Parse(cells[0]);
        if (!code.ok()) throw std::runtime_error("bad built-in region code: " + cells[0]);
        rows.push_back({code->str(), cells[1], code->Parent()->str()});
    }
    return rows;
}

}  // namespace

std::vector<domain::RegionCode> BuiltInVillages() {
    std::vector<domain::RegionCode> villages;
    for (const DivisionRow& row : ParseDivisions()) {
        auto code = domain::RegionCode::Parse(row.code);
        if (code.ok() && code->level() == domain::RegionLevel::kVillage) villages.push_back(*code);
    }
    return villages;
}

Result<Api::RegionSeedReport> Api::SeedRegions() {
    auto& log = impl_->services.log;
    std::atomic<std::size_t> appended{0}, elsewhere{0};
    // Regions are streams of their own: overlapping their appends spares a fresh Kafka topic
    // a round trip per region.
    eventstore::AppendPipeline pipeline;
    for (const DivisionRow& row : ParseDivisions()) {
        domain::RegionCreated created{row.code, row.name, row.parent};
        eventstore::AppendRequest request{"region-" + row.code,
                                          eventstore::ExpectedVersion::NoStream(),
                                          {MakeEvent(created, kDivisionsAsOfUs)},
                                          "seed:region:" + row.code,
                                          kSystem};
        XFL_CHECK(pipeline.Submit(request.stream_id, [&, request]() -> Status {
            auto result = log.Append(request);
            if (result.ok()) {
                appended += result->duplicate ? 0 : 1;
                return {};
            }
            switch (result.error().code) {
                case Errc::kConflict:  // exists already (renamed since, or seeded otherwise)
                    return {};
                case Errc::kMisdirected: {  // another Kafka node writes its partition
                    auto head = log.StreamHead(request.stream_id);
                    if (!head.ok()) return std::move(head).error();
                    elsewhere += head->value == 0 ? 1 : 0;  // not loaded by that node yet
                    return {};
                }
                default:
                    return std::move(result).error();
            }
        }));
    }
    XFL_CHECK(pipeline.Finish());
    return RegionSeedReport{appended, elsewhere};
}

Status AddAccount(eventstore::EventLog& log, const std::string& username, const std::string& role,
                  const std::string& region, const std::string& password, int pbkdf2_iterations) {
    XFL_CHECK(domain::ValidatePassword(password));
    XFL_TRY(parsed_role, domain::ParseRole(role));
    XFL_TRY(code, domain::RegionCode::Parse(region));
    eventstore::StreamQuery query;
    query.stream_id = domain::AccountStreamId(username);
    XFL_TRY(events, log.ReadStream(query));
    XFL_TRY(state, Fold<domain::AccountState>(events, domain::ApplyAccountEvent));
    XFL_TRY(created, domain::DecideCreateAccount(state, username, parsed_role, code,
                                                 HashPassword(password, pbkdf2_iterations)));
    auto result = log.Append({query.stream_id,
                              eventstore::ExpectedVersion::NoStream(),
                              {MakeEvent(created, NowMicros())},
                              {},
                              {"cli", "admin", code.str()}});
    if (!result.ok()) return std::move(result).error();
    return {};
}

Result<LedgerImportReport> Api::ImportLedger(std::string_view csv, bool dry_run,
                                             const std::string& username) {
    auto account = projections::FindAccount(
        *impl_->services.store.View(projections::kAccountDirectory), username);
    if (!account || account->disabled) {
        return Error::Make(Errc::kNotFound, "no active account " + username, "as");
    }
    const Principal caller{account->username, account->grants, ""};
    if (caller.Scopes({domain::Role::kAdmin, domain::Role::kCaseworker}).empty()) {
        return Error::Make(Errc::kPermissionDenied,
                           username + " is neither a caseworker nor an admin", "as");
    }
    return api::ImportLedger(impl_->services, caller, csv, dry_run, NowMicros());
}

Result<eventstore::SignedHead> Api::SignLogHead() {
    return api::SignLogHead(impl_->services, kSystem, NowMicros());
}

Result<std::size_t> Api::ReviewZeroEmployment(std::optional<std::int64_t> now_us) {
    return api::ReviewZeroEmployment(impl_->services, now_us.value_or(NowMicros()), kSystem);
}

}  // namespace xfl::api
