// Fuzz target: arbitrary bytes become an HTTP request (method, target, headers, body) dispatched
// through the real API router, signed in as the city admin or not. Whatever the bytes, the API
// must answer with a status and a JSON error, never crash, hang or corrupt the log.
// Input layout: "<flags byte><method>\n<path?query>\n<header lines…>\n\n<body>".
#include "fuzz/request_fuzz.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "support/temp_dir.hpp"
#include "xfl/api/api.hpp"
#include "xfl/api/geography/geography.hpp"
#include "xfl/api/households/households.hpp"
#include "xfl/api/identity/identity.hpp"
#include "xfl/api/integrity/integrity.hpp"
#include "xfl/eventstore/embedded_log.hpp"

namespace {

struct Target {
    xfl::testing::TempDir dir;
    std::unique_ptr<xfl::eventstore::EventLog> log;
    std::unique_ptr<xfl::projections::ProjectionStore> store;
    std::unique_ptr<xfl::projections::ProjectionRunner> runner;
    std::unique_ptr<xfl::api::Api> api;
    std::string admin_token;

    Target() {
        log = std::move(xfl::eventstore::OpenEmbeddedLog(dir.path() / "log")).value();
        store =
            std::move(xfl::projections::ProjectionStore::Open(dir.path() / "projections")).value();
        runner = std::make_unique<xfl::projections::ProjectionRunner>(*log, *store,
                                                                      xfl::api::ApiProjections());
        xfl::api::ApiConfig config;
        config.pbkdf2_iterations = 1;
        api = std::make_unique<xfl::api::Api>(*log, *store, *runner, config);
        if (!xfl::api::SeedRegions(api->services()).ok() ||
            !xfl::api::AddAccount(*log, "admin", "admin", "530500000000", "fuzz-password", 1)
                 .ok() ||
            !runner->CatchUp().ok()) {
            throw std::runtime_error("fuzz target set-up failed");
        }
        runner->Start();
        xfl::api::HttpRequest login{"POST",
                                    "/api/v1/sessions",
                                    "",
                                    {{"content-type", "application/json"}},
                                    "{\"username\":\"admin\",\"password\":\"fuzz-password\"}",
                                    {},
                                    "127.0.0.1",
                                    {}};
        auto reply = api->router().Dispatch(login);
        admin_token = reply.body.substr(reply.body.find("\"token\":\"") + 9, 64);
    }
};

std::string_view TakeLine(std::string_view& rest) {
    const std::size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    return line;
}

}  // namespace

namespace xfl::testing {

int FuzzRequest(const std::uint8_t* data, std::size_t size) {
    static Target target;
    if (size == 0) return 0;
    const bool signed_in = (data[0] & 1) != 0;
    std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
    api::HttpRequest request;
    request.method = std::string(TakeLine(rest));
    std::string_view target_line = TakeLine(rest);
    const std::size_t question = target_line.find('?');
    request.path = std::string(target_line.substr(0, question));
    if (question != std::string_view::npos)
        request.query = std::string(target_line.substr(question + 1));
    for (std::string_view line = TakeLine(rest); !line.empty(); line = TakeLine(rest)) {
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        request.headers[std::string(line.substr(0, colon))] = std::string(line.substr(colon + 1));
    }
    if (signed_in) request.headers["authorization"] = "Bearer " + target.admin_token;
    request.body = std::string(rest);
    const api::HttpResponse response = target.api->router().Dispatch(request);
    if (response.status < 200 || response.status > 599) throw std::logic_error("bad status");
    // Outside /api/ a page of the web application may answer (here: how to build it).
    const bool web_page = response.content_type.starts_with("text/html");
    if (web_page && request.path.starts_with("/api/")) throw std::logic_error("API answered HTML");
    if (response.status >= 400 && !web_page && response.body.rfind("{\"error\":{", 0) != 0) {
        throw std::logic_error("error without a JSON error body: " + response.body);
    }
    return 0;
}

}  // namespace xfl::testing

#ifdef XFL_LIBFUZZER
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return xfl::testing::FuzzRequest(data, size);
}
#endif
