// The built web application (api/web/dist), read into memory once and served at "/" beside the
// API: a browser on a village's weak signal should download each file once and small.
//
// Caching: files under assets/ carry a content hash in their names and are cached for a year;
// index.html, the service worker and the rest are revalidated on every use (ETag, 304).
// Compression: text files are gzipped once when loaded and sent so to clients that accept it.
// Security: every answer carries a Content-Security-Policy that admits only this server — the
// intranets it runs on have no internet, and nothing from elsewhere may run in the page.
#pragma once

#include <filesystem>
#include <memory>

#include "xfl/api/core/http.hpp"

namespace xfl::api {

class WebAssets {
  public:
    // Every file under `root`. Errc::kNotFound when it holds no index.html (not built).
    static Result<std::shared_ptr<const WebAssets>> Load(const std::filesystem::path& root);

    // A GET of `request.path`: a file, or, for a path whose last segment has no dot (one of the
    // application's own routes, such as /households/h1), index.html.
    HttpResponse Serve(const HttpRequest& request) const;

  private:
    struct File;
    struct Files;
    explicit WebAssets(std::unique_ptr<const Files> files);
    std::unique_ptr<const Files> files_;
};

// What the application's routes ("/") answer when it was not built: how to build it.
HttpResponse WebApplicationMissing(const std::filesystem::path& root, const HttpRequest& request);

}  // namespace xfl::api
