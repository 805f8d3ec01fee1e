#include "xfl/domain/employment/employer.hpp"

#include <set>

#include "xfl/domain/kernel/checks.hpp"
#include "xfl/domain/kernel/text.hpp"
#include "xfl/domain/kernel/time.hpp"

namespace xfl::domain {
namespace {

using Events = std::vector<EmployerEvent>;

const std::set<std::string, std::less<>> kKinds = {
    "company",         "cooperative",       "farm", "individual_business",
    "labour_platform", "public_institution"};
const std::set<std::string, std::less<>> kServices = {
    "policy_startup_loans", "policy_training_subsidy",     "policy_social_insurance_subsidy",
    "vacancy_collection",   "recruitment_fair_invitation", "other"};

// A vacancy or posting larger than this is a typing error.
constexpr std::int64_t kMaxHeadcount = 10'000;

Error NoEmployer() { return Error::Make(Errc::kNotFound, "no such employer"); }

// GB/T 4754-2017: sections A to T, optionally with a division of two digits (and its group
// and class digits).
bool IsIndustryCode(std::string_view code) {
    if (code.empty() || code.size() > 5 || code[0] < 'A' || code[0] > 'T') return false;
    if (code.size() == 2) return false;  // a division has two digits
    for (char c : code.substr(1)) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

Status CheckContact(const std::string& name, const std::string& phone) {
    return FirstFailure({CheckRequiredLine(name, "contact_name", 60),
                         CheckPhone(phone, "contact_phone"),
                         phone.empty() ? InvalidField("contact_phone", "is required") : Status{}});
}

Status CheckTrading(const EmployerState& s) {
    if (!s.exists) return NoEmployer();
    if (!s.closed_on.empty()) {
        return RuleBroken("employer", "the employer closed on " + s.closed_on);
    }
    return {};
}

}  // namespace

EmployerState Evolve(EmployerState s, const EmployerRegistered& e) {
    s.exists = true;
    s.record = e;
    return s;
}
EmployerState Evolve(EmployerState s, const EmployerRenamed& e) {
    s.record.name = e.name;
    return s;
}
EmployerState Evolve(EmployerState s, const EmployerContactChanged& e) {
    s.record.contact_name = e.contact_name;
    s.record.contact_phone = e.contact_phone;
    return s;
}
EmployerState Evolve(EmployerState s, const EmployerClosed& e) {
    s.closed_on = e.date;
    return s;
}
EmployerState Evolve(EmployerState s, const EmployerVisited& e) {
    s.visits.push_back(e);
    return s;
}

EmployerState Evolve(EmployerState s, const EmployerEvent& e) {
    return std::visit([&](const auto& event) { return Evolve(std::move(s), event); }, e);
}

Status ApplyEmployerEvent(EmployerState& state, const StoredEvent& event) {
    return ApplyAny<EmployerState, EmployerRegistered, EmployerRenamed, EmployerContactChanged,
                    EmployerClosed, EmployerVisited>(state, event);
}

bool IsEmployerKind(std::string_view kind) { return kKinds.contains(kind); }
bool IsEmployerService(std::string_view service) { return kServices.contains(service); }

std::vector<Error> EmployerProblems(const EmployerRegistered& e) {
    auto region = RegionCode::Parse(e.region, "region");
    return Failures(
        {kKinds.contains(e.kind) ? Status{}
                                 : InvalidField("kind",
                                                "one of company, cooperative, farm, "
                                                "individual_business, labour_platform, "
                                                "public_institution"),
         IsIndustryCode(e.industry)
             ? Status{}
             : InvalidField("industry",
                            "a GB/T 4754-2017 section letter A to T, optionally with its "
                            "division, group and class digits (C, C13, C1310)"),
         !region.ok() ? Status{region.error()}
         : region->level() == RegionLevel::kCity
             ? RuleBroken("region", "an employer is registered in a county, township or village")
             : Status{},
         CheckRequiredLine(e.name, "name", 200), CheckRequiredLine(e.address, "address", 300),
         CheckContact(e.contact_name, e.contact_phone)});
}

Result<std::vector<EmployerEvent>> DecideRegisterEmployer(const EmployerState& s,
                                                          EmployerRegistered e) {
    if (s.exists) {
        return Error::Make(Errc::kAlreadyExists,
                           "credit_code: already registered, as employer " + s.record.employer_id +
                               " (" + s.record.name + ")",
                           "credit_code");
    }
    if (Status ok = FirstOf(EmployerProblems(e)); !ok.ok()) return std::move(ok).error();
    return Events{std::move(e)};
}

Result<std::vector<EmployerEvent>> DecideRenameEmployer(const EmployerState& s,
                                                        EmployerRenamed renamed) {
    if (Status ok = FirstFailure({CheckTrading(s), CheckRequiredLine(renamed.name, "name", 200),
                                  CheckText(renamed.reason, "reason", TextKind::kParagraph)});
        !ok.ok()) {
        return std::move(ok).error();
    }
    if (renamed.name == s.record.name) return Events{};
    return Events{std::move(renamed)};
}

Result<std::vector<EmployerEvent>> DecideChangeContact(const EmployerState& s,
                                                       EmployerContactChanged contact) {
    if (Status ok = FirstFailure(
            {CheckTrading(s), CheckContact(contact.contact_name, contact.contact_phone)});
        !ok.ok()) {
        return std::move(ok).error();
    }
    if (contact.contact_name == s.record.contact_name &&
        contact.contact_phone == s.record.contact_phone) {
        return Events{};
    }
    return Events{std::move(contact)};
}

Result<std::vector<EmployerEvent>> DecideCloseEmployer(const EmployerState& s,
                                                       EmployerClosed closed, std::int64_t today) {
    if (Status ok =
            FirstFailure({CheckTrading(s), CheckRequiredLine(closed.reason, "reason", 500)});
        !ok.ok()) {
        return std::move(ok).error();
    }
    auto day = PastOrToday(closed.date, "date", today);
    if (!day.ok()) return std::move(day).error();
    return Events{std::move(closed)};
}

Result<std::vector<EmployerEvent>> DecideRecordEmployerVisit(
    const EmployerState& s, EmployerVisited visit, std::int64_t today,
    const std::function<bool(std::string_view)>& known_trade) {
    if (Status ok = CheckTrading(s); !ok.ok()) return std::move(ok).error();
    auto day = PastOrToday(visit.date, "date", today);
    if (!day.ok()) return std::move(day).error();
    if (Status ok =
            FirstFailure({CheckText(visit.seasonal_demand, "seasonal_demand", TextKind::kParagraph),
                          CheckText(visit.difficulties, "difficulties", TextKind::kParagraph)});
        !ok.ok()) {
        return std::move(ok).error();
    }
    for (std::size_t i = 0; i < visit.services.size(); ++i) {
        if (!kServices.contains(visit.services[i])) {
            return InvalidField("services[" + std::to_string(i) + "]",
                                "one of policy_startup_loans, policy_training_subsidy, "
                                "policy_social_insurance_subsidy, vacancy_collection, "
                                "recruitment_fair_invitation, other");
        }
    }
    for (std::size_t i = 0; i < visit.vacancies.size(); ++i) {
        const Vacancy& v = visit.vacancies[i];
        const std::string at = "vacancies[" + std::to_string(i) + "]";
        if (!known_trade(v.trade)) return RuleBroken(at + ".trade", "is not a known trade");
        if (v.headcount <= 0 || v.headcount > kMaxHeadcount) {
            return InvalidField(at + ".headcount", "1 to 10000");
        }
        if (Status ok = CheckText(v.season, at + ".season"); !ok.ok()) {
            return std::move(ok).error();
        }
        if (v.posting.posting_id.empty()) continue;
        if (v.posting.trade != v.trade || v.posting.headcount != v.headcount ||
            v.posting.employer_id != s.record.employer_id) {
            return RuleBroken(at + ".posting",
                              "a posting opened from a vacancy has its trade, "
                              "headcount and employer");
        }
        auto opened = DecideOpenPosting({}, v.posting, today, known_trade);
        if (!opened.ok()) {
            Error e = std::move(opened).error();
            e.field = at + ".posting." + e.field;
            e.message = at + ".posting." + e.message;
            return e;
        }
    }
    if (visit.vacancies.empty() && visit.services.empty() && visit.difficulties.empty() &&
        visit.seasonal_demand.empty()) {
        return InvalidField("vacancies",
                            "a visit records what it found: vacancies, seasonal demand, "
                            "difficulties or services given");
    }
    return Events{std::move(visit)};
}

std::string EmployerStreamId(std::string_view employer_id) {
    return kEmployerStreams.Of(employer_id);
}

}  // namespace xfl::domain
