// The Xingfuli HTTP API: every route of /api/v1 plus health, metrics and the OpenAPI document.
//
// Conventions (README "HTTP API"): JSON bodies; errors {"error":{"code","message","field"}};
// ETag = stream version, If-Match on commands (409 when stale, with the current version);
// Idempotency-Key on POST (a retry returns the first response and appends nothing); history and
// as_of on every aggregate; read-your-writes after every command.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "xfl/api/http.hpp"
#include "xfl/domain/household.hpp"
#include "xfl/eventstore/event_log.hpp"
#include "xfl/projections/runner.hpp"
#include "xfl/projections/store.hpp"

namespace xfl::api {

struct ApiConfig {
    int pbkdf2_iterations = 600'000;  // per stored hash; tests lower it
    std::chrono::seconds session_lifetime{12 * 3600};
    std::chrono::milliseconds read_your_writes_wait{5000};
    domain::ZeroEmploymentPolicy zero_employment;  // working ages and deadlines
};

// The projections the API reads; register them with the node's runner.
std::vector<std::unique_ptr<projections::Projection>> ApiProjections();

class Api {
  public:
    // The references must outlive the Api.
    Api(eventstore::EventLog& log, projections::ProjectionStore& store,
        projections::ProjectionRunner& runner, ApiConfig config);
    ~Api();
    Api(const Api&) = delete;
    Api& operator=(const Api&) = delete;

    const Router& router() const;

    // Appends Baoshan's region tree (built in, from the NBS 2023 division codes) unless the log
    // already has it. Safe to repeat and to run on several nodes: each region is appended with
    // a fixed command id, so nothing is appended twice.
    Status SeedRegions();

    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

// The 957 villages and communities of the built-in Baoshan divisions, in code order.
std::vector<domain::RegionCode> BuiltInVillages();

// A random password for a new account (OpenSSL's CSPRNG): 20 letters and digits.
std::string NewPassword();

// Creates an account outside the HTTP API (the first admin: `xingfuli user add`).
Status AddAccount(eventstore::EventLog& log, const std::string& username, const std::string& role,
                  const std::string& region, const std::string& password, int pbkdf2_iterations);

}  // namespace xfl::api
