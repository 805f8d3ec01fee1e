// Sheet uploads (survey ledgers, employer and posting lists; README "Bulk import"): what every
// import route and `xingfuli import` share: the request, the template download, the account a
// command-line import is recorded under, and the errors in the answer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "xfl/api/core/json_body.hpp"
#include "xfl/api/core/service.hpp"
#include "xfl/domain/kernel/sheet.hpp"

namespace xfl::api {

struct SheetUpload {
    std::string csv;       // UTF-8
    std::string encoding;  // what the body was read as (text_encoding.hpp)
    bool dry_run = false;
};
// The body as CSV (Content-Type text/csv, else 415; its charset= when given: UTF-8 or
// GB18030/GBK/GB2312, else 415; otherwise detected), decoded to UTF-8 (bytes that are not
// text: 400 naming the line), and ?dry_run=true|false (default false).
Result<SheetUpload> ReadSheetUpload(const RequestContext& ctx);

// A template to start a sheet from, as a CSV download named `filename`.
HttpResponse SheetTemplate(std::string_view csv, const std::string& filename);

// The account `username` as a caller holding `roles` somewhere: Errc::kNotFound for an unknown
// or disabled account, kPermissionDenied when it holds none of them.
Result<Principal> ImportingAccount(Services& services, const std::string& username,
                                   const RoleSet& roles);

// What an import answers: an "error" object (with errors only; `what` names the sheet), the
// "encoding" the file was read as, "dry_run", the import's figures by name and the "errors" list,
// line by line. `checked_ok`: the whole sheet passed the checks, so what failed later failed alone.
struct SheetFigure {
    std::string_view name;
    std::size_t value = 0;
};
std::string SheetImportJson(std::string_view what, std::string_view encoding, bool dry_run,
                            bool checked_ok, const std::vector<SheetFigure>& figures,
                            const std::vector<domain::SheetError>& errors);

}  // namespace xfl::api
