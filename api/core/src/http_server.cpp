#include "xfl/api/core/http_server.hpp"

#include <civetweb.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <mutex>

#include "xfl/api/core/credentials.hpp"
#include "xfl/domain/kernel/text.hpp"

namespace xfl::api {

struct HttpServer::Impl {
    Impl(const Router& r, ServerOptions o) : router(r), options(std::move(o)) {}
    const Router& router;
    ServerOptions options;
    mg_context* context = nullptr;
    int port = 0;
    // Request ids need only be unique, not secret: drawing each from OpenSSL's generator cost a
    // GET ~20 % (measured, BENCHMARKS.md), so a random prefix per start and a counter.
    const std::string request_id_prefix = RandomHex(4);
    mutable std::atomic<std::uint32_t> requests{0};

    std::string NextRequestId() const {
        char counter[9];
        std::snprintf(counter, sizeof counter, "%08x",
                      requests.fetch_add(1, std::memory_order_relaxed));
        return request_id_prefix + counter;
    }
};

namespace {

std::string Lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// Reads at most limit+1 bytes so that an oversized body is noticed without reading it all.
std::optional<std::string> ReadBody(mg_connection* conn, std::size_t limit) {
    std::string body;
    char buffer[16384];
    for (;;) {
        int n = mg_read(conn, buffer, sizeof buffer);
        if (n <= 0) break;
        body.append(buffer, static_cast<std::size_t>(n));
        if (body.size() > limit) return std::nullopt;
    }
    return body;
}

Error BodyTooLarge(std::size_t limit) {
    return Error::Make(Errc::kTooLarge, "request body exceeds " + std::to_string(limit) + " bytes");
}

// A browser form's fields, in memory (never stored to files), read by CivetWeb's multipart
// parser; nullopt when they pass `limit` bytes together.
struct FormReading {
    std::vector<FormField> fields;
    std::size_t bytes = 0, limit = 0;
    bool too_large = false;
};

Result<std::vector<FormField>> ReadForm(mg_connection* conn, std::size_t limit) {
    FormReading reading;
    reading.limit = limit;
    mg_form_data_handler handler{};
    handler.field_found = [](const char* key, const char* filename, char*, size_t,
                             void* user) -> int {
        static_cast<FormReading*>(user)->fields.push_back(
            {key ? key : "", filename ? filename : "", ""});
        return MG_FORM_FIELD_STORAGE_GET;
    };
    handler.field_get = [](const char*, const char* value, size_t size, void* user) -> int {
        auto& r = *static_cast<FormReading*>(user);
        r.bytes += size;
        if (r.bytes > r.limit) {
            r.too_large = true;
            return MG_FORM_FIELD_HANDLE_ABORT;
        }
        if (value != nullptr) r.fields.back().value.append(value, size);
        return MG_FORM_FIELD_HANDLE_GET;
    };
    handler.user_data = &reading;
    const int handled = mg_handle_form_request(conn, &handler);
    if (reading.too_large) return BodyTooLarge(limit);
    if (handled < 0) {
        return Error::Make(Errc::kInvalidArgument,
                           "body: the form (multipart/form-data) cannot be read", "body");
    }
    return std::move(reading.fields);
}

void WriteResponse(mg_connection* conn, const HttpResponse& response) {
    std::string out = "HTTP/1.1 " + std::to_string(response.status) + " " +
                      mg_get_response_code_text(conn, response.status) +
                      "\r\nContent-Type: " + response.content_type +
                      "\r\nContent-Length: " + std::to_string(response.body.size()) +
                      "\r\nX-Content-Type-Options: nosniff\r\n";
    // API answers are never cached (they hold personal data); the web application's files say
    // how they may be.
    bool cache_control = false;
    for (const auto& [name, value] : response.headers) {
        out += name + ": " + value + "\r\n";
        cache_control = cache_control || name == "Cache-Control";
    }
    if (!cache_control) out += "Cache-Control: no-store\r\n";
    out += "\r\n";
    out += response.body;
    mg_write(conn, out.data(), out.size());  // one write: no Nagle stall between two pieces
}

// The path, decoded here rather than by CivetWeb, whose decoding ends the path at a %00: a
// malformed escape, invalid UTF-8 or a control character is refused.
Result<std::string> DecodePath(std::string_view raw) {
    auto path = PercentDecoded(raw, false);
    if (!path) {
        return Error::Make(Errc::kInvalidArgument, "path: a % escape is not two hex digits",
                           "path");
    }
    if (Status text = domain::CheckText(*path, "path"); !text.ok()) return std::move(text).error();
    return std::move(*path);
}

Status CheckQuery(std::string_view query) {
    auto decoded = PercentDecoded(query, true);
    if (!decoded) {
        return Error::Make(Errc::kInvalidArgument, "query string: a % escape is not two hex digits",
                           "query");
    }
    return domain::CheckText(*decoded, "query", domain::TextKind::kParagraph);
}

// The peer, or the client a trusted reverse proxy says it forwards for.
std::string ClientAddress(const ServerOptions& options, const std::string& peer,
                          const std::map<std::string, std::string>& headers) {
    const auto& proxies = options.trusted_proxies;
    if (std::find(proxies.begin(), proxies.end(), peer) == proxies.end()) return peer;
    if (auto real = headers.find("x-real-ip"); real != headers.end()) return real->second;
    if (auto chain = headers.find("x-forwarded-for"); chain != headers.end()) {
        std::string_view last = chain->second;
        if (auto comma = last.rfind(','); comma != std::string_view::npos) {
            last.remove_prefix(comma + 1);
        }
        while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
        if (!last.empty()) return std::string(last);
    }
    return peer;
}

HttpResponse Serve(const HttpServer::Impl& server, mg_connection* conn) {
    const mg_request_info* info = mg_get_request_info(conn);
    HttpRequest request;
    request.method = info->request_method ? info->request_method : "";
    auto path = DecodePath(info->local_uri ? info->local_uri : "/");
    if (!path.ok()) return ErrorToResponse(path.error());
    request.path = std::move(path).value();
    request.query = info->query_string ? info->query_string : "";
    if (Status query = CheckQuery(request.query); !query.ok()) {
        return ErrorToResponse(query.error());
    }
    for (int i = 0; i < info->num_headers; ++i) {
        request.headers[Lower(info->http_headers[i].name)] = info->http_headers[i].value;
    }
    request.client_address = ClientAddress(server.options, info->remote_addr, request.headers);
    const auto type = request.headers.find("content-type");
    const std::string_view content_type =
        type == request.headers.end() ? std::string_view() : std::string_view(type->second);
    // Sheets (CSV, .xlsx, or either in a browser form) may be as large as a county's ledger.
    const bool sheet = content_type.starts_with("text/csv") ||
                       content_type.starts_with("application/vnd.openxmlformats") ||
                       content_type.starts_with("multipart/form-data");
    const std::size_t limit =
        sheet ? server.options.max_csv_body_bytes : server.options.max_body_bytes;
    if (content_type.starts_with("multipart/form-data")) {
        if (info->content_length > 0 && static_cast<std::size_t>(info->content_length) > limit) {
            return ErrorToResponse(BodyTooLarge(limit));
        }
        auto form = ReadForm(conn, limit);
        if (!form.ok()) return ErrorToResponse(form.error());
        request.form = std::move(form).value();
        return server.router.Dispatch(request);
    }
    auto body = info->content_length > 0 && static_cast<std::size_t>(info->content_length) > limit
                    ? std::nullopt
                    : ReadBody(conn, limit);
    if (!body) return ErrorToResponse(BodyTooLarge(limit));
    request.body = std::move(*body);
    return server.router.Dispatch(request);
}

// A 500 is the server's fault: it goes to the server's log under the request's id, and the body
// carries the id so that whoever reports it can be matched with the log line.
void ReportServerError(const mg_request_info* info, const std::string& request_id,
                       HttpResponse& response, std::string_view cause) {
    rapidjson::Document body;
    body.Parse(response.body.c_str(), response.body.size());
    std::string message(cause);
    if (!body.HasParseError() && body.IsObject() && body.HasMember("error") &&
        body["error"].IsObject()) {
        auto& error = body["error"];
        if (message.empty() && error.HasMember("message") && error["message"].IsString()) {
            message = error["message"].GetString();
        }
        error.AddMember("request_id",
                        rapidjson::Value(request_id.c_str(),
                                         static_cast<rapidjson::SizeType>(request_id.size()),
                                         body.GetAllocator()),
                        body.GetAllocator());
        rapidjson::StringBuffer buffer;
        rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
        body.Accept(writer);
        response.body = buffer.GetString();
    }
    std::fprintf(stderr, "xingfuli: request %s %s %s answered %d: %s\n", request_id.c_str(),
                 info->request_method ? info->request_method : "",
                 info->local_uri ? info->local_uri : "", response.status, message.c_str());
}

int HandleRequest(mg_connection* conn, void* data) {
    const auto* server = static_cast<const HttpServer::Impl*>(data);
    const std::string request_id = server->NextRequestId();
    HttpResponse response;
    std::string cause;
    try {
        response = Serve(*server, conn);
    } catch (const std::exception& e) {
        cause = std::string("exception: ") + e.what();
    } catch (...) {
        cause = "exception of unknown type";
    }
    if (!cause.empty()) {
        response = ErrorToResponse(
            Error::Make(Errc::kInternal, "internal error; the server log has it under request_id"));
    }
    if (response.status == 500) {
        ReportServerError(mg_get_request_info(conn), request_id, response, cause);
    }
    response.headers.emplace_back("X-Request-Id", request_id);
    WriteResponse(conn, response);
    return response.status;
}

}  // namespace

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() {
    if (impl_->context) mg_stop(impl_->context);
}

int HttpServer::port() const { return impl_->port; }

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const ServerOptions& options,
                                                      const Router& router) {
    static std::once_flag init;
    std::call_once(init, [] { mg_init_library(0); });

    const std::string threads = std::to_string(options.threads);
    const std::string request_timeout = std::to_string(options.request_timeout_ms);
    const std::string keep_alive_timeout = std::to_string(options.keep_alive_timeout_ms);
    const char* mg_options[] = {"listening_ports",
                                options.listen.c_str(),
                                "num_threads",
                                threads.c_str(),
                                "request_timeout_ms",
                                request_timeout.c_str(),
                                "enable_keep_alive",
                                "yes",
                                "keep_alive_timeout_ms",
                                keep_alive_timeout.c_str(),
                                "tcp_nodelay",
                                "1",
                                "listen_backlog",
                                "1024",
                                "connection_queue",
                                "1024",
                                "decode_url",
                                "no",
                                nullptr};
    auto impl = std::make_unique<Impl>(router, options);
    mg_callbacks callbacks{};
    callbacks.log_message = [](const mg_connection*, const char*) { return 1; };  // we log
    // CivetWeb's own refusals (a malformed or overlong request line) get the JSON error body.
    callbacks.http_error = [](mg_connection* conn, int status, const char* message) {
        WriteResponse(conn, StatusResponse(status, message != nullptr && *message != '\0'
                                                       ? message
                                                       : mg_get_response_code_text(conn, status)));
        return 0;
    };
    impl->context = mg_start(&callbacks, nullptr, mg_options);
    if (impl->context == nullptr) {
        return Error::Make(
            Errc::kUnavailable,
            "cannot listen on " + options.listen + " (address in use or not valid for HOST:PORT)",
            "listen");
    }
    mg_set_request_handler(impl->context, "/", HandleRequest, impl.get());
    mg_server_port ports[1]{};
    if (mg_get_server_ports(impl->context, 1, ports) > 0) impl->port = ports[0].port;
    return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

}  // namespace xfl::api
