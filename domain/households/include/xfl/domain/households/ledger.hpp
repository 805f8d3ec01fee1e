// Survey ledgers (台账): the spreadsheets caseworkers keep, one row per person, read from CSV and
// turned into household events. Pure: parsing, validation and the decision of what a ledger row
// changes; reading files and appending are the callers' work.
//
// Columns are named in the first row, in any order, in English or in Chinese (README "Bulk
// import"). Required: household (the ledger's household number), region (12-digit village code),
// address, name, resident_id, sex, birth_date, labour_capacity, wants_work. Optional: phone,
// education, skills, skill_level, categories (lists separated by ; or 、), status,
// monthly_income_yuan, survey_date (required with status). Any other column is the ledger's
// own (组别, 备注): kept with each member as written, never an error.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xfl/domain/households/household.hpp"
#include "xfl/domain/kernel/sheet.hpp"

namespace xfl::domain {

struct LedgerRow {
    std::size_t line = 0;
    std::string household, region, address;
    MemberAdded member;               // person_id empty until decided
    std::string status, survey_date;  // both empty when the row records no survey
    std::int64_t monthly_income_fen = 0;
};

// The rows of one ledger household, in file order, each resident ID once.
struct LedgerHousehold {
    std::string household, region, address;
    std::vector<LedgerRow> rows;
};

// A ledger read record by record (its records: SplitCsv's, or a workbook's sheet's), without
// holding its rows: what it keeps is a little per person (to find repeats) and per household
// (its village and address). A resident ID listed twice for one household with the same
// details is merged; listed for two households, or twice with different details, it is an
// error on the later line; so is a household's row in another village or at another address
// than its first. `today` bounds birth and survey dates.
class LedgerReader {
  public:
    // The header from the first records (ReadSheetHeader: `used` says how many it took); its
    // problems go to `errors`, as every later row's do, and ok() is false then.
    LedgerReader(const std::vector<SheetRecord>& first, std::int64_t today,
                 std::vector<SheetError>& errors, std::size_t& used);
    bool ok() const { return sheet_.header_cells > 0; }
    // The ledger's own columns, kept with the members.
    std::vector<std::string> ExtraColumns() const;

    // A data record checked: its row when it is good and lists its person for the first time
    // (a repeat with the same details is merged and counted); nullopt for a blank, bad or
    // repeated row, each problem added to the errors.
    std::optional<LedgerRow> Check(const SheetRecord& record);
    // A record that Check accepted, read again (a streamed file's later pass).
    std::optional<LedgerRow> Reread(const SheetRecord& record) const;

    std::size_t rows() const { return sheet_.rows_read; }
    std::size_t merged_rows() const { return merged_rows_; }

  private:
    struct Person {
        std::size_t line = 0;
        std::string household;
        std::size_t details = 0;  // hash of the row's details, to tell a repeat from a clash
    };
    struct Household {
        std::size_t line = 0;
        std::string region, address;
    };
    Sheet sheet_;
    std::int64_t today_;
    std::vector<SheetError>* errors_;
    std::map<std::string, Person, std::less<>> people_;
    std::map<std::string, Household, std::less<>> households_;
    std::size_t merged_rows_ = 0;
};

// What importing one ledger household changes in its household `s` (empty when the ledger
// household is new): registration (or the ledger number, when the register has another),
// members not yet in it, details (and the ledger's own columns) that differ, and one survey
// visit with the statuses that differ. No events when the register already says it all, so a
// re-import appends nothing. `new_id` makes ids for new members and visits ("p", "v" prefixes).
// Each rule broken is added to `errors` with the row's line; then the decision is empty.
struct LedgerDecision {
    std::vector<HouseholdEvent> events;
    std::size_t members_added = 0, members_updated = 0, statuses_recorded = 0;
};
LedgerDecision DecideLedgerHousehold(
    const HouseholdState& s, const std::string& household_id, const LedgerHousehold& ledger,
    const std::string& visitor, std::int64_t today, const ZeroEmploymentPolicy& policy,
    const std::function<std::string(std::string_view prefix)>& new_id,
    std::vector<SheetError>& errors);

}  // namespace xfl::domain
