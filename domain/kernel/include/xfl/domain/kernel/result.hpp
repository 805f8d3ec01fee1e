// Result<T>: the value of an operation that can fail in an expected way, shaped like C++23's
// std::expected (g++ 12 has none in C++20). Expected failures are values; broken assumptions throw.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace xfl {

// Canonical error codes shared by every module; api/ maps each to one HTTP status in one table.
// Persisted nowhere, so the numbering is free to change.
enum class Errc {
    kInvalidArgument,   // malformed input: a field has the wrong form
    kUnsupportedMedia,  // the body is not in a format this endpoint reads
    kRuleViolated,      // well-formed input that a business rule rejects
    kNotFound,
    kAlreadyExists,
    kConflict,  // stale expected version; Error::current_version says the current one
    kUnauthenticated,
    kPermissionDenied,
    kUnavailable,       // the log or a dependency cannot serve now; retrying may succeed
    kDataLoss,          // stored data is corrupt, altered or missing
    kBusy,              // a resource (data directory) is held by someone else
    kMisdirected,       // another node writes this stream (Kafka log); the message names it
    kRateLimited,       // too many attempts; retry later
    kMethodNotAllowed,  // the resource exists but does not take this operation
    kTooLarge,          // the request (body, line, headers) is over the limit
    kInternal,
};

std::string_view ErrcName(Errc code);

struct Error {
    Errc code = Errc::kInternal;
    std::string message;  // for people: what was wrong and, where possible, how to fix it
    std::string field;    // the input field at fault, empty when none applies
    std::optional<std::uint64_t> current_version;     // set with kConflict
    std::optional<std::int64_t> retry_after_seconds;  // may be set with kRateLimited

    static Error Make(Errc code, std::string message, std::string field = {}) {
        return Error{code, std::move(message), std::move(field), std::nullopt, std::nullopt};
    }
};

// Thrown by Result::value() on an error; reaching it is a programming error at the call site.
class BadResultAccess : public std::logic_error {
  public:
    explicit BadResultAccess(const Error& error)
        : std::logic_error("value() on an error result: " + error.message) {}
};

template <class T>
class [[nodiscard]] Result {
  public:
    Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit like std::expected
    Result(Error error) : state_(std::move(error)) {}  // NOLINT

    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & {
        CheckOk();
        return std::get<0>(state_);
    }
    const T& value() const& {
        CheckOk();
        return std::get<0>(state_);
    }
    T&& value() && {
        CheckOk();
        return std::get<0>(std::move(state_));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const& { return std::get<1>(state_); }
    Error&& error() && { return std::get<1>(std::move(state_)); }

  private:
    void CheckOk() const {
        if (!ok()) throw BadResultAccess(std::get<1>(state_));
    }
    std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Error error) : error_(std::move(error)) {}  // NOLINT

    bool ok() const { return !error_.has_value(); }
    explicit operator bool() const { return ok(); }
    void value() const {
        if (error_) throw BadResultAccess(*error_);
    }
    const Error& error() const& { return *error_; }
    Error&& error() && { return std::move(*error_); }

  private:
    std::optional<Error> error_;
};

using Status = Result<void>;

}  // namespace xfl
