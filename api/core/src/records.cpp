#include "xfl/api/core/records.hpp"

namespace xfl::api {

Status CheckRecordId(const std::string& id, std::string_view field) {
    if (id.empty() || id.size() > 64) {
        return Error::Make(Errc::kInvalidArgument, std::string(field) + ": bad id",
                           std::string(field));
    }
    return {};
}

Error DidNotExistThen(const Vantage& vantage, const std::string& what) {
    return Error::Make(Errc::kNotFound, "the " + what + " did not exist then",
                       vantage.valid_on ? "valid_on" : "as_of");
}

Error RecordMissing(const RequestContext& ctx, const Vantage& vantage, const std::string& what,
                    const std::function<Status()>& exists_now) {
    if (vantage.as_of || vantage.valid_on) {
        if (Status now = exists_now(); !now.ok()) return std::move(now).error();
        return DidNotExistThen(vantage, what);
    }
    return MissingOrHidden(ctx, ctx.roles, what);
}

}  // namespace xfl::api
