#include "xfl/domain/kernel/checks.hpp"

#include <algorithm>

#include "xfl/domain/kernel/text.hpp"
#include "xfl/domain/kernel/time.hpp"

namespace xfl::domain {

Error InvalidField(const std::string& field, const std::string& message) {
    return Error::Make(Errc::kInvalidArgument, field + ": " + message, field);
}

Error RuleBroken(const std::string& field, const std::string& message) {
    return Error::Make(Errc::kRuleViolated, field + ": " + message, field);
}

Status FirstFailure(std::initializer_list<Status> checks) {
    for (const Status& s : checks) {
        if (!s.ok()) return s;
    }
    return {};
}

std::vector<Error> Failures(std::initializer_list<Status> checks) {
    std::vector<Error> failed;
    for (const Status& s : checks) {
        if (!s.ok()) failed.push_back(s.error());
    }
    return failed;
}

Status FirstOf(const std::vector<Error>& errors) {
    if (errors.empty()) return {};
    return errors.front();
}

Status CheckLines(const std::vector<std::string>& items, const std::string& field) {
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (Status s = CheckText(items[i], field + "[" + std::to_string(i) + "]"); !s.ok()) {
            return s;
        }
    }
    return {};
}

Result<std::int64_t> PastOrToday(const std::string& text, const std::string& field,
                                 std::int64_t today) {
    auto day = ParseDate(text, field);
    if (!day.ok()) return day;
    if (*day > today) return RuleBroken(field, "is in the future");
    return day;
}

Status CheckPhone(const std::string& phone, const std::string& field) {
    if (phone.size() > 20 ||
        !std::all_of(phone.begin(), phone.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return InvalidField(field, "digits only, at most 20");
    }
    return {};
}

Status CheckRequiredLine(const std::string& text, const std::string& field, std::size_t max_bytes) {
    if (text.empty() || text.size() > max_bytes) {
        return InvalidField(field, "1 to " + std::to_string(max_bytes) + " bytes");
    }
    return CheckText(text, field);
}

bool IsSkillLevel(std::string_view level) {
    for (std::string_view known :
         {"", "none", "junior", "intermediate", "senior", "technician", "senior_technician"}) {
        if (level == known) return true;
    }
    return false;
}

}  // namespace xfl::domain
