#include "routes.hpp"
#include "xfl/api/identity/identity.hpp"
#include "xfl/projections/identity/accounts.hpp"

namespace xfl::api {

Context IdentityContext() {
    return {"identity",
            [] {
                std::vector<std::unique_ptr<projections::Projection>> all;
                all.push_back(projections::MakeAccountDirectoryProjection());
                all.push_back(projections::MakeSessionTableProjection());
                return all;
            },
            AddAccountRoutes,
            {},
            domain::RegisterIdentityEvents};
}

}  // namespace xfl::api
