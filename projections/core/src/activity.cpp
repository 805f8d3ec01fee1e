#include "xfl/projections/core/activity.hpp"

#include <rapidjson/document.h>

#include <array>
#include <cstdio>
#include <stdexcept>

#include "payload_date.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/projections/core/delimited.hpp"

namespace xfl::projections {
namespace {

using eventstore::EventEnvelope;

// A reason is shown in a list; the record's history has it whole. Cut on a UTF-8 boundary.
constexpr std::size_t kMaxReasonBytes = 300;

std::string Padded(std::uint64_t n) {
    char out[21];
    std::snprintf(out, sizeof out, "%020llu", static_cast<unsigned long long>(n));
    return out;
}

std::string StringMember(const rapidjson::Value& doc, const char* name) {
    auto it = doc.FindMember(name);
    if (it == doc.MemberEnd() || !it->value.IsString()) return {};
    return {it->value.GetString(), it->value.GetStringLength()};
}

// The first `max` bytes of UTF-8 text, not cutting a character.
std::string Cut(std::string text, std::size_t max) {
    if (text.size() <= max) return text;
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    text.resize(end);
    return text;
}

bool IsRegionCode(const std::string& text) {
    return text.size() == 12 && text.find_first_not_of("0123456789") == std::string::npos;
}

// "d/<day>/<position>" → the entry; "u/<user>/<day>/<position>" → ""; "s/<stream>" → the
// record's region.
class ActivityIndex final : public Projection {
  public:
    std::string_view Name() const override { return kActivityIndex; }
    std::uint32_t CodeVersion() const override { return 2; }  // 2: a flag's since is its date
    void Apply(const EventEnvelope& e, StateWriter& state) override {
        rapidjson::Document doc;
        doc.Parse(e.payload.data(), e.payload.size());
        const bool object = !doc.HasParseError() && doc.IsObject();
        const std::string stream_key = "s/" + e.stream_id;
        std::string region = state.Get(stream_key).value_or("");
        if (region.empty()) {
            region = object ? StringMember(doc, "region") : "";
            // A region's own record; an account's first grant.
            if (!IsRegionCode(region) && object) region = StringMember(doc, "code");
            if (!IsRegionCode(region) && object && doc.HasMember("grant") &&
                doc["grant"].IsObject()) {
                region = StringMember(doc["grant"], "region");
            }
            if (!IsRegionCode(region) && object) {
                const std::string household = StringMember(doc, "household_id");
                if (!household.empty()) {
                    region = state.Get("s/household-" + household).value_or("");
                }
            }
            if (!IsRegionCode(region)) region = e.actor.region;
            state.Put(stream_key, region);
        }
        std::string business_date, reason;
        // A correction: an entry that corrects another, or that says one was made in error.
        bool correction =
            e.type.find("corrected") != std::string::npos || e.type.ends_with("entered_in_error");
        if (object) {
            business_date = BusinessDate(doc);
            // Why, when the entry says: a correction's, a closure's, an access's reason.
            reason = Cut(StringMember(doc, "reason"), kMaxReasonBytes);
            for (const auto& member : doc.GetObject()) {
                const std::string_view name(member.name.GetString(), member.name.GetStringLength());
                if (name.starts_with("corrects") && member.value.IsString() &&
                    member.value.GetStringLength() > 0) {
                    correction = true;
                }
            }
        }
        const std::string day = domain::FormatDate(domain::ChinaDay(e.recorded_at_us));
        const std::string position = Padded(e.position.value);
        state.Put(
            "d/" + day + "/" + position,
            JoinFields({std::to_string(e.recorded_at_us), e.stream_id,
                        std::to_string(e.version.value), e.type, e.actor.user_id, e.actor.role,
                        e.actor.region, region, business_date, correction ? "1" : "0", reason}));
        state.Put("u/" + e.actor.user_id + "/" + day + "/" + position, "");
    }
};

ActivityEntry Decode(std::string_view position, std::string_view value) {
    auto f = SplitFields(value, 11);
    if (!f) throw std::runtime_error("activity index: bad entry at " + std::string(position));
    ActivityEntry entry;
    entry.position = static_cast<std::uint64_t>(ParseInt(position));
    entry.recorded_at_us = ParseInt((*f)[0]);
    entry.stream_id = (*f)[1];
    entry.version = static_cast<std::uint64_t>(ParseInt((*f)[2]));
    entry.type = (*f)[3];
    entry.user = (*f)[4];
    entry.role = (*f)[5];
    entry.grant_region = (*f)[6];
    entry.region = (*f)[7];
    entry.business_date = (*f)[8];
    entry.correction = (*f)[9] == "1";
    entry.reason = (*f)[10];
    return entry;
}

}  // namespace

std::unique_ptr<Projection> MakeActivityIndexProjection() {
    return std::make_unique<ActivityIndex>();
}

void ScanActivityOnDay(const StateView& index, const std::string& day, const std::string& user,
                       const std::function<bool(const ActivityEntry&)>& visit) {
    if (user.empty()) {
        const std::string prefix = "d/" + day + "/";
        index.Scan(prefix, [&](std::string_view key, std::string_view value) {
            return visit(Decode(key.substr(prefix.size()), value));
        });
        return;
    }
    const std::string prefix = "u/" + user + "/" + day + "/";
    index.Scan(prefix, [&](std::string_view key, std::string_view) {
        const std::string_view position = key.substr(prefix.size());
        const std::string entry_key = "d/" + day + "/" + std::string(position);
        auto value = index.Get(entry_key);
        if (!value) throw std::runtime_error("activity index: no entry " + entry_key);
        return visit(Decode(position, *value));
    });
}

std::optional<std::string> RegionOfStream(const StateView& index, const std::string& stream_id) {
    return index.Get("s/" + stream_id);
}

}  // namespace xfl::projections
