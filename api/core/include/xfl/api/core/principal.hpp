// Who is asking: a signed-in account with its grants (role and region), and the server itself.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "xfl/domain/identity/account.hpp"
#include "xfl/domain/kernel/region_code.hpp"
#include "xfl/eventstore/envelope.hpp"

namespace xfl::api {

// The server's clock, read at the edge and passed into the domain.
std::int64_t NowMicros();

// What the server does by itself (seeding, scheduled reviews, signing) is recorded under this.
inline const eventstore::Actor kSystemActor{"system", "admin", "530500000000"};

using RoleSet = std::vector<domain::Role>;
inline const RoleSet kAllRoles = {domain::Role::kAdmin, domain::Role::kCaseworker,
                                  domain::Role::kArbitrator, domain::Role::kInspector};

struct Principal {
    std::string username;
    std::vector<domain::Grant> grants;
    std::string token_digest;

    // Regions where the principal holds one of `roles`.
    std::vector<domain::RegionCode> Scopes(const RoleSet& roles) const;
    // Is `region` inside a region where the principal holds one of `roles`?
    bool Covers(const RoleSet& roles, const domain::RegionCode& region) const;
    // Does a grant with one of `roles` cover the whole city (保山市)?
    bool CoversCity(const RoleSet& roles) const;
    // The grant an event is recorded under: the first one with an allowed role.
    eventstore::Actor ActorFor(const RoleSet& roles) const;
    // The grant with one of `roles` whose region covers `region`: what allows an action on a
    // record there, and what it is recorded under. nullopt when no grant covers it.
    std::optional<eventstore::Actor> ActorIn(const RoleSet& roles,
                                             const domain::RegionCode& region) const;
};

// 403 that says the same whether or not the record exists elsewhere.
Error OutOfScope();

}  // namespace xfl::api
