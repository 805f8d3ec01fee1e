#include "xfl/domain/kernel/result.hpp"

namespace xfl {

std::string_view ErrcName(Errc code) {
    switch (code) {
        case Errc::kInvalidArgument:
            return "invalid_argument";
        case Errc::kUnsupportedMedia:
            return "unsupported_media_type";
        case Errc::kRuleViolated:
            return "rule_violated";
        case Errc::kNotFound:
            return "not_found";
        case Errc::kAlreadyExists:
            return "already_exists";
        case Errc::kConflict:
            return "conflict";
        case Errc::kUnauthenticated:
            return "unauthenticated";
        case Errc::kPermissionDenied:
            return "permission_denied";
        case Errc::kUnavailable:
            return "unavailable";
        case Errc::kDataLoss:
            return "data_loss";
        case Errc::kBusy:
            return "busy";
        case Errc::kRateLimited:
            return "rate_limited";
        case Errc::kMisdirected:
            return "misdirected";
        case Errc::kMethodNotAllowed:
            return "method_not_allowed";
        case Errc::kTooLarge:
            return "payload_too_large";
        case Errc::kInternal:
            return "internal";
    }
    return "internal";
}

}  // namespace xfl
