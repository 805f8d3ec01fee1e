#include "xfl/api/core/record_changes.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <map>

#include "xfl/api/core/json_body.hpp"
#include "xfl/api/core/service.hpp"

namespace xfl::api {
namespace {

// Leaf path -> the value's JSON text.
using Flat = std::map<std::string, std::string>;

std::string Text(const rapidjson::Value& v) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    v.Accept(writer);
    return std::string(buffer.GetString(), buffer.GetSize());
}

// The member that names an item of a list, so that a member added in the middle of a household
// does not show as every later member changed.
std::optional<std::string> ItemKey(const rapidjson::Value& item) {
    static constexpr const char* kKeys[] = {"id",       "person_id", "plan_id",
                                            "claim_id", "code",      "username"};
    for (const char* key : kKeys) {
        auto it = item.FindMember(key);
        if (it != item.MemberEnd() && it->value.IsString()) {
            return std::string(it->value.GetString(), it->value.GetStringLength());
        }
    }
    return std::nullopt;
}

bool ListOfObjects(const rapidjson::Value& v) {
    if (!v.IsArray()) return false;
    for (const auto& item : v.GetArray()) {
        if (!item.IsObject()) return false;
    }
    return true;
}

// An empty list or object is no field of its own: a list filled later shows its new items,
// not "[] → absent".
void Flatten(const rapidjson::Value& v, const std::string& path, Flat& out) {
    if ((v.IsArray() && v.Empty()) || (v.IsObject() && v.ObjectEmpty())) return;
    if (v.IsObject()) {
        for (const auto& m : v.GetObject()) {
            const std::string name(m.name.GetString(), m.name.GetStringLength());
            Flatten(m.value, path.empty() ? name : path + "." + name, out);
        }
        return;
    }
    if (ListOfObjects(v)) {
        std::size_t place = 0;
        for (const auto& item : v.GetArray()) {
            const auto key = ItemKey(item);
            Flatten(item, path + "[" + key.value_or(std::to_string(place)) + "]", out);
            ++place;
        }
        return;
    }
    out[path] = Text(v);
}

Result<Flat> FlatState(std::string_view json) {
    rapidjson::Document doc;
    doc.Parse(json.data(), json.size());
    if (doc.HasParseError() || !doc.IsObject()) {
        return Error::Make(Errc::kInternal, "a record's state is not a JSON object");
    }
    doc.RemoveMember("version");
    Flat flat;
    for (const auto& m : doc.GetObject()) {
        Flatten(m.value, std::string(m.name.GetString(), m.name.GetStringLength()), flat);
    }
    return flat;
}

}  // namespace

Result<std::vector<FieldChange>> DiffStates(std::string_view before, std::string_view after) {
    XFL_TRY(old_fields, FlatState(before));
    XFL_TRY(new_fields, FlatState(after));
    std::vector<FieldChange> changes;
    auto o = old_fields.begin();
    auto n = new_fields.begin();
    while (o != old_fields.end() || n != new_fields.end()) {
        if (n == new_fields.end() || (o != old_fields.end() && o->first < n->first)) {
            changes.push_back({o->first, o->second, "null"});
            ++o;
        } else if (o == old_fields.end() || n->first < o->first) {
            changes.push_back({n->first, "null", n->second});
            ++n;
        } else {
            if (o->second != n->second) changes.push_back({o->first, o->second, n->second});
            ++o;
            ++n;
        }
    }
    return changes;
}

std::string FieldChangesJson(const std::vector<FieldChange>& changes) {
    JsonOut out;
    out.OpenArray();
    for (const FieldChange& c : changes) {
        out.Item(JsonOut()
                     .Open()
                     .Field("field", c.field)
                     .FieldRaw("before", c.before)
                     .FieldRaw("after", c.after)
                     .Close()
                     .Take());
    }
    return out.CloseArray().Take();
}

}  // namespace xfl::api
