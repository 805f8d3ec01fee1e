// CSV output for exports that open in spreadsheets.
#pragma once

#include <string>
#include <string_view>

namespace xfl::api {

// One text cell: quoted when it holds a comma, quote or line break; a leading = + - @ (or tab,
// carriage return) is prefixed with ' so a spreadsheet shows it as text instead of running it
// as a formula (CSV injection).
std::string CsvText(std::string_view text);

}  // namespace xfl::api
