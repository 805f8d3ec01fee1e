#include "xfl/api/core/records.hpp"

namespace xfl::api {

Status CheckRecordId(const std::string& id, std::string_view field) {
    if (id.empty() || id.size() > 64) {
        return Error::Make(Errc::kInvalidArgument, std::string(field) + ": bad id",
                           std::string(field));
    }
    return {};
}

Error RecordMissing(const RequestContext& ctx, std::optional<std::int64_t> as_of,
                    const std::string& what, const std::function<Status()>& exists_now) {
    if (as_of) {
        if (Status now = exists_now(); !now.ok()) return std::move(now).error();
        return Error::Make(Errc::kNotFound, "the " + what + " did not exist then", "as_of");
    }
    return MissingOrHidden(ctx, ctx.roles, what);
}

}  // namespace xfl::api
