#include "xfl/api/core/imports.hpp"

#include "xfl/api/core/text_encoding.hpp"
#include "xfl/projections/identity/accounts.hpp"

namespace xfl::api {

Result<SheetUpload> ReadSheetUpload(const RequestContext& ctx) {
    auto type = ctx.request.Header("content-type");
    if (!type || !type->starts_with("text/csv")) {
        return Error::Make(Errc::kUnsupportedMedia, "Content-Type must be text/csv",
                           "Content-Type");
    }
    std::optional<std::string> encoding;
    if (const auto at = type->find("charset="); at != std::string::npos) {
        std::string charset = type->substr(at + 8);
        charset = charset.substr(0, charset.find(';'));
        std::erase(charset, '"');
        std::erase(charset, ' ');
        encoding = SheetEncoding(charset);
        if (!encoding) {
            return Error::Make(Errc::kUnsupportedMedia,
                               "Content-Type: charset " + charset +
                                   " is not read here; send UTF-8 or GB18030 (GBK)",
                               "Content-Type");
        }
    }
    XFL_TRY(dry_run, ctx.BoolQuery("dry_run", false));
    XFL_TRY(text, DecodeSheetText(ctx.request.body, encoding, "body"));
    return SheetUpload{std::move(text.utf8), std::move(text.encoding), dry_run};
}

HttpResponse SheetTemplate(std::string_view csv, const std::string& filename) {
    HttpResponse r = JsonResponse(200, std::string(csv));
    r.content_type = "text/csv; charset=utf-8";
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
    return r;
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

std::string SheetImportJson(std::string_view what, std::string_view encoding, bool dry_run,
                            bool checked_ok, const std::vector<SheetFigure>& figures,
                            const std::vector<domain::SheetError>& errors) {
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
    out.Field("encoding", encoding).Field("dry_run", dry_run);
    for (const SheetFigure& figure : figures) {
        out.Field(figure.name, static_cast<std::uint64_t>(figure.value));
    }
    out.OpenArray("errors");
    for (const auto& e : errors) {
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
