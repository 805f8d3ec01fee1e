// Accounts made outside the HTTP API: the first admin (`xingfuli user add`, `serve`).
#include "xfl/api/core/credentials.hpp"
#include "xfl/api/identity/identity.hpp"

namespace xfl::api {

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

}  // namespace xfl::api
