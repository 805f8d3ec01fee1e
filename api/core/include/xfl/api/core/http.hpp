// Plain HTTP request/response values and a router; no network here (see http_server.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "xfl/domain/kernel/result.hpp"

namespace xfl::api {

// A field of a browser form (multipart/form-data), read by CivetWeb.
struct FormField {
    std::string name;
    std::string filename;  // the file's name on the sender's machine, for a file field
    std::string value;
};

struct HttpRequest {
    std::string method;
    std::string path;                                // decoded path, without the query string
    std::string query;                               // raw query string, without '?'
    std::map<std::string, std::string> headers;      // names in lower case
    std::string body;                                // empty for a form: its fields are in `form`
    std::map<std::string, std::string> path_params;  // filled by the router from {name} segments
    std::string client_address;   // the peer's IP address (a reverse proxy's, behind one)
    std::vector<FormField> form;  // multipart/form-data

    std::optional<std::string> Header(const std::string& lower_case_name) const;
};

struct HttpResponse {
    int status = 200;
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

HttpResponse JsonResponse(int status, std::string body);

// The one table from error codes to HTTP statuses, for every layer: routes, the router (404,
// 405), the server (400, 413) and CivetWeb's own refusals (StatusResponse).
int HttpStatusFor(Errc code);
// The error body and status of `error`, with ETag and current_version on a conflict,
// WWW-Authenticate on 401 and Retry-After on 429.
HttpResponse ErrorToResponse(const Error& error);
// An error body for a status that arrives without an Errc (CivetWeb's refusals).
HttpResponse StatusResponse(int status, std::string_view message);
// ETag for a stream version.
std::string ETag(std::uint64_t version);
// {"error":{"code":…,"message":…,"field":…}}
HttpResponse ErrorResponse(int status, std::string_view code, std::string_view message,
                           std::string_view field = {},
                           std::optional<std::uint64_t> current_version = {});

// Decodes %XX escapes (and '+' as a space where `plus_is_space`, as in query strings); nullopt
// when an escape is not two hex digits.
std::optional<std::string> PercentDecoded(std::string_view text, bool plus_is_space);

using Handler = std::function<HttpResponse(HttpRequest&)>;

// Routes by method and path pattern; a pattern segment "{name}" matches one path segment.
// Thread-safe for lookups once routes are added.
class Router {
  public:
    void Add(std::string method, std::string pattern, Handler handler);
    // 404 for an unknown path, 405 for a known path with another method.
    HttpResponse Dispatch(HttpRequest& request) const;
    // What answers a GET that no route matches outside /api/ (the web application's files).
    void SetFallback(Handler handler);
    // The pattern that would serve this request (for metrics), or "unmatched".
    std::string PatternFor(const HttpRequest& request) const;
    // Every route as "<METHOD> <pattern>", in the order added.
    std::vector<std::string> Routes() const;

  private:
    struct Route {
        std::string method;
        std::vector<std::string> segments;
        std::string pattern;
        Handler handler;
    };
    const Route* Match(const HttpRequest& request, bool& path_known,
                       std::map<std::string, std::string>* params) const;
    std::vector<Route> routes_;
    Handler fallback_;
};

}  // namespace xfl::api
