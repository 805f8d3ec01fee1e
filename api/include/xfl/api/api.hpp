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
#include "xfl/domain/ledger.hpp"
#include "xfl/eventstore/event_log.hpp"
#include "xfl/eventstore/signed_head.hpp"
#include "xfl/projections/runner.hpp"
#include "xfl/projections/store.hpp"

namespace xfl::api {

struct ApiConfig {
    int pbkdf2_iterations = 600'000;  // per stored hash; tests lower it
    std::chrono::seconds session_lifetime{12 * 3600};
    std::chrono::milliseconds read_your_writes_wait{5000};
    domain::ZeroEmploymentPolicy zero_employment;  // working ages and deadlines
    // Signs the log's heads (on demand, and hourly by `serve`); none: no signed heads.
    std::shared_ptr<const eventstore::HeadSigner> head_signer;
};

// The projections the API reads; register them with the node's runner.
std::vector<std::unique_ptr<projections::Projection>> ApiProjections();

// What importing a survey ledger found and did (README "Bulk import").
struct LedgerImportReport {
    bool dry_run = true;
    bool checked_ok = false;  // the whole file passed the checks (else nothing was written)
    std::size_t rows = 0, merged_rows = 0;
    std::size_t households_new = 0, households_changed = 0, households_unchanged = 0;
    std::size_t members_added = 0, members_updated = 0, statuses_recorded = 0, events = 0;
    std::vector<domain::LedgerError> errors;
    // The JSON the upload route answers with; with errors it carries the API's "error" object.
    std::string ToJson() const;
};

class Api {
  public:
    // The references must outlive the Api.
    Api(eventstore::EventLog& log, projections::ProjectionStore& store,
        projections::ProjectionRunner& runner, ApiConfig config);
    ~Api();
    Api(const Api&) = delete;
    Api& operator=(const Api&) = delete;

    const Router& router() const;

    // Appends the regions of Baoshan's tree (built in, from the NBS 2023 division codes) that
    // the log does not have yet. Safe to repeat and to run on several nodes: each region is
    // appended with a fixed command id, so nothing is appended twice. On a Kafka node that
    // writes only some partitions, the regions of the others are left to the nodes that write
    // them (counted in `elsewhere`).
    struct RegionSeedReport {
        std::size_t created = 0;
        std::size_t elsewhere = 0;
    };
    Result<RegionSeedReport> SeedRegions();

    // Imports a survey ledger (CSV) as account `username` would upload it: with its roles and
    // area, recorded under its name. Errc::kNotFound / kPermissionDenied for an unknown,
    // disabled or unsuitable account.
    Result<LedgerImportReport> ImportLedger(std::string_view csv, bool dry_run,
                                            const std::string& username);

    // Signs the log's stream heads at its current head and records the signed head in the log
    // (README "Signed heads"). Errc::kUnavailable without a signing key.
    Result<eventstore::SignedHead> SignLogHead();

    // The daily review of zero-employment households: clears those whose last seeker has left
    // working age as of `now_us` (default: now). `serve` runs it at start and every hour.
    // Returns how many were cleared.
    Result<std::size_t> ReviewZeroEmployment(std::optional<std::int64_t> now_us = {});

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
