#include "xfl/api/core/imports.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <utility>

#include "large_stack.hpp"
#include "unnamed_file.hpp"
#include "xfl/api/core/csv_file.hpp"
#include "xfl/api/core/text_encoding.hpp"
#include "xfl/api/core/xlsx.hpp"
#include "xfl/projections/identity/accounts.hpp"

namespace xfl::api {

namespace {

constexpr std::string_view kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// The charset= of a Content-Type: nullopt when absent; 415 for one not read here.
Result<std::optional<std::string>> Charset(const std::string& type) {
    const auto at = type.find("charset=");
    if (at == std::string::npos) return std::optional<std::string>();
    std::string charset = type.substr(at + 8);
    charset = charset.substr(0, charset.find(';'));
    std::erase(charset, '"');
    std::erase(charset, ' ');
    auto encoding = SheetEncoding(charset);
    if (!encoding) {
        return Error::Make(
            Errc::kUnsupportedMedia,
            "Content-Type: charset " + charset + " is not read here; send UTF-8 or GB18030 (GBK)",
            "Content-Type");
    }
    return encoding;
}

constexpr std::string_view kZipSignature = "PK\x03\x04";

// The sheet a request sends: its bytes, how they are read, and the field they came in.
struct SentSheet {
    std::string_view bytes;
    SheetFormat format = SheetFormat::kDetect;
    std::optional<std::string> encoding;
    std::string sheet;
    std::string field;
    bool dry_run = false;
};

Result<SentSheet> SentSheetOf(const RequestContext& ctx) {
    XFL_TRY(dry_run, ctx.BoolQuery("dry_run", false));
    std::string sheet = ctx.Query("sheet").value_or("");
    const std::string type = ctx.request.Header("content-type").value_or("");
    if (type.starts_with("multipart/form-data")) {
        const FormField* file = nullptr;
        for (const FormField& f : ctx.request.form) {
            if (f.name == "file") file = &f;
            if (f.name == "sheet" && sheet.empty()) sheet = f.value;
        }
        if (file == nullptr) {
            return Error::Make(Errc::kInvalidArgument,
                               "file: the form has no field \"file\" holding the sheet", "file");
        }
        return SentSheet{file->value, SheetFormat::kDetect, std::nullopt, sheet, "file", dry_run};
    }
    if (type.starts_with(kXlsxType)) {
        return SentSheet{ctx.request.body, SheetFormat::kXlsx, std::nullopt, sheet, "body",
                         dry_run};
    }
    if (!type.starts_with("text/csv")) {
        return Error::Make(
            Errc::kUnsupportedMedia,
            "Content-Type must be text/csv, " + std::string(kXlsxType) + " or multipart/form-data",
            "Content-Type");
    }
    XFL_TRY(charset, Charset(type));
    return SentSheet{ctx.request.body, SheetFormat::kCsv, std::move(charset), sheet, "body",
                     dry_run};
}

// A sheet sent in a request, copied to an unnamed file of its own for the streamed readers,
// which open it through this process's descriptor (/proc/self/fd/N): its bytes go when the
// last of them closes it, so a server killed mid-import leaves nothing behind.
class TemporaryCopy {
  public:
    static Result<TemporaryCopy> Of(std::string_view bytes, const std::string& field) {
        TemporaryCopy copy(OpenUnnamedFile("xingfuli-sheet-"));
        if (copy.fd_ < 0 || !WriteAll(copy.fd_, bytes)) return CopyFailed(field);
        return copy;
    }
    TemporaryCopy(TemporaryCopy&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    TemporaryCopy& operator=(TemporaryCopy&&) = delete;
    ~TemporaryCopy() {
        if (fd_ >= 0) ::close(fd_);
    }
    // Good while this copy lives; what is opened through it stays open after.
    std::filesystem::path path() const { return "/proc/self/fd/" + std::to_string(fd_); }

  private:
    explicit TemporaryCopy(int fd) : fd_(fd) {}
    static Error CopyFailed(const std::string& field) {
        return Error::Make(Errc::kInternal,
                           field + ": the sheet could not be written to a temporary file", field);
    }
    static bool WriteAll(int fd, std::string_view bytes) {
        while (!bytes.empty()) {
            const ssize_t n = ::write(fd, bytes.data(), bytes.size());
            if (n <= 0) return false;
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }
    int fd_;
};

Error OnlyWorkbooksHaveSheets() {
    return Error::Make(Errc::kInvalidArgument,
                       "sheet: only an .xlsx workbook has sheets; this file is CSV", "sheet");
}

}  // namespace

Result<SheetFile> ReadSheetFile(std::string_view bytes, SheetFormat format,
                                std::optional<std::string> encoding, std::string_view sheet,
                                const std::string& field) {
    if (format == SheetFormat::kDetect) {
        format = bytes.starts_with(kZipSignature) ? SheetFormat::kXlsx : SheetFormat::kCsv;
    }
    if (format == SheetFormat::kXlsx) {
        XFL_TRY(workbook, OnLargeStack([&] { return ReadXlsxSheet(bytes, sheet, field); }));
        return SheetFile{{"xlsx", "utf-8", std::move(workbook.name)}, std::move(workbook.records)};
    }
    if (!sheet.empty()) return OnlyWorkbooksHaveSheets();
    XFL_TRY(text, DecodeSheetText(bytes, std::move(encoding), field));
    return SheetFile{{"csv", std::move(text.encoding), ""}, domain::SplitCsv(text.utf8)};
}

Result<StreamedSheet> OpenSheetFile(const std::filesystem::path& path, SheetFormat format,
                                    std::optional<std::string> encoding, std::string_view sheet,
                                    const std::string& field) {
    if (format == SheetFormat::kDetect) {
        std::array<char, kZipSignature.size()> head{};
        std::ifstream(path, std::ios::binary).read(head.data(), head.size());
        const bool zip = std::string_view(head.data(), head.size()) == kZipSignature;
        format = zip ? SheetFormat::kXlsx : SheetFormat::kCsv;
    }
    if (format == SheetFormat::kXlsx) {
        XFL_TRY(workbook, OnLargeStack([&] { return XlsxFile::Open(path, sheet, field); }));
        SheetSource source{"xlsx", "utf-8", workbook.sheet()};
        return StreamedSheet{std::move(source), std::make_unique<XlsxFile>(std::move(workbook))};
    }
    if (!sheet.empty()) return OnlyWorkbooksHaveSheets();
    XFL_TRY(csv, CsvFile::Open(path, std::move(encoding), field));
    SheetSource source{"csv", csv.encoding(), ""};
    return StreamedSheet{std::move(source), std::make_unique<CsvFile>(std::move(csv))};
}

Result<SheetUpload> ReadSheetUpload(const RequestContext& ctx) {
    XFL_TRY(sent, SentSheetOf(ctx));
    XFL_TRY(read, ReadSheetFile(sent.bytes, sent.format, sent.encoding, sent.sheet, sent.field));
    return SheetUpload{std::move(read), sent.dry_run};
}

Result<StreamedUpload> StreamSheetUpload(const RequestContext& ctx) {
    XFL_TRY(sent, SentSheetOf(ctx));
    XFL_TRY(copy, TemporaryCopy::Of(sent.bytes, sent.field));
    XFL_TRY(streamed,
            OpenSheetFile(copy.path(), sent.format, sent.encoding, sent.sheet, sent.field));
    return StreamedUpload{std::move(streamed), sent.dry_run};
}

Result<HttpResponse> SheetTemplate(const RequestContext& ctx, const ExportTable& table,
                                   const std::string& file_stem) {
    XFL_TRY(options, ReadExportOptions(ctx));
    // A template is a file to fill in: CSV unless a workbook is asked for, never JSON.
    if (options.format == ExportFormat::kJson) {
        if (ctx.Query("format")) {
            return Error::Make(Errc::kInvalidArgument, "format: csv or xlsx", "format");
        }
        options.format = ExportFormat::kCsv;
    }
    return ExportResponse(table, options, file_stem);
}

Result<Principal> ImportingAccount(Services& services, const std::string& username,
                                   const RoleSet& roles) {
    auto account =
        projections::FindAccount(*services.store.View(projections::kAccountDirectory), username);
    if (!account || account->disabled) {
        return Error::Make(Errc::kNotFound, "no active account " + username, "as");
    }
    Principal caller{account->username, account->grants, ""};
    if (caller.Scopes(roles).empty()) {
        return Error::Make(Errc::kPermissionDenied,
                           username + " is neither a caseworker nor an admin", "as");
    }
    return caller;
}

std::string SheetImportJson(std::string_view what, const SheetSource& source, bool dry_run,
                            bool checked_ok, const std::vector<SheetFigure>& figures,
                            const std::vector<domain::SheetError>& errors,
                            const std::vector<std::string>& kept_columns) {
    JsonOut out;
    out.Open();
    if (!errors.empty()) {
        const std::string outcome =
            dry_run      ? ""
            : checked_ok ? "; the other rows were imported and importing the file again is safe"
                         : "; nothing was imported";
        out.FieldRaw("error",
                     JsonOut()
                         .Open()
                         .Field("code", "rule_violated")
                         .Field("message", std::to_string(errors.size()) + " problem(s) in the " +
                                               std::string(what) + outcome)
                         .Field("field", "rows")
                         .Close()
                         .Take());
    }
    out.Field("format", source.format).Field("encoding", source.encoding);
    if (!source.sheet.empty()) out.Field("sheet", source.sheet);
    out.Field("dry_run", dry_run);
    for (const SheetFigure& figure : figures) {
        out.Field(figure.name, static_cast<std::uint64_t>(figure.value));
    }
    if (!kept_columns.empty()) {
        out.OpenArray("kept_columns");
        for (const auto& column : kept_columns) out.Value(column);
        out.CloseArray();
    }
    // In line order, whichever check found them (the file's shape, a row's cells, the register).
    std::vector<domain::SheetError> in_order = errors;
    std::stable_sort(in_order.begin(), in_order.end(),
                     [](const auto& a, const auto& b) { return a.line < b.line; });
    out.OpenArray("errors");
    for (const auto& e : in_order) {
        out.Item(JsonOut()
                     .Open()
                     .Field("line", static_cast<std::uint64_t>(e.line))
                     .Field("field", e.field)
                     .Field("message", e.message)
                     .Close()
                     .Take());
    }
    return out.CloseArray().Close().Take();
}

}  // namespace xfl::api
