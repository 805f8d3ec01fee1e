// Sheet uploads (survey ledgers, employer and posting lists; README "Bulk import"): what every
// import route and `xingfuli import` share: the request, the template download, the account a
// command-line import is recorded under, and the errors in the answer.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xfl/api/core/export.hpp"
#include "xfl/api/core/json_body.hpp"
#include "xfl/api/core/service.hpp"
#include "xfl/api/core/sheet_rows.hpp"
#include "xfl/domain/kernel/sheet.hpp"

namespace xfl::api {

// How a sheet was read: CSV text in "utf-8" or "gb18030", or an "xlsx" workbook's worksheet.
struct SheetSource {
    std::string format = "csv";
    std::string encoding = "utf-8";
    std::string sheet;  // the worksheet read, for an .xlsx
};
struct SheetFile {
    SheetSource source;
    std::vector<domain::SheetRecord> records;
};
enum class SheetFormat { kDetect, kCsv, kXlsx };

// `bytes` as a sheet's records. kDetect: a zip archive is an .xlsx workbook, anything else CSV.
// A workbook's worksheet is `sheet`, else its first (xlsx.hpp); CSV text is decoded from
// `encoding` ("utf-8" or "gb18030"), else detected (text_encoding.hpp), and may not name a
// sheet. Errc::kInvalidArgument naming `field` (or "sheet") otherwise.
Result<SheetFile> ReadSheetFile(std::string_view bytes, SheetFormat format,
                                std::optional<std::string> encoding, std::string_view sheet,
                                const std::string& field);

// The sheet file at `path` read as a stream, for sheets too large to hold (a county's ledger):
// read as ReadSheetFile reads the same bytes (kDetect: told by the file's first bytes).
struct StreamedSheet {
    SheetSource source;
    std::unique_ptr<SheetRows> rows;
};
Result<StreamedSheet> OpenSheetFile(const std::filesystem::path& path, SheetFormat format,
                                    std::optional<std::string> encoding, std::string_view sheet,
                                    const std::string& field);

struct SheetUpload {
    SheetFile file;
    bool dry_run = false;
};
// The request's sheet and ?dry_run=true|false (default false). The body is CSV (Content-Type
// text/csv, its charset= when given: UTF-8 or GB18030/GBK/GB2312, else 415; otherwise detected)
// or an .xlsx workbook (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet), or a
// browser form (multipart/form-data) whose field "file" holds either; ?sheet= (or the form's
// field "sheet") names a workbook's worksheet. Other types: 415.
Result<SheetUpload> ReadSheetUpload(const RequestContext& ctx);
// The same sheet read as a stream (OpenSheetFile) from a temporary copy, for sheets as large as
// a county's ledger: the request's body is all that is held whole.
struct StreamedUpload {
    StreamedSheet sheet;
    bool dry_run = false;
};
Result<StreamedUpload> StreamSheetUpload(const RequestContext& ctx);

// A template to start a sheet from (its columns and an example row) as a download named
// `file_stem`: CSV unless ?format=xlsx, headings in Chinese unless ?headings=en.
Result<HttpResponse> SheetTemplate(const RequestContext& ctx, const ExportTable& table,
                                   const std::string& file_stem);

// The account `username` as a caller holding `roles` somewhere: Errc::kNotFound for an unknown
// or disabled account, kPermissionDenied when it holds none of them.
Result<Principal> ImportingAccount(Services& services, const std::string& username,
                                   const RoleSet& roles);

// What an import answers: an "error" object (with errors only; `what` names the sheet), the
// "format" and "encoding" the file was read as (and its "sheet", for a workbook), "dry_run", the
// import's figures by name, the sheet's own columns it kept ("kept_columns", when any) and the
// "errors" list, line by line. `checked_ok`: the whole sheet
// passed the checks, so what failed later failed alone.
struct SheetFigure {
    std::string_view name;
    std::size_t value = 0;
};
std::string SheetImportJson(std::string_view what, const SheetSource& source, bool dry_run,
                            bool checked_ok, const std::vector<SheetFigure>& figures,
                            const std::vector<domain::SheetError>& errors,
                            const std::vector<std::string>& kept_columns = {});

}  // namespace xfl::api
