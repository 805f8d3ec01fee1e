// The OpenAPI document of the source tree (api/data/openapi.json), parsed.
#pragma once

#include <rapidjson/document.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

namespace xfl::testing {

inline rapidjson::Document OpenApiDocument() {
    std::ifstream in(XFL_OPENAPI_JSON);
    std::stringstream text;
    text << in.rdbuf();
    rapidjson::Document doc;
    doc.Parse(text.str().c_str(), text.str().size());
    REQUIRE(doc.IsObject());
    return doc;
}

}  // namespace xfl::testing
