// Employers (用工主体) and the visits caseworkers make to them (入企走访, 援企拓岗). The employer's
// id is its unified social credit code, so one employer per code holds city-wide by the log's
// own guarantee (a stream is created once), not by a check that a race could pass.
#pragma once

#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "xfl/domain/employment/posting.hpp"
#include "xfl/domain/kernel/event_codec.hpp"
#include "xfl/domain/kernel/event_type.hpp"
#include "xfl/domain/kernel/json_payload.hpp"
#include "xfl/domain/kernel/region_code.hpp"

namespace xfl::domain {

struct EmployerRegistered {
    static constexpr std::string_view kType = "employer.registered";
    // kind: company, cooperative, farm, individual_business, labour_platform,
    // public_institution. industry: a GB/T 4754-2017 section letter, optionally its division
    // ("C", "C13").
    std::string employer_id, name, kind, industry, region, address, contact_name, contact_phone;
    XFL_FIELDS(CEREAL_NVP(employer_id), CEREAL_NVP(name), CEREAL_NVP(kind), CEREAL_NVP(industry),
               CEREAL_NVP(region), CEREAL_NVP(address), CEREAL_NVP(contact_name),
               CEREAL_NVP(contact_phone))
};

struct EmployerRenamed {
    static constexpr std::string_view kType = "employer.renamed";
    std::string name, reason;
    XFL_FIELDS(CEREAL_NVP(name), CEREAL_NVP(reason))
};

struct EmployerContactChanged {
    static constexpr std::string_view kType = "employer.contact_changed";
    std::string contact_name, contact_phone;
    XFL_FIELDS(CEREAL_NVP(contact_name), CEREAL_NVP(contact_phone))
};

struct EmployerClosed {
    static constexpr std::string_view kType = "employer.closed";
    std::string date, reason;  // 停业: the employer stopped trading
    XFL_FIELDS(CEREAL_NVP(date), CEREAL_NVP(reason))
};

// Vacancies a visit found. `posting` is the posting the same command opens from the vacancy
// (its posting_id empty when none): kept in the visit, so that the posting is opened from the
// log even when the server stops between the two appends.
struct Vacancy {
    std::string trade, season;  // season: free text, e.g. "10月至次年1月"
    std::int64_t headcount = 0;
    PostingOpened posting;
    XFL_FIELDS(CEREAL_NVP(trade), CEREAL_NVP(season), CEREAL_NVP(headcount), CEREAL_NVP(posting))
};

struct EmployerVisited {
    static constexpr std::string_view kType = "employer.visited";
    // services: policy_startup_loans, policy_training_subsidy, policy_social_insurance_subsidy,
    // vacancy_collection, recruitment_fair_invitation, other
    std::string visit_id, date, visitor, seasonal_demand, difficulties;
    std::vector<Vacancy> vacancies;
    std::vector<std::string> services;
    XFL_FIELDS(CEREAL_NVP(visit_id), CEREAL_NVP(date), CEREAL_NVP(visitor),
               CEREAL_NVP(seasonal_demand), CEREAL_NVP(difficulties), CEREAL_NVP(vacancies),
               CEREAL_NVP(services))
};

using EmployerEvent = std::variant<EmployerRegistered, EmployerRenamed, EmployerContactChanged,
                                   EmployerClosed, EmployerVisited>;

struct EmployerState {
    bool exists = false;
    EmployerRegistered record;  // with the current name and contact
    std::string closed_on;      // empty while trading
    std::vector<EmployerVisited> visits;
};

EmployerState Evolve(EmployerState s, const EmployerRegistered& e);
EmployerState Evolve(EmployerState s, const EmployerRenamed& e);
EmployerState Evolve(EmployerState s, const EmployerContactChanged& e);
EmployerState Evolve(EmployerState s, const EmployerClosed& e);
EmployerState Evolve(EmployerState s, const EmployerVisited& e);
EmployerState Evolve(EmployerState s, const EmployerEvent& e);
Status ApplyEmployerEvent(EmployerState& state, const StoredEvent& event);

bool IsEmployerKind(std::string_view kind);
bool IsEmployerService(std::string_view service);
// Every problem of a new employer's fields (kind, industry, region, name, address, contact),
// each naming its field, in that order; DecideRegisterEmployer answers the first.
std::vector<Error> EmployerProblems(const EmployerRegistered& employer);

// ---- decisions; `today` is the caller's calendar day ----
// `employer_id` must be a valid credit code (credit_code.hpp). Errc::kAlreadyExists when the
// stream already holds an employer.
Result<std::vector<EmployerEvent>> DecideRegisterEmployer(const EmployerState& s,
                                                          EmployerRegistered employer);
Result<std::vector<EmployerEvent>> DecideRenameEmployer(const EmployerState& s,
                                                        EmployerRenamed renamed);
Result<std::vector<EmployerEvent>> DecideChangeContact(const EmployerState& s,
                                                       EmployerContactChanged contact);
Result<std::vector<EmployerEvent>> DecideCloseEmployer(const EmployerState& s,
                                                       EmployerClosed closed, std::int64_t today);
// `known_trade` says whether a trade is in the catalogue (trade.hpp).
Result<std::vector<EmployerEvent>> DecideRecordEmployerVisit(
    const EmployerState& s, EmployerVisited visit, std::int64_t today,
    const std::function<bool(std::string_view)>& known_trade);

inline constexpr StreamKind kEmployerStreams{"employer-"};
std::string EmployerStreamId(std::string_view employer_id);

}  // namespace xfl::domain
