// Reads one field of a JSON reply in tests: the first "name": value, strings unquoted.
#pragma once

#include <string>
#include <vector>

namespace xfl::testing {

inline std::string Field(const std::string& json, const std::string& name) {
    const std::string key = "\"" + name + "\":";
    auto at = json.find(key);
    if (at == std::string::npos) return {};
    at += key.size();
    if (json[at] == '"') return json.substr(at + 1, json.find('"', at + 1) - at - 1);
    return json.substr(at, json.find_first_of(",}]", at) - at);
}

// The first "name": [...] array of strings (no escaped quotes inside).
inline std::vector<std::string> FieldArray(const std::string& json, const std::string& name) {
    const std::string key = "\"" + name + "\":[";
    std::vector<std::string> items;
    auto at = json.find(key);
    if (at == std::string::npos) return items;
    at += key.size();
    while (at < json.size() && json[at] == '"') {
        const auto end = json.find('"', at + 1);
        items.push_back(json.substr(at + 1, end - at - 1));
        at = end + 1;
        if (json[at] == ',') ++at;
    }
    return items;
}

}  // namespace xfl::testing
