// The HTTP server and router on their own: routing, path parameters, body limits.
#include <catch2/catch.hpp>
#include <stdexcept>

#include "support/http_client.hpp"
#include "xfl/api/core/csv.hpp"
#include "xfl/api/core/http_server.hpp"
#include "xfl/api/core/json_body.hpp"

using namespace xfl;
using xfl::testing::HttpCall;

TEST_CASE("the router answers 404, 405 and path parameters and oversized bodies get 413") {
    api::Router router;
    router.Add("POST", "/echo/{word}", [](api::HttpRequest& r) {
        return api::JsonResponse(200, api::JsonOut()
                                          .Open()
                                          .Field("word", r.path_params["word"])
                                          .Field("bytes", std::uint64_t{r.body.size()})
                                          .Close()
                                          .Take());
    });
    auto server = api::HttpServer::Start({"127.0.0.1:0", 8, 1024}, router);
    REQUIRE(server.ok());
    const int port = (*server)->port();
    auto missing = HttpCall(port, "GET", "/nowhere");
    CHECK(missing.status == 404);
    CHECK_THAT(missing.body, Catch::Contains("\"code\":\"not_found\""));
    CHECK(HttpCall(port, "GET", "/echo/x").status == 405);
    auto echo = HttpCall(port, "POST", "/echo/%E5%B9%B8", "abc");
    CHECK(echo.status == 200);
    CHECK(echo.body == "{\"word\":\"幸\",\"bytes\":3}");
    auto big = HttpCall(port, "POST", "/echo/x", std::string(4096, 'a'));
    CHECK(big.status == 413);
    CHECK_THAT(big.body, Catch::Contains("payload_too_large"));
}

TEST_CASE("a handler that throws answers 500 with a request id the server log has") {
    api::Router router;
    router.Add("GET", "/boom", [](api::HttpRequest&) -> api::HttpResponse {
        throw std::runtime_error("read model entry is corrupt");
    });
    auto server = api::HttpServer::Start({"127.0.0.1:0", 4}, router);
    REQUIRE(server.ok());
    auto boom = HttpCall((*server)->port(), "GET", "/boom");
    CHECK(boom.status == 500);
    CHECK_THAT(boom.body, Catch::Contains("\"code\":\"internal\""));
    const std::string id = boom.headers["x-request-id"];
    CHECK(id.size() == 16);
    CHECK_THAT(boom.body, Catch::Contains("\"request_id\":\"" + id + "\""));
    auto fine = HttpCall((*server)->port(), "GET", "/nowhere");
    CHECK(fine.headers["x-request-id"].size() == 16);
    CHECK(fine.headers["x-request-id"] != id);
    CHECK_THAT(fine.body, !Catch::Contains("request_id"));
}

TEST_CASE("every status has its code from the one error table") {
    CHECK(api::HttpStatusFor(Errc::kMethodNotAllowed) == 405);
    CHECK(api::HttpStatusFor(Errc::kTooLarge) == 413);
    CHECK_THAT(api::StatusResponse(431, "headers").body,
               Catch::Contains("\"code\":\"payload_too_large\""));
    CHECK_THAT(api::StatusResponse(500, "x").body, Catch::Contains("\"code\":\"internal\""));
    CHECK_THAT(api::StatusResponse(408, "slow").body, Catch::Contains("\"code\":\"http_error\""));
    CHECK(api::StatusResponse(408, "slow").status == 408);
}

TEST_CASE("a second server cannot take a port in use") {
    api::Router router;
    auto first = api::HttpServer::Start({"127.0.0.1:0", 4}, router);
    REQUIRE(first.ok());
    auto second =
        api::HttpServer::Start({"127.0.0.1:" + std::to_string((*first)->port()), 4}, router);
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().field == "listen");
}

TEST_CASE("CSV cells: formulas neutralised, separators quoted") {
    CHECK(api::CsvText("电工") == "电工");
    CHECK(api::CsvText("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"");
    CHECK(api::CsvText("+1") == "'+1");
    CHECK(api::CsvText("-2") == "'-2");
    CHECK(api::CsvText("@SUM(A1)") == "'@SUM(A1)");
    CHECK(api::CsvText("a,b") == "\"a,b\"");
}
