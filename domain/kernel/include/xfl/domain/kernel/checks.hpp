// The checks every context's decisions make of their inputs, and the errors they answer with:
// each error names the field at fault.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "xfl/domain/kernel/result.hpp"

namespace xfl::domain {

// A field of the wrong form (HTTP 400).
Error InvalidField(const std::string& field, const std::string& message);
// A well-formed field that a business rule rejects (HTTP 422).
Error RuleBroken(const std::string& field, const std::string& message);

// The first failing check of several, in order.
Status FirstFailure(std::initializer_list<Status> checks);
// Every failing check of several, in order (a sheet reports each problem of a row at once).
std::vector<Error> Failures(std::initializer_list<Status> checks);
// The first of `errors`, or success when there is none.
Status FirstOf(const std::vector<Error>& errors);
// Every item is a line of text (kernel/text.hpp); errors name "field[i]".
Status CheckLines(const std::vector<std::string>& items, const std::string& field);
// A business date that is today or earlier.
Result<std::int64_t> PastOrToday(const std::string& text, const std::string& field,
                                 std::int64_t today);
// Digits only, at most 20 (mobile and landline numbers as people write them, without spaces).
Status CheckPhone(const std::string& phone, const std::string& field);
// A required line of text of 1 to `max_bytes` bytes.
Status CheckRequiredLine(const std::string& text, const std::string& field, std::size_t max_bytes);

// The vocational qualification levels (职业技能等级) people hold and postings ask for: none,
// junior (初级工, level 5), intermediate, senior, technician, senior_technician (高级技师,
// level 1); empty when not known or not asked.
bool IsSkillLevel(std::string_view level);
inline constexpr std::string_view kSkillLevelsText =
    "one of none, junior, intermediate, senior, technician, senior_technician";

}  // namespace xfl::domain
