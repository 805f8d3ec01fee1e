// The built-in Baoshan divisions, appended as regions at first start.
#include <atomic>
#include <sstream>

#include "xfl/api/geography/geography.hpp"
#include "xfl/domain/geography/region.hpp"
#include "xfl/eventstore/append_pipeline.hpp"

namespace xfl::api {

extern const char kBaoshanDivisionsCsv[];

namespace {

// The divisions are the NBS edition as of 2023-06-30 (China Standard Time).
constexpr std::int64_t kDivisionsAsOfUs = 1688054400LL * 1'000'000;

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

Result<RegionSeedReport> SeedRegions(Services& services) {
    std::atomic<std::size_t> appended{0}, elsewhere{0};
    // Regions are streams of their own: overlapping their appends spares a fresh Kafka topic
    // a round trip per region.
    eventstore::AppendPipeline pipeline;
    for (const DivisionRow& row : ParseDivisions()) {
        const auto code = *domain::RegionCode::Parse(row.code);
        CommandSpec spec{
            domain::RegionStreamId(code),
            eventstore::ExpectedVersion::NoStream(),
            {MakeEvent(domain::RegionCreated{row.code, row.name, row.parent}, kDivisionsAsOfUs)},
            code,
            {}};  // the server waits for every read model before it serves
        const std::string stream = spec.stream_id;
        XFL_CHECK(pipeline.Submit(stream, [&, spec, stream]() -> Status {
            auto result = services.commands.Execute(Authority::As(kSystemActor),
                                                    [&] { return Result<CommandSpec>(spec); },
                                                    {"seed:region:" + spec.region->str()});
            if (result.ok()) {
                appended += result->result.duplicate ? 0 : 1;
                return {};
            }
            switch (result.error().code) {
                case Errc::kConflict:  // exists already (renamed since, or seeded otherwise)
                    return {};
                case Errc::kMisdirected: {  // another Kafka node writes its partition
                    auto head = services.log.StreamHead(stream);
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

}  // namespace xfl::api
