// Event payloads as JSON written by cereal with named fields at the top level, e.g.
// {"person_id": "p-1", "status": "unemployed"}: readable by any Kafka or JSON tool.
// A payload type T has `template <class A> void serialize(A&)` listing CEREAL_NVP fields.
#pragma once

#include <cereal/archives/json.hpp>
#include <sstream>
#include <streambuf>
#include <string>
#include <string_view>
#include <type_traits>

#include "xfl/domain/kernel/result.hpp"

namespace xfl::domain {

namespace internal {
// An istream buffer over existing bytes, so decoding does not copy the payload first.
class ViewBuffer : public std::streambuf {
  public:
    explicit ViewBuffer(std::string_view bytes) {
        char* begin = const_cast<char*>(bytes.data());
        setg(begin, begin, begin + bytes.size());
    }
};
}  // namespace internal

// A field added to an event type after events of it were stored: written always, read when the
// payload has it (list it last in serialize, after the fields every version has).
template <class Archive, class T>
void OptionalField(Archive& ar, const char* name, T& value) {
    if constexpr (std::is_same_v<Archive, cereal::JSONInputArchive>) {
        const char* next = ar.getNodeName();
        if (next == nullptr || std::string_view(next) != name) return;
    }
    ar(cereal::make_nvp(name, value));
}

template <class T>
std::string ToJsonPayload(const T& value) {
    std::ostringstream out;
    {
        cereal::JSONOutputArchive archive(out, cereal::JSONOutputArchive::Options::NoIndent());
        const_cast<T&>(value).serialize(archive);  // serialize() only reads when saving
    }
    return out.str();
}

// Errc::kDataLoss when the JSON is not a T (a field missing or of the wrong type).
template <class T>
Result<T> FromJsonPayload(std::string_view json) {
    internal::ViewBuffer buffer(json);
    std::istream in(&buffer);
    try {
        cereal::JSONInputArchive archive(in);
        T value{};
        value.serialize(archive);
        return value;
    } catch (const std::exception& e) {
        return Error::Make(Errc::kDataLoss, std::string("payload does not decode: ") + e.what());
    }
}

}  // namespace xfl::domain

// The cereal `serialize` of an event or a value inside one: its fields by name, in order
// (XFL_FIELDS(CEREAL_NVP(a), CEREAL_NVP(b))). A field added later reads with OptionalField.
#define XFL_FIELDS(...)     \
    template <class A>      \
    void serialize(A& ar) { \
        ar(__VA_ARGS__);    \
    }
