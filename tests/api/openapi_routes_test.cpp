// The OpenAPI document and the router describe the same API: every route is documented and
// every documented operation is routed.
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "support/api_server.hpp"
#include "support/openapi_document.hpp"

using namespace xfl::testing;

TEST_CASE("every route is in the OpenAPI document and every documented operation is routed") {
    ApiServer server;
    std::set<std::string> routed;
    for (const std::string& route : server.api().router().Routes()) routed.insert(route);

    std::set<std::string> documented;
    const rapidjson::Document doc = OpenApiDocument();
    for (const auto& path : doc["paths"].GetObject()) {
        for (const auto& operation : path.value.GetObject()) {
            std::string method = operation.name.GetString();
            if (method == "parameters" || method == "summary" || method == "description") continue;
            for (char& c : method) c = static_cast<char>(std::toupper(c));
            documented.insert(method + " " + path.name.GetString());
        }
    }
    for (const std::string& route : routed) {
        INFO("routed but not documented: " << route);
        CHECK(documented.count(route) == 1);
    }
    for (const std::string& operation : documented) {
        INFO("documented but not routed: " << operation);
        CHECK(routed.count(operation) == 1);
    }
    CHECK(routed.size() > 30);
}
