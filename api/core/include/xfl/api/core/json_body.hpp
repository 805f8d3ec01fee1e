// Strict reading of JSON request bodies: malformed JSON, invalid UTF-8, wrong types and unknown
// fields are each an Errc::kInvalidArgument naming the field, so clients get a precise 400.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "xfl/domain/kernel/result.hpp"

namespace xfl::api {

class JsonBody {
  public:
    static Result<JsonBody> Parse(std::string_view body);

    Result<std::string> String(const char* name, std::size_t max_bytes = 1000);
    Result<std::optional<std::string>> OptionalString(const char* name,
                                                      std::size_t max_bytes = 1000);
    Result<bool> Bool(const char* name);
    Result<std::optional<bool>> OptionalBool(const char* name);
    Result<std::optional<std::int64_t>> OptionalInt(const char* name);
    Result<std::vector<std::string>> StringArray(const char* name, std::size_t max_items = 100);
    Result<std::vector<std::int64_t>> IntArray(const char* name, std::size_t max_items = 100);
    // Whether the body has the field at all (for PATCH: absent means "leave as it is").
    bool Has(const char* name) { return Find(name) != nullptr; }
    // An array of objects, each read like a body; errors name "name[i].field".
    Result<std::vector<JsonBody>> Objects(const char* name, std::size_t max_items = 100);
    // An object inside the body, read like a body; errors name "name.field". Absent or null:
    // nullopt.
    Result<std::optional<JsonBody>> OptionalObject(const char* name);
    // After reading every known field: Errc::kInvalidArgument naming the first unknown one.
    Status Finish() const;

  private:
    JsonBody(std::unique_ptr<rapidjson::Document> doc, std::string prefix)
        : doc_(std::move(doc)), prefix_(std::move(prefix)) {}
    const rapidjson::Value* Find(const char* name);
    std::string Name(const char* field) const { return prefix_ + field; }

    std::unique_ptr<rapidjson::Document> doc_;
    std::string prefix_;  // "members[2]." for an object inside an array
    std::set<std::string> read_;
};

// JSON text written with RapidJSON's Writer, which does the commas, quoting and escaping. Calls
// must nest as JSON does (a key only inside an object); debug builds assert it.
class JsonOut {
  public:
    JsonOut();
    ~JsonOut();
    JsonOut(const JsonOut&) = delete;
    JsonOut& operator=(const JsonOut&) = delete;

    JsonOut& Open();
    JsonOut& Close();
    JsonOut& Field(std::string_view name, std::string_view value);
    JsonOut& Field(std::string_view name, const char* value) {
        return Field(name, std::string_view(value));
    }
    JsonOut& Field(std::string_view name, std::int64_t value);
    JsonOut& Field(std::string_view name, std::uint64_t value);
    JsonOut& Field(std::string_view name, int value) { return Field(name, std::int64_t{value}); }
    JsonOut& Field(std::string_view name, bool value);
    JsonOut& FieldRaw(std::string_view name, std::string_view json);  // already JSON
    JsonOut& Key(std::string_view name);
    JsonOut& OpenArray();
    JsonOut& OpenArray(std::string_view name);
    JsonOut& CloseArray();
    JsonOut& Item(std::string_view raw_json);  // an array element, already JSON
    JsonOut& Value(std::string_view text);     // a string array element
    std::string Take();

  private:
    struct Writer;
    std::unique_ptr<Writer> writer_;
};

// A JSON array of strings.
std::string StringArrayJson(const std::vector<std::string>& items);

}  // namespace xfl::api
