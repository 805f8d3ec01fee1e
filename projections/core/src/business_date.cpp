#include "xfl/projections/core/business_date.hpp"

#include <array>

#include "payload_date.hpp"
#include "xfl/domain/kernel/time.hpp"

namespace xfl::projections {

std::string BusinessDate(const rapidjson::Value& payload) {
    static constexpr std::array<const char*, 7> kDateFields = {
        "date", "since", "filed_on", "received_on", "opened_on", "effective_from", "start_date"};
    if (!payload.IsObject()) return {};
    for (const char* field : kDateFields) {
        auto it = payload.FindMember(field);
        if (it == payload.MemberEnd() || !it->value.IsString()) continue;
        std::string date(it->value.GetString(), it->value.GetStringLength());
        if (domain::ParseDate(date, field).ok()) return date;
    }
    return {};
}

std::optional<std::int64_t> BusinessDay(std::string_view payload_json) {
    rapidjson::Document doc;
    doc.Parse(payload_json.data(), payload_json.size());
    if (doc.HasParseError()) return std::nullopt;
    const std::string date = BusinessDate(doc);
    if (date.empty()) return std::nullopt;
    return *domain::ParseDate(date, "date");
}

}  // namespace xfl::projections
