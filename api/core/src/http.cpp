#include "xfl/api/core/http.hpp"

#include <cstdio>

#include "xfl/api/core/json_body.hpp"

namespace xfl::api {
namespace {

std::vector<std::string> SplitPath(std::string_view path) {
    std::vector<std::string> segments;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t slash = path.find('/', start);
        if (slash == std::string_view::npos) slash = path.size();
        if (slash > start) segments.emplace_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    return segments;
}

bool IsParam(const std::string& segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

std::optional<std::string> HttpRequest::Header(const std::string& lower_case_name) const {
    auto it = headers.find(lower_case_name);
    if (it == headers.end()) return std::nullopt;
    return it->second;
}

HttpResponse JsonResponse(int status, std::string body) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

std::optional<std::string> PercentDecoded(std::string_view text, bool plus_is_space) {
    auto hex = [](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+' && plus_is_space) {
            out.push_back(' ');
        } else if (text[i] != '%') {
            out.push_back(text[i]);
        } else if (i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2])));
            i += 2;
        } else {
            return std::nullopt;
        }
    }
    return out;
}

int HttpStatusFor(Errc code) {
    switch (code) {
        case Errc::kInvalidArgument:
            return 400;
        case Errc::kUnsupportedMedia:
            return 415;
        case Errc::kUnauthenticated:
            return 401;
        case Errc::kPermissionDenied:
            return 403;
        case Errc::kNotFound:
            return 404;
        case Errc::kConflict:
        case Errc::kAlreadyExists:  // a duplicate conflicts with the record that exists
            return 409;
        case Errc::kRuleViolated:
            return 422;
        case Errc::kUnavailable:
            return 503;
        case Errc::kBusy:
            return 503;
        case Errc::kRateLimited:
            return 429;
        case Errc::kMisdirected:
            return 421;
        case Errc::kMethodNotAllowed:
            return 405;
        case Errc::kTooLarge:
            return 413;
        case Errc::kDataLoss:
            return 500;
        case Errc::kInternal:
            return 500;
    }
    return 500;
}

HttpResponse ErrorToResponse(const Error& error) {
    const int status = HttpStatusFor(error.code);
    HttpResponse response = ErrorResponse(status, ErrcName(error.code), error.message, error.field,
                                          error.current_version);
    if (error.current_version) {
        response.headers.emplace_back("ETag", ETag(*error.current_version));
    }
    if (status == 401) response.headers.emplace_back("WWW-Authenticate", "Bearer");
    if (error.retry_after_seconds) {
        response.headers.emplace_back("Retry-After", std::to_string(*error.retry_after_seconds));
    }
    return response;
}

std::string ETag(std::uint64_t version) { return "\"" + std::to_string(version) + "\""; }

HttpResponse StatusResponse(int status, std::string_view message) {
    // The statuses the server's own layers answer with (CivetWeb refusing a request before any
    // route sees it); another (408, 505, …) is an "http_error".
    static constexpr std::pair<int, Errc> kCodes[] = {
        {400, Errc::kInvalidArgument}, {404, Errc::kNotFound},   {405, Errc::kMethodNotAllowed},
        {413, Errc::kTooLarge},        {414, Errc::kTooLarge},   {431, Errc::kTooLarge},
        {500, Errc::kInternal},        {503, Errc::kUnavailable}};
    for (const auto& [known, code] : kCodes) {
        if (known == status) return ErrorResponse(status, ErrcName(code), message);
    }
    return ErrorResponse(status, "http_error", message);
}

HttpResponse ErrorResponse(int status, std::string_view code, std::string_view message,
                           std::string_view field, std::optional<std::uint64_t> current_version) {
    JsonOut out;
    out.Open().Key("error").Open().Field("code", code).Field("message", message);
    if (!field.empty()) out.Field("field", field);
    if (current_version) out.Field("current_version", *current_version);
    return JsonResponse(status, out.Close().Close().Take());
}

void Router::Add(std::string method, std::string pattern, Handler handler) {
    routes_.push_back({std::move(method), SplitPath(pattern), pattern, std::move(handler)});
}

const Router::Route* Router::Match(const HttpRequest& request, bool& path_known,
                                   std::map<std::string, std::string>* params) const {
    const std::vector<std::string> segments = SplitPath(request.path);
    path_known = false;
    for (const Route& route : routes_) {
        if (route.segments.size() != segments.size()) continue;
        bool match = true;
        for (std::size_t i = 0; i < segments.size() && match; ++i) {
            match = IsParam(route.segments[i]) || route.segments[i] == segments[i];
        }
        if (!match) continue;
        path_known = true;
        if (route.method != request.method) continue;
        if (params) {
            for (std::size_t i = 0; i < segments.size(); ++i) {
                const std::string& s = route.segments[i];
                if (IsParam(s)) (*params)[s.substr(1, s.size() - 2)] = segments[i];
            }
        }
        return &route;
    }
    return nullptr;
}

HttpResponse Router::Dispatch(HttpRequest& request) const {
    bool path_known = false;
    const Route* route = Match(request, path_known, &request.path_params);
    if (route == nullptr && !path_known && fallback_ && request.method == "GET" &&
        !request.path.starts_with("/api/")) {
        return fallback_(request);
    }
    if (route == nullptr) {
        return ErrorToResponse(
            path_known ? Error::Make(Errc::kMethodNotAllowed,
                                     request.method + " is not allowed on " + request.path)
                       : Error::Make(Errc::kNotFound, "no route for " + request.path));
    }
    return route->handler(request);
}

void Router::SetFallback(Handler handler) { fallback_ = std::move(handler); }

std::vector<std::string> Router::Routes() const {
    std::vector<std::string> out;
    for (const Route& route : routes_) out.push_back(route.method + " " + route.pattern);
    return out;
}

std::string Router::PatternFor(const HttpRequest& request) const {
    bool path_known = false;
    const Route* route = Match(request, path_known, nullptr);
    return route ? route->pattern : "unmatched";
}

}  // namespace xfl::api
