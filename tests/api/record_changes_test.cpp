// Field-level changes of a record's state, computed from the JSON its GET shows.
#include "xfl/api/core/record_changes.hpp"

#include <catch2/catch.hpp>

using xfl::api::DiffStates;
using xfl::api::FieldChange;

namespace {

std::vector<FieldChange> Diff(const std::string& before, const std::string& after) {
    auto diff = DiffStates(before, after);
    REQUIRE(diff.ok());
    return *diff;
}

}  // namespace

namespace xfl::api {
// How Catch prints a change when a check fails.
std::ostream& operator<<(std::ostream& os, const FieldChange& c) {
    return os << c.field << ": " << c.before << " -> " << c.after;
}
}  // namespace xfl::api

TEST_CASE("the first state sets every field, nested ones by path") {
    CHECK(Diff("{}", R"({"id":"h1","version":1,"address":"3组","flags":{"zero":false}})") ==
          std::vector<FieldChange>{{"address", "null", "\"3组\""},
                                   {"flags.zero", "null", "false"},
                                   {"id", "null", "\"h1\""}});
}

TEST_CASE("items of a list are paired by their id, so an insertion changes nothing else") {
    const std::string before =
        R"({"version":3,"members":[{"person_id":"p-1","phone":"1"},{"person_id":"p-2","phone":"2"}]})";
    const std::string after =
        R"({"version":4,"members":[{"person_id":"p-0","phone":"0"},{"person_id":"p-1","phone":"1"},)"
        R"({"person_id":"p-2","phone":"9"}]})";
    CHECK(Diff(before, after) ==
          std::vector<FieldChange>{{"members[p-0].person_id", "null", "\"p-0\""},
                                   {"members[p-0].phone", "null", "\"0\""},
                                   {"members[p-2].phone", "\"2\"", "\"9\""}});
}

TEST_CASE("lists of plain values change as one value, and removed fields go to null") {
    CHECK(
        Diff(R"({"skills":["电工"],"plan":"x","n":1})", R"({"skills":["电工","焊工"],"n":1.5})") ==
        std::vector<FieldChange>{{"n", "1", "1.5"},
                                 {"plan", "\"x\"", "null"},
                                 {"skills", "[\"电工\"]", "[\"电工\",\"焊工\"]"}});
    CHECK(Diff(R"({"a":[{"k":1},{"k":2}]})", R"({"a":[{"k":1},{"k":3}]})") ==
          std::vector<FieldChange>{{"a[1].k", "2", "3"}});
    CHECK(Diff(R"({"version":1,"a":1})", R"({"version":2,"a":1})").empty());
    CHECK(Diff(R"({"members":[],"skills":[]})", R"({"members":[{"id":"p"}],"skills":["a"]})") ==
          std::vector<FieldChange>{{"members[p].id", "null", "\"p\""},
                                   {"skills", "null", "[\"a\"]"}});
}

TEST_CASE("a state that is not a JSON object is an error, not an empty diff") {
    CHECK_FALSE(DiffStates("{}", "[1]").ok());
    CHECK_FALSE(DiffStates("{", "{}").ok());
}
