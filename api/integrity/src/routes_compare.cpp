// GET /api/v1/audit/compare: one record, list or report as it stood on two dates, and the fields
// that differ. Generic: it asks the record's own GET route twice with ?as_of=, as the caller,
// so scope, masking and "did not exist then" are that route's, and a new record type needs
// nothing here.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "xfl/api/core/record_changes.hpp"
#include "xfl/api/integrity/integrity.hpp"
#include "xfl/domain/kernel/time.hpp"

namespace xfl::api {
namespace {

constexpr std::string_view kApi = "/api/v1/";
constexpr std::string_view kAudit = "/api/v1/audit/";

struct RecordPath {
    std::string path;
    std::string query;  // without ?as_of=
};

Result<RecordPath> ReadRecordPath(const RequestContext& ctx) {
    const std::string record = ctx.Query("record").value_or("");
    auto invalid = [](const std::string& why) {
        return Error::Make(Errc::kInvalidArgument, "record: " + why, "record");
    };
    if (record.empty() || record.size() > 500) {
        return invalid("the path of what to compare is required, e.g. /api/v1/households/h-1");
    }
    const auto question = record.find('?');
    RecordPath r{record.substr(0, question),
                 question == std::string::npos ? "" : record.substr(question + 1)};
    if (!r.path.starts_with(kApi) || r.path.starts_with(kAudit) ||
        r.path.find("..") != std::string::npos) {
        return invalid("must be the path of a record, list or report of this API (/api/v1/…)");
    }
    if (r.query.find("as_of=") != std::string::npos) {
        return invalid("carries no as_of: the dates are ?from= and ?to=");
    }
    return r;
}

Result<std::int64_t> ReadInstant(const RequestContext& ctx, const std::string& name) {
    XFL_TRY(at, ctx.PastInstant(name));
    if (!at) return Error::Make(Errc::kInvalidArgument, name + " is required", name);
    return *at;
}

// The route's refusal. One caused by the date (its field is as_of: not yet existing, in the
// future) is told of the date asked for: its message prefixed and its field named `name`; any
// other (scope above all) is passed on unchanged, so it reveals no more than a read.
HttpResponse RefusedAt(HttpResponse refused, const std::string& name, const std::string& when) {
    rapidjson::Document doc;
    doc.Parse(refused.body.data(), refused.body.size());
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("error") ||
        !doc["error"].IsObject()) {
        return refused;
    }
    auto& error = doc["error"];
    if (!error.HasMember("field") || error["field"] != "as_of" || !error.HasMember("message") ||
        !error["message"].IsString()) {
        return refused;
    }
    auto& alloc = doc.GetAllocator();
    const std::string message =
        name + " (" + when + "): " + std::string(error["message"].GetString());
    error["message"].SetString(message.c_str(), static_cast<rapidjson::SizeType>(message.size()),
                               alloc);
    error["field"].SetString(name.c_str(), static_cast<rapidjson::SizeType>(name.size()), alloc);
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    doc.Accept(writer);
    refused.body = buffer.GetString();
    return refused;
}

Result<HttpResponse> Compare(const Router& router, RequestContext& ctx) {
    XFL_TRY(record, ReadRecordPath(ctx));
    XFL_TRY(from, ReadInstant(ctx, "from"));
    XFL_TRY(to, ReadInstant(ctx, "to"));
    std::string states[2];
    const std::pair<const char*, std::int64_t> dates[2] = {{"from", from}, {"to", to}};
    for (int i = 0; i < 2; ++i) {
        // Asked as the caller: the same credentials, so the same scope and the same limits.
        HttpRequest inner;
        inner.method = "GET";
        inner.path = record.path;
        inner.query = (record.query.empty() ? "" : record.query + "&") +
                      "as_of=" + domain::FormatRfc3339(dates[i].second);
        inner.headers = ctx.request.headers;
        inner.client_address = ctx.request.client_address;
        HttpResponse answer = router.Dispatch(inner);
        if (answer.status != 200) {
            return RefusedAt(std::move(answer), dates[i].first, *ctx.Query(dates[i].first));
        }
        if (answer.content_type != "application/json") {
            return Error::Make(Errc::kInvalidArgument, "record: answers no JSON to compare",
                               "record");
        }
        states[i] = std::move(answer.body);
    }
    auto changes = DiffStates(states[0], states[1]);
    if (!changes.ok()) {
        return Error::Make(Errc::kInvalidArgument,
                           "record: answers no JSON object to compare (a list route's page?)",
                           "record");
    }
    return JsonResponse(200, JsonOut()
                                 .Open()
                                 .Field("record", *ctx.Query("record"))
                                 .Field("from", domain::FormatRfc3339(from))
                                 .Field("to", domain::FormatRfc3339(to))
                                 .FieldRaw("changes", FieldChangesJson(*changes))
                                 .Close()
                                 .Take());
}

}  // namespace

void AddCompareRoute(RouteBuilder& routes) {
    const Router& router = routes.router();
    routes.Query("GET", "/api/v1/audit/compare", kAllRoles,
                 [&router](RequestContext& ctx) { return Compare(router, ctx); });
}

}  // namespace xfl::api
