// Identity: accounts, roles and regions, sign-in sessions (routes under /api/v1/session and
// /api/v1/users).
#pragma once

#include <string>

#include "xfl/api/core/context.hpp"

namespace xfl::api {

Context IdentityContext();

// Creates an account outside the HTTP API (the first admin: `xingfuli user add`).
Status AddAccount(eventstore::EventLog& log, const std::string& username, const std::string& role,
                  const std::string& region, const std::string& password, int pbkdf2_iterations);

}  // namespace xfl::api
