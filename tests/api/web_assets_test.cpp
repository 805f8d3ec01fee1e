// The web application's files as the server gives them to a browser: the application's own
// routes answered with index.html, hashed assets cached for a year and the rest revalidated,
// gzip for those that accept it, one Content-Security-Policy, and the API untouched.
#include "xfl/api/core/web_assets.hpp"

#include <zlib.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "support/http_client.hpp"
#include "support/temp_dir.hpp"
#include "xfl/api/core/http_server.hpp"
#include "xfl/api/core/json_body.hpp"

using namespace xfl;
using xfl::testing::HttpCall;

namespace {

void Write(const std::filesystem::path& file, const std::string& text) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
}

std::string Gunzipped(const std::string& data) {
    z_stream stream{};
    REQUIRE(inflateInit2(&stream, 15 + 16) == Z_OK);
    std::string out(1 << 20, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    CHECK(inflate(&stream, Z_FINISH) == Z_STREAM_END);
    out.resize(stream.total_out);
    inflateEnd(&stream);
    return out;
}

struct WebServer {
    explicit WebServer(const std::filesystem::path& root) {
        router.Add("GET", "/api/v1/thing", [](api::HttpRequest&) {
            return api::JsonResponse(200, api::JsonOut().Open().Field("ok", true).Close().Take());
        });
        if (auto assets = api::WebAssets::Load(root); assets.ok()) {
            router.SetFallback([a = *assets](api::HttpRequest& r) { return a->Serve(r); });
        } else {
            router.SetFallback(
                [root](api::HttpRequest& r) { return api::WebApplicationMissing(root, r); });
        }
        auto started = api::HttpServer::Start({"127.0.0.1:0", 4}, router);
        REQUIRE(started.ok());
        server = std::move(started).value();
    }
    int port() const { return server->port(); }
    api::Router router;
    std::unique_ptr<api::HttpServer> server;
};

}  // namespace

TEST_CASE("the web application's files: routes, caching, gzip, 304 and the policy") {
    testing::TempDir dir;
    const std::string index =
        "<!doctype html><title>幸福里</title><script src=/assets/app-1a2b.js>";
    const std::string script = "console.log('" + std::string(4000, 'x') + "');";
    Write(dir.path() / "index.html", index);
    Write(dir.path() / "assets/app-1a2b.js", script);
    Write(dir.path() / "assets/logo-9f8e.png", std::string("\x89PNG", 4));
    WebServer web(dir.path());

    for (const char* route : {"/", "/households/h123", "/board"}) {
        auto page = HttpCall(web.port(), "GET", route);
        CHECK(page.status == 200);
        CHECK(page.body == index);
        CHECK(page.headers["content-type"] == "text/html; charset=utf-8");
        CHECK(page.headers["cache-control"] == "no-cache");
        CHECK_THAT(page.headers["content-security-policy"],
                   Catch::Contains("default-src 'self'") && Catch::Contains("script-src 'self';"));
    }
    auto asset = HttpCall(web.port(), "GET", "/assets/app-1a2b.js");
    CHECK(asset.body == script);
    CHECK(asset.headers["cache-control"] == "public, max-age=31536000, immutable");
    CHECK(asset.headers["content-type"] == "text/javascript; charset=utf-8");
    CHECK(asset.headers.count("content-encoding") == 0);

    auto zipped = HttpCall(web.port(), "GET", "/assets/app-1a2b.js", {},
                           {{"Accept-Encoding", "gzip, deflate, br"}});
    CHECK(zipped.headers["content-encoding"] == "gzip");
    CHECK(zipped.headers["vary"] == "Accept-Encoding");
    CHECK(zipped.body.size() < script.size() / 10);
    CHECK(Gunzipped(zipped.body) == script);
    // Not worth compressing: sent as it is.
    auto image =
        HttpCall(web.port(), "GET", "/assets/logo-9f8e.png", {}, {{"Accept-Encoding", "gzip"}});
    CHECK(image.headers["content-type"] == "image/png");
    CHECK(image.headers.count("content-encoding") == 0);

    auto again = HttpCall(web.port(), "GET", "/", {}, {{"If-None-Match", asset.headers["etag"]}});
    CHECK(again.status == 200);  // another file's tag
    auto cached = HttpCall(web.port(), "GET", "/", {},
                           {{"If-None-Match", HttpCall(web.port(), "GET", "/").headers["etag"]}});
    CHECK(cached.status == 304);
    CHECK(cached.body.empty());

    CHECK(HttpCall(web.port(), "GET", "/assets/gone-0000.js").status == 404);
    // Paths never reach the disk: a traversal is at most the application's page, or a 404.
    CHECK(HttpCall(web.port(), "GET", "/../../etc/passwd").body == index);
    CHECK(HttpCall(web.port(), "GET", "/%2e%2e/%2e%2e/etc/passwd").status == 404);
    CHECK(HttpCall(web.port(), "GET", "/assets/%2e%2e/index.html").status == 404);
    auto api = HttpCall(web.port(), "GET", "/api/v1/thing");
    CHECK(api.body == "{\"ok\":true}");
    CHECK(api.headers["cache-control"] == "no-store");
    auto unknown_api = HttpCall(web.port(), "GET", "/api/v1/nothing");
    CHECK(unknown_api.status == 404);
    CHECK_THAT(unknown_api.body, Catch::Contains("\"code\":\"not_found\""));
    CHECK(HttpCall(web.port(), "POST", "/households").status == 404);
}

TEST_CASE("without a built application \"/\" says how to build it") {
    testing::TempDir dir;
    CHECK(api::WebAssets::Load(dir.path() / "dist").error().code == Errc::kNotFound);
    WebServer web(dir.path() / "dist<b>");
    auto page = HttpCall(web.port(), "GET", "/");
    CHECK(page.status == 503);
    CHECK_THAT(page.body, Catch::Contains("npm --prefix api/web run build") &&
                              Catch::Contains("dist&lt;b&gt;"));
    CHECK(HttpCall(web.port(), "GET", "/api/v1/thing").status == 200);
    CHECK(HttpCall(web.port(), "GET", "/assets/app-1a2b.js").status == 404);
}
