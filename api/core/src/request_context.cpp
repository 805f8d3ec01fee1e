// What a request asks, read from its query and headers: parameters, If-Match, as_of/valid_on.
#include <algorithm>
#include <charconv>

#include "xfl/api/core/service.hpp"
#include "xfl/domain/kernel/text.hpp"
#include "xfl/domain/kernel/time.hpp"

namespace xfl::api {
namespace {

// The server refused malformed escapes before routing (http_server.cpp); a request made
// without it keeps such text as it is.
std::string PercentDecode(std::string_view text) {
    return PercentDecoded(text, true).value_or(std::string(text));
}

}  // namespace

std::optional<std::string> RequestContext::Query(const std::string& name) const {
    std::string_view q = request.query;
    while (!q.empty()) {
        const std::size_t amp = q.find('&');
        std::string_view pair = q.substr(0, amp);
        const std::size_t eq = pair.find('=');
        if (PercentDecode(pair.substr(0, eq)) == name) {
            return eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1));
        }
        if (amp == std::string_view::npos) break;
        q.remove_prefix(amp + 1);
    }
    return std::nullopt;
}

Result<std::optional<std::uint64_t>> RequestContext::IfMatch() const {
    auto header = request.Header("if-match");
    if (!header || *header == "*") return std::optional<std::uint64_t>();
    std::string_view v = *header;
    if (v.starts_with("W/")) v.remove_prefix(2);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    std::uint64_t version = 0;
    if (v.empty() || v.size() > 19 || !std::all_of(v.begin(), v.end(), ::isdigit)) {
        return Error::Make(Errc::kInvalidArgument, "If-Match must be an ETag such as \"3\"",
                           "If-Match");
    }
    for (char c : v) version = version * 10 + static_cast<std::uint64_t>(c - '0');
    return std::optional<std::uint64_t>(version);
}

Result<bool> RequestContext::BoolQuery(const std::string& name, bool absent) const {
    const auto text = Query(name);
    if (!text) return absent;
    if (*text != "true" && *text != "false") {
        return Error::Make(Errc::kInvalidArgument, name + ": true or false", name);
    }
    return *text == "true";
}

Result<std::int64_t> RequestContext::IntQuery(const std::string& name, std::int64_t absent,
                                              std::int64_t low, std::int64_t high) const {
    const auto text = Query(name);
    if (!text) return absent;
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size() || value < low || value > high) {
        return Error::Make(
            Errc::kInvalidArgument,
            name + ": a whole number from " + std::to_string(low) + " to " + std::to_string(high),
            name);
    }
    return value;
}

Result<std::optional<std::int64_t>> RequestContext::AsOf() const { return PastInstant("as_of"); }

Result<std::optional<std::int64_t>> RequestContext::PastInstant(const std::string& name) const {
    auto text = Query(name);
    if (!text) return std::optional<std::int64_t>();
    XFL_TRY(at, domain::ParseRfc3339(*text, name));
    // Today's date is allowed: it reads as now (nothing is known after now).
    const bool today = text->size() == 10 && domain::ChinaDay(at) == domain::ChinaDay(now_us);
    if (at > now_us && !today) {
        return Error::Make(Errc::kInvalidArgument,
                           name + " is in the future: history is known up to now", name);
    }
    return std::optional<std::int64_t>(std::min(at, now_us));
}

Result<std::optional<std::int64_t>> RequestContext::ValidOn() const {
    auto text = Query("valid_on");
    if (!text) return std::optional<std::int64_t>();
    XFL_TRY(day, domain::ParseDate(*text, "valid_on"));
    if (day > domain::ChinaDay(now_us)) {
        return Error::Make(Errc::kInvalidArgument,
                           "valid_on is in the future: what was true is known up to today",
                           "valid_on");
    }
    return std::optional<std::int64_t>(day);
}

std::int64_t Vantage::Day(std::int64_t now_us) const {
    return valid_on.value_or(domain::ChinaDay(as_of.value_or(now_us)));
}

Result<Vantage> RequestContext::ReadVantage() const {
    XFL_TRY(as_of, AsOf());
    XFL_TRY(valid_on, ValidOn());
    return Vantage{as_of, valid_on};
}

namespace {

// A 400 naming `refused` when it was given (never ignored): why not, and what is offered instead.
Status Refuse(const RequestContext& ctx, const std::string& refused, std::string_view why_not,
              std::string_view offered) {
    if (!ctx.Query(refused)) return {};
    return Error::Make(
        Errc::kInvalidArgument,
        refused + " is not offered here: " + std::string(why_not) + "; " + std::string(offered),
        refused);
}

}  // namespace

Result<std::optional<std::int64_t>> RequestContext::AsOfOnly(std::string_view why_not) const {
    XFL_CHECK(Refuse(*this, "valid_on", why_not, "as_of answers what was recorded at an instant"));
    return AsOf();
}

Result<std::optional<std::int64_t>> RequestContext::ValidOnOnly(std::string_view why_not) const {
    XFL_CHECK(Refuse(*this, "as_of", why_not,
                     "valid_on answers what was true on a day by the dates reported"));
    return ValidOn();
}

Status RequestContext::CheckIfMatch(std::uint64_t current) const {
    XFL_TRY(expected, IfMatch());
    if (expected && *expected != current) {
        Error stale =
            Error::Make(Errc::kConflict, "the record changed since you read it (If-Match " +
                                             std::to_string(*expected) + ")");
        stale.current_version = current;
        return stale;
    }
    return {};
}

}  // namespace xfl::api
