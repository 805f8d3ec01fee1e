// Survey ledgers: what one ledger household changes in the register.
#include <algorithm>
#include <set>

#include "xfl/domain/households/ledger.hpp"

namespace xfl::domain {

namespace {

// Runs one decision on the evolving state, keeping its events; on failure records the error
// against the row's line.
struct DecisionBuilder {
    HouseholdState state;
    LedgerDecision out;
    std::vector<SheetError>& errors;

    bool Take(Result<std::vector<HouseholdEvent>> decided, std::size_t line) {
        if (!decided.ok()) {
            const Error& e = decided.error();
            errors.push_back(ErrorAt(line, e.field, e));
            return false;
        }
        for (auto& event : *decided) {
            state = Evolve(std::move(state), event);
            out.events.push_back(std::move(event));
        }
        return true;
    }
};

const Member* ActiveMemberWithId(const HouseholdState& s, const std::string& resident_id) {
    for (const Member& m : s.members) {
        if (m.active && m.record.resident_id == resident_id) return &m;
    }
    return nullptr;
}

}  // namespace

LedgerDecision DecideLedgerHousehold(
    const HouseholdState& s, const std::string& household_id, const LedgerHousehold& ledger,
    const std::string& visitor, std::int64_t today, const ZeroEmploymentPolicy& policy,
    const std::function<std::string(std::string_view prefix)>& new_id,
    std::vector<SheetError>& errors) {
    const std::size_t errors_before = errors.size();
    DecisionBuilder b{s, {}, errors};
    const std::size_t first_line = ledger.rows.empty() ? 0 : ledger.rows[0].line;
    if (!s.exists) {
        auto village = RegionCode::Parse(ledger.region, "region");
        if (!village.ok()) {
            errors.push_back(ErrorAt(first_line, "region", village.error()));
            return {};
        }
        if (!b.Take(DecideRegisterHousehold(s, household_id, *village, ledger.address,
                                            ledger.household),
                    first_line)) {
            return {};
        }
    } else if (s.region != ledger.region) {
        errors.push_back({first_line, "region",
                          "the register has this household in " + s.region +
                              "; a household moves by its own record, not by import"});
        return {};
    } else if (s.ledger_number != ledger.household) {
        b.Take(std::vector<HouseholdEvent>{LedgerNumberRecorded{ledger.household}}, first_line);
    }

    // Members and their details, then the statuses found by survey, one visit per survey date.
    std::map<std::string, std::vector<std::pair<VisitLine, std::size_t>>> visits;
    for (const LedgerRow& row : ledger.rows) {
        const Member* m = ActiveMemberWithId(b.state, row.member.resident_id);
        std::string person_id;
        if (m == nullptr) {
            MemberAdded added = row.member;
            added.person_id = new_id("p");
            person_id = added.person_id;
            if (!b.Take(DecideAddMember(b.state, std::move(added), false, today, policy),
                        row.line)) {
                continue;
            }
            ++b.out.members_added;
        } else {
            person_id = m->record.person_id;
            if (m->record.name != row.member.name) {
                errors.push_back({row.line, "name",
                                  "the register has " + m->record.name +
                                      " for this resident ID; correct the ledger"});
                continue;
            }
            const std::size_t before = b.out.events.size();
            MemberUpdated update{person_id,
                                 row.member.phone,
                                 row.member.education,
                                 row.member.skills,
                                 row.member.categories,
                                 row.member.labour_capacity,
                                 row.member.wants_work,
                                 row.member.skill_level,
                                 row.member.extra};
            if (!b.Take(DecideUpdateMember(b.state, std::move(update), today, policy), row.line)) {
                continue;
            }
            if (b.out.events.size() > before) ++b.out.members_updated;
        }
        if (row.status.empty()) continue;
        const Member* now = ActiveMemberWithId(b.state, row.member.resident_id);
        if (now->status == row.status && now->monthly_income_fen == row.monthly_income_fen) {
            continue;
        }
        VisitLine line;
        line.person_id = person_id;
        line.status = row.status;
        line.monthly_income_fen = row.monthly_income_fen;
        line.wants_job = row.member.wants_work;
        // Checked alone first, so that an error names the row it came from.
        VisitRecorded alone{"", row.survey_date, visitor, "", "", {line}};
        if (auto checked = DecideRecordVisit(b.state, alone, today, policy); !checked.ok()) {
            errors.push_back(ErrorAt(row.line, "status", checked.error()));
            continue;
        }
        visits[row.survey_date].emplace_back(std::move(line), row.line);
    }
    for (auto& [date, lines] : visits) {
        VisitRecorded visit{new_id("v"), date, visitor, "", "", {}};
        for (auto& [line, at] : lines) visit.members.push_back(line);
        if (!b.Take(DecideRecordVisit(b.state, std::move(visit), today, policy),
                    lines.front().second)) {
            continue;
        }
        b.out.statuses_recorded += lines.size();
    }
    if (errors.size() > errors_before) return {};
    return std::move(b.out);
}

}  // namespace xfl::domain
