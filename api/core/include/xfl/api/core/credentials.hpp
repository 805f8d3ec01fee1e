// Password hashing and session tokens, with OpenSSL.
#pragma once

#include <string>
#include <string_view>

namespace xfl::api {

// OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.
constexpr int kDefaultPbkdf2Iterations = 600'000;

// "pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>" with a fresh random 16-byte salt.
std::string HashPassword(std::string_view password, int iterations);
// Recomputes with the stored salt and iterations; constant-time comparison.
bool VerifyPassword(std::string_view password, std::string_view stored);

// `bytes` random bytes as hex, from OpenSSL's CSPRNG.
std::string RandomHex(std::size_t bytes);
// A random password for a new account: 20 letters and digits.
std::string NewPassword();
// 32 random bytes as 64 hex characters.
std::string NewSessionToken();
std::string Sha256Hex(std::string_view bytes);
// What is stored for a token: its SHA-256 in hex (a stolen table gives no usable token).
std::string TokenDigest(std::string_view token);

}  // namespace xfl::api
