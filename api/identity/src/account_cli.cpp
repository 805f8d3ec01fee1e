// Accounts made outside the HTTP API: the first admin (`xingfuli user add`, `serve`).
#include "xfl/api/core/credentials.hpp"
#include "xfl/api/identity/identity.hpp"

namespace xfl::api {

Status AddAccount(eventstore::EventLog& log, const std::string& username, const std::string& role,
                  const std::string& region, const std::string& password, int pbkdf2_iterations) {
    XFL_CHECK(domain::ValidatePassword(password));
    XFL_TRY(parsed_role, domain::ParseRole(role));
    XFL_TRY(code, domain::RegionCode::Parse(region));
    const std::string hash = HashPassword(password, pbkdf2_iterations);
    // No server runs here: nothing to count, no read model to wait for.
    CommandService commands(log, nullptr, nullptr, {});
    auto result =
        commands.Execute(Authority::As({"cli", "admin", code.str()}), [&]() -> Result<CommandSpec> {
            eventstore::StreamQuery query;
            query.stream_id = domain::AccountStreamId(username);
            XFL_TRY(events, log.ReadStream(query));
            XFL_TRY(loaded, LoadFrom<domain::AccountState>(events, domain::ApplyAccountEvent));
            XFL_TRY(created,
                    domain::DecideCreateAccount(loaded.state, username, parsed_role, code, hash));
            return CommandSpec{query.stream_id,
                               loaded.Expected(),
                               {MakeEvent(created, NowMicros())},
                               std::nullopt,
                               {}};
        });
    if (!result.ok()) return std::move(result).error();
    return {};
}

}  // namespace xfl::api
