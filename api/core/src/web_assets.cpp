#include "xfl/api/core/web_assets.hpp"

#include <zlib.h>

#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <unordered_map>

namespace xfl::api {

namespace {

// Only this server: scripts, styles, images, fonts and fetches alike. Element Plus positions
// its pop-ups with inline style attributes, hence 'unsafe-inline' for styles (never scripts).
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; "
    "manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'";

struct MediaType {
    std::string_view extension;
    std::string_view type;
    bool compressible;
};

constexpr MediaType kMediaTypes[] = {
    {".html", "text/html; charset=utf-8", true},
    {".js", "text/javascript; charset=utf-8", true},
    {".mjs", "text/javascript; charset=utf-8", true},
    {".css", "text/css; charset=utf-8", true},
    {".json", "application/json", true},
    {".webmanifest", "application/manifest+json", true},
    {".svg", "image/svg+xml", true},
    {".txt", "text/plain; charset=utf-8", true},
    {".map", "application/json", true},
    {".png", "image/png", false},
    {".ico", "image/x-icon", false},
    {".woff2", "font/woff2", false},
    {".woff", "font/woff", false},
};

const MediaType& MediaTypeOf(const std::filesystem::path& file) {
    static constexpr MediaType kOther{"", "application/octet-stream", false};
    const std::string extension = file.extension().string();
    for (const MediaType& media : kMediaTypes) {
        if (media.extension == extension) return media;
    }
    return kOther;
}

std::string Gzipped(const std::string& data) {
    z_stream stream{};
    // windowBits 15 + 16: a gzip wrapper rather than zlib's.
    if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
        return {};
    }
    std::string out(deflateBound(&stream, data.size()), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int result = deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return result == Z_STREAM_END ? out : std::string();
}

std::string ReadFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string HtmlEscaped(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '&':
                out += "&amp;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

// One of the application's own routes (/households/h1): no dot in the last segment. A "." or
// ".." segment is never one, nor a file.
bool IsApplicationRoute(std::string_view path) {
    if (path.find("/.") != std::string_view::npos) return false;
    return path.substr(path.rfind('/') + 1).find('.') == std::string_view::npos;
}

HttpResponse NoFile(const HttpRequest& request) {
    return ErrorToResponse(Error::Make(Errc::kNotFound, "no file " + request.path));
}

bool AcceptsGzip(const HttpRequest& request) {
    auto accepted = request.Header("accept-encoding");
    return accepted && accepted->find("gzip") != std::string::npos;
}

}  // namespace

struct WebAssets::File {
    std::string_view content_type;
    std::string body;
    std::string gzipped;  // empty when not worth it
    std::string etag;
    bool immutable = false;
};

struct WebAssets::Files {
    std::unordered_map<std::string, File> by_path;  // "/assets/index-1a2b3c.js"
};

WebAssets::WebAssets(std::unique_ptr<const Files> files) : files_(std::move(files)) {}

Result<std::shared_ptr<const WebAssets>> WebAssets::Load(const std::filesystem::path& root) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(root / "index.html", ec)) {
        return Error::Make(Errc::kNotFound, "no web application in " + root.string() +
                                                " (index.html is missing: build it first)");
    }
    auto files = std::make_unique<Files>();
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root, ec)) {
        if (!entry.is_regular_file()) continue;
        const auto relative = std::filesystem::relative(entry.path(), root).generic_string();
        const MediaType& media = MediaTypeOf(entry.path());
        File file{media.type, ReadFile(entry.path()), {}, {}, relative.starts_with("assets/")};
        if (media.compressible) {
            file.gzipped = Gzipped(file.body);
            if (file.gzipped.size() >= file.body.size()) file.gzipped.clear();
        }
        std::ostringstream etag;
        etag << "\"" << std::hex << std::hash<std::string>{}(file.body) << "\"";
        file.etag = etag.str();
        files->by_path.emplace("/" + relative, std::move(file));
    }
    if (ec)
        return Error::Make(Errc::kUnavailable,
                           "cannot read " + root.string() + ": " + ec.message());
    return std::shared_ptr<const WebAssets>(new WebAssets(std::move(files)));
}

HttpResponse WebAssets::Serve(const HttpRequest& request) const {
    auto found =
        files_->by_path.find(IsApplicationRoute(request.path) ? "/index.html" : request.path);
    if (found == files_->by_path.end()) return NoFile(request);
    const File& file = found->second;
    HttpResponse response;
    response.content_type = std::string(file.content_type);
    response.headers = {
        {"Cache-Control", file.immutable ? "public, max-age=31536000, immutable" : "no-cache"},
        {"ETag", file.etag},
        {"Vary", "Accept-Encoding"},
        {"Content-Security-Policy", std::string(kContentSecurityPolicy)},
        {"Referrer-Policy", "same-origin"},
    };
    if (request.Header("if-none-match") == file.etag) {
        response.status = 304;
        return response;
    }
    if (!file.gzipped.empty() && AcceptsGzip(request)) {
        response.headers.emplace_back("Content-Encoding", "gzip");
        response.body = file.gzipped;
    } else {
        response.body = file.body;
    }
    return response;
}

HttpResponse WebApplicationMissing(const std::filesystem::path& root, const HttpRequest& request) {
    if (!IsApplicationRoute(request.path)) return NoFile(request);
    HttpResponse response;
    response.status = 503;
    response.content_type = "text/html; charset=utf-8";
    response.headers = {{"Content-Security-Policy", std::string(kContentSecurityPolicy)}};
    response.body =
        "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>幸福里</title>"
        "<h1>网页应用尚未构建 / The web application is not built</h1>"
        "<p>The API is served under <code>/api/v1</code>. To serve the web application, build "
        "it (Node.js and npm from Debian: <code>apt-get install nodejs npm</code>):</p>"
        "<pre>npm --prefix api/web ci\nnpm --prefix api/web run build</pre>"
        "<p>or start the server with <code>ops/serve.sh</code>, which does both. It is looked "
        "for in <code>" +
        HtmlEscaped(root.string()) +
        "</code> (<code>xingfuli serve --web-root DIR</code>).</p></html>";
    return response;
}

}  // namespace xfl::api
