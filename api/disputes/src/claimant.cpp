// A claimant chosen from the labour-force register: the filing names the member (household and
// person) and the register supplies, or confirms, who they are.
#include "routes.hpp"
#include "xfl/domain/households/household.hpp"
#include "xfl/domain/kernel/checks.hpp"

namespace xfl::api {

Status TakeClaimantFromRegister(Services& services, const RequestContext& ctx,
                                domain::DisputeFiled& filed) {
    const bool person = !filed.claimant_person_id.empty();
    const bool household = !filed.claimant_household_id.empty();
    if (!person && !household) {
        if (filed.resident_id.empty()) {
            return Error::Make(Errc::kInvalidArgument,
                               "resident_id: the claimant's resident ID, unless "
                               "claimant_person_id names a person of the register",
                               "resident_id");
        }
        return {};
    }
    if (!person || !household) {
        const char* missing = person ? "claimant_household_id" : "claimant_person_id";
        return Error::Make(Errc::kInvalidArgument,
                           std::string(missing) +
                               ": a claimant from the register is named by household and person",
                           missing);
    }
    // Only a household the caller works in: another area's register stays unseen.
    XFL_TRY(loaded,
            LoadRecord<domain::HouseholdState>(
                services, ctx, {domain::kHouseholdStreams, "household", "claimant_household_id"},
                filed.claimant_household_id, {}, domain::ApplyHouseholdEvent,
                [](const domain::HouseholdState& s) { return s.region; }));
    const domain::Member* member = loaded.state.FindMember(filed.claimant_person_id);
    if (member == nullptr || !member->entered_in_error.empty()) {
        return domain::RuleBroken("claimant_person_id",
                                  "no such person in household " + filed.claimant_household_id);
    }
    if (filed.resident_id.empty()) {
        filed.resident_id = member->record.resident_id;
    } else if (filed.resident_id != member->record.resident_id) {
        return domain::RuleBroken("resident_id",
                                  "not the resident ID the register holds for the person chosen; "
                                  "leave it out to take the register's");
    }
    if (filed.claimant_name.empty()) filed.claimant_name = member->record.name;
    return {};
}

}  // namespace xfl::api
