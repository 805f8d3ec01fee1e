// Reads one field of a JSON reply in tests: the first "name": value, strings unquoted.
#pragma once

#include <string>

namespace xfl::testing {

inline std::string Field(const std::string& json, const std::string& name) {
    const std::string key = "\"" + name + "\":";
    auto at = json.find(key);
    if (at == std::string::npos) return {};
    at += key.size();
    if (json[at] == '"') return json.substr(at + 1, json.find('"', at + 1) - at - 1);
    return json.substr(at, json.find_first_of(",}]", at) - at);
}

}  // namespace xfl::testing
