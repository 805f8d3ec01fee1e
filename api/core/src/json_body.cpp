#include "xfl/api/core/json_body.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "xfl/api/core/http.hpp"
#include "xfl/domain/kernel/text.hpp"

namespace xfl::api {
namespace {

Error Invalid(std::string message, std::string field = {}) {
    if (!field.empty()) message = field + " " + message;
    return Error::Make(Errc::kInvalidArgument, std::move(message), std::move(field));
}

// RapidJSON keeps every member of an object, so {"a":1,"a":2} would mean whatever the first
// lookup finds; a body must say each field once. Iterative, as the parse is: deep nesting
// cannot exhaust the stack.
Status CheckNoDuplicateKeys(const rapidjson::Value& root) {
    std::vector<std::pair<const rapidjson::Value*, std::string>> pending{{&root, ""}};
    while (!pending.empty()) {
        auto [v, path] = std::move(pending.back());
        pending.pop_back();
        if (v->IsArray()) {
            for (rapidjson::SizeType i = 0; i < v->Size(); ++i) {
                pending.emplace_back(&(*v)[i], path + "[" + std::to_string(i) + "]");
            }
        } else if (v->IsObject()) {
            std::set<std::string_view> seen;
            for (const auto& member : v->GetObject()) {
                const std::string_view name(member.name.GetString(), member.name.GetStringLength());
                std::string field =
                    path.empty() ? std::string(name) : path + "." + std::string(name);
                if (!seen.insert(name).second) return Invalid("appears more than once", field);
                pending.emplace_back(&member.value, std::move(field));
            }
        }
    }
    return {};
}

Result<std::string> TextValue(const rapidjson::Value& v, const std::string& field) {
    std::string text(v.GetString(), v.GetStringLength());
    if (Status s = domain::CheckText(text, field, domain::TextKind::kParagraph); !s.ok()) {
        return std::move(s).error();
    }
    return text;
}

}  // namespace

Result<JsonBody> JsonBody::Parse(std::string_view body) {
    auto doc = std::make_unique<rapidjson::Document>();
    // Iterative parsing: deep nesting cannot exhaust the stack. UTF-8 is validated.
    doc->Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(body.data(),
                                                                                       body.size());
    if (doc->HasParseError()) {
        const bool encoding = doc->GetParseError() == rapidjson::kParseErrorStringInvalidEncoding;
        return Invalid(encoding ? "the body is not valid UTF-8"
                                : std::string("malformed JSON at byte ") +
                                      std::to_string(doc->GetErrorOffset()) + ": " +
                                      rapidjson::GetParseError_En(doc->GetParseError()));
    }
    if (!doc->IsObject()) return Invalid("the body must be a JSON object");
    if (Status s = CheckNoDuplicateKeys(*doc); !s.ok()) return std::move(s).error();
    return JsonBody(std::move(doc), "");
}

const rapidjson::Value* JsonBody::Find(const char* name) {
    read_.insert(name);
    auto it = doc_->FindMember(name);
    if (it == doc_->MemberEnd() || it->value.IsNull()) return nullptr;
    return &it->value;
}

Result<std::optional<std::string>> JsonBody::OptionalString(const char* name,
                                                            std::size_t max_bytes) {
    const rapidjson::Value* v = Find(name);
    if (v == nullptr) return std::optional<std::string>();
    if (!v->IsString()) return Invalid("must be a string", Name(name));
    if (v->GetStringLength() > max_bytes) {
        return Invalid("longer than " + std::to_string(max_bytes) + " bytes", Name(name));
    }
    auto text = TextValue(*v, Name(name));
    if (!text.ok()) return std::move(text).error();
    return std::optional<std::string>(std::move(text).value());
}

Result<std::string> JsonBody::String(const char* name, std::size_t max_bytes) {
    auto value = OptionalString(name, max_bytes);
    if (!value.ok()) return std::move(value).error();
    if (!value->has_value()) return Invalid("is required", Name(name));
    return std::move(**value);
}

Result<std::optional<bool>> JsonBody::OptionalBool(const char* name) {
    const rapidjson::Value* v = Find(name);
    if (v == nullptr) return std::optional<bool>();
    if (!v->IsBool()) return Invalid("must be true or false", Name(name));
    return std::optional<bool>(v->GetBool());
}

Result<bool> JsonBody::Bool(const char* name) {
    auto value = OptionalBool(name);
    if (!value.ok()) return std::move(value).error();
    if (!value->has_value()) return Invalid("is required", Name(name));
    return **value;
}

Result<std::optional<std::int64_t>> JsonBody::OptionalInt(const char* name) {
    const rapidjson::Value* v = Find(name);
    if (v == nullptr) return std::optional<std::int64_t>();
    if (!v->IsInt64()) return Invalid("must be a whole number", Name(name));
    return std::optional<std::int64_t>(v->GetInt64());
}

Result<std::vector<std::string>> JsonBody::StringArray(const char* name, std::size_t max_items) {
    std::vector<std::string> out;
    const rapidjson::Value* v = Find(name);
    if (v == nullptr) return out;
    if (!v->IsArray()) return Invalid("must be an array of strings", Name(name));
    if (v->Size() > max_items) {
        return Invalid("more than " + std::to_string(max_items) + " items", Name(name));
    }
    for (const auto& item : v->GetArray()) {
        if (!item.IsString()) return Invalid("must be an array of strings", Name(name));
        auto text = TextValue(item, Name(name) + "[" + std::to_string(out.size()) + "]");
        if (!text.ok()) return std::move(text).error();
        out.push_back(std::move(text).value());
    }
    return out;
}

Result<std::vector<std::int64_t>> JsonBody::IntArray(const char* name, std::size_t max_items) {
    std::vector<std::int64_t> out;
    const rapidjson::Value* v = Find(name);
    if (v == nullptr) return out;
    if (!v->IsArray()) return Invalid("must be an array of whole numbers", Name(name));
    if (v->Size() > max_items) {
        return Invalid("more than " + std::to_string(max_items) + " items", Name(name));
    }
    for (const auto& item : v->GetArray()) {
        if (!item.IsInt64()) return Invalid("must be an array of whole numbers", Name(name));
        out.push_back(item.GetInt64());
    }
    return out;
}

Result<std::vector<JsonBody>> JsonBody::Objects(const char* name, std::size_t max_items) {
    std::vector<JsonBody> out;
    const rapidjson::Value* v = Find(name);
    if (v == nullptr) return out;
    if (!v->IsArray()) return Invalid("must be an array of objects", Name(name));
    if (v->Size() > max_items) {
        return Invalid("more than " + std::to_string(max_items) + " items", Name(name));
    }
    for (rapidjson::SizeType i = 0; i < v->Size(); ++i) {
        const std::string item = Name(name) + "[" + std::to_string(i) + "]";
        if (!(*v)[i].IsObject()) return Invalid("must be an object", item);
        auto doc = std::make_unique<rapidjson::Document>();
        doc->CopyFrom((*v)[i], doc->GetAllocator());
        out.push_back(JsonBody(std::move(doc), item + "."));
    }
    return out;
}

Result<std::optional<JsonBody>> JsonBody::OptionalObject(const char* name) {
    const rapidjson::Value* v = Find(name);
    if (v == nullptr || v->IsNull()) return std::optional<JsonBody>();
    if (!v->IsObject()) return Invalid("must be an object", Name(name));
    auto doc = std::make_unique<rapidjson::Document>();
    doc->CopyFrom(*v, doc->GetAllocator());
    return std::optional<JsonBody>(JsonBody(std::move(doc), Name(name) + "."));
}

Status JsonBody::Finish() const {
    for (const auto& member : doc_->GetObject()) {
        std::string name(member.name.GetString(), member.name.GetStringLength());
        if (!read_.contains(name))
            return Invalid("is not a field of this request", Name(name.c_str()));
    }
    return {};
}

struct JsonOut::Writer {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> json{buffer};
};

namespace {
rapidjson::SizeType Size(std::string_view text) {
    return static_cast<rapidjson::SizeType>(text.size());
}
}  // namespace

JsonOut::JsonOut() : writer_(std::make_unique<Writer>()) {}
JsonOut::~JsonOut() = default;

JsonOut& JsonOut::Open() {
    writer_->json.StartObject();
    return *this;
}
JsonOut& JsonOut::Close() {
    writer_->json.EndObject();
    return *this;
}
JsonOut& JsonOut::Key(std::string_view name) {
    writer_->json.Key(name.data(), Size(name));
    return *this;
}
JsonOut& JsonOut::Field(std::string_view name, std::string_view value) {
    return Key(name).Value(value);
}
JsonOut& JsonOut::Field(std::string_view name, std::int64_t value) {
    Key(name).writer_->json.Int64(value);
    return *this;
}
JsonOut& JsonOut::Field(std::string_view name, std::uint64_t value) {
    Key(name).writer_->json.Uint64(value);
    return *this;
}
JsonOut& JsonOut::Field(std::string_view name, bool value) {
    Key(name).writer_->json.Bool(value);
    return *this;
}
JsonOut& JsonOut::FieldRaw(std::string_view name, std::string_view json) {
    return Key(name).Item(json);
}
JsonOut& JsonOut::OpenArray() {
    writer_->json.StartArray();
    return *this;
}
JsonOut& JsonOut::OpenArray(std::string_view name) { return Key(name).OpenArray(); }
JsonOut& JsonOut::CloseArray() {
    writer_->json.EndArray();
    return *this;
}
JsonOut& JsonOut::Item(std::string_view raw_json) {
    writer_->json.RawValue(raw_json.data(), raw_json.size(), rapidjson::kObjectType);
    return *this;
}
JsonOut& JsonOut::Value(std::string_view text) {
    writer_->json.String(text.data(), Size(text));
    return *this;
}
std::string JsonOut::Take() {
    return std::string(writer_->buffer.GetString(), writer_->buffer.GetSize());
}

std::string StringArrayJson(const std::vector<std::string>& items) {
    JsonOut out;
    out.OpenArray();
    for (const auto& item : items) out.Value(item);
    return out.CloseArray().Take();
}

}  // namespace xfl::api
