// The Xingfuli HTTP API: the composition of every business context's routes under /api/v1,
// plus health, metrics and the OpenAPI document.
//
// Conventions (README "HTTP API"): JSON bodies; errors {"error":{"code","message","field"}};
// ETag = stream version, If-Match on commands (409 when stale, with the current version);
// Idempotency-Key on POST (a retry returns the first response and appends nothing); history and
// as_of on every aggregate; read-your-writes after every command.
#pragma once

#include <memory>
#include <vector>

#include "xfl/api/core/context.hpp"

namespace xfl::api {

// The business contexts the server is made of, in the order their routes are added: the one
// list a new context is added to.
std::vector<Context> Contexts();

// The projections the contexts keep; register them with the node's runner.
std::vector<std::unique_ptr<projections::Projection>> ApiProjections();

// Every context's event types and stream kinds, each declared once. Errc::kAlreadyExists when
// two declare the same type name or colliding stream prefixes (a test keeps it from happening).
Result<domain::EventRegistry> ApiEventRegistry();

// The jobs of every context, for the server's JobRunner.
std::vector<Job> ApiJobs();

class Api {
  public:
    // The references must outlive the Api.
    Api(eventstore::EventLog& log, projections::ProjectionStore& store,
        projections::ProjectionRunner& runner, ApiConfig config);
    ~Api();
    Api(const Api&) = delete;
    Api& operator=(const Api&) = delete;

    // The API, and at "/" the web application of ApiConfig::web_root.
    const Router& router() const;
    // Was the web application found (else "/" says how to build it)?
    bool serves_web_application() const;
    // What the contexts' own operations (seed, import, review, sign) run on.
    Services& services();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace xfl::api
