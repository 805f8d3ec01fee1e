#include "xfl/api/core/credentials.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace xfl::api {
namespace {

std::string Hex(const unsigned char* data, std::size_t size) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out.push_back(kDigits[data[i] >> 4]);
        out.push_back(kDigits[data[i] & 0xf]);
    }
    return out;
}

bool Unhex(std::string_view hex, std::vector<unsigned char>& out) {
    if (hex.size() % 2 != 0) return false;
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    out.clear();
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
        if (hi < 0 || lo < 0) return false;
        out.push_back(static_cast<unsigned char>(hi * 16 + lo));
    }
    return true;
}

std::vector<unsigned char> RandomBytes(std::size_t n) {
    std::vector<unsigned char> bytes(n);
    if (RAND_bytes(bytes.data(), static_cast<int>(n)) != 1) {
        throw std::runtime_error("OpenSSL could not produce random bytes");
    }
    return bytes;
}

std::vector<unsigned char> Pbkdf2(std::string_view password, const std::vector<unsigned char>& salt,
                                  int iterations) {
    std::vector<unsigned char> key(32);
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(),
                          static_cast<int>(salt.size()), iterations, EVP_sha256(),
                          static_cast<int>(key.size()), key.data()) != 1) {
        throw std::runtime_error("PBKDF2 failed");
    }
    return key;
}

}  // namespace

std::string HashPassword(std::string_view password, int iterations) {
    const auto salt = RandomBytes(16);
    const auto key = Pbkdf2(password, salt, iterations);
    return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + Hex(salt.data(), salt.size()) +
           "$" + Hex(key.data(), key.size());
}

bool VerifyPassword(std::string_view password, std::string_view stored) {
    constexpr std::string_view kScheme = "pbkdf2-sha256$";
    if (!stored.starts_with(kScheme)) return false;
    stored.remove_prefix(kScheme.size());
    const std::size_t a = stored.find('$');
    const std::size_t b = stored.find('$', a == std::string_view::npos ? a : a + 1);
    if (a == std::string_view::npos || b == std::string_view::npos) return false;
    int iterations = 0;
    try {
        iterations = std::stoi(std::string(stored.substr(0, a)));
    } catch (const std::exception&) {
        return false;
    }
    std::vector<unsigned char> salt, expected;
    if (iterations < 1 || !Unhex(stored.substr(a + 1, b - a - 1), salt) ||
        !Unhex(stored.substr(b + 1), expected) || expected.size() != 32) {
        return false;
    }
    const auto key = Pbkdf2(password, salt, iterations);
    return CRYPTO_memcmp(key.data(), expected.data(), key.size()) == 0;
}

std::string RandomHex(std::size_t bytes) {
    const auto random = RandomBytes(bytes);
    return Hex(random.data(), random.size());
}

std::string NewPassword() {
    static constexpr std::string_view kAlphabet =
        "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    std::string password;
    while (password.size() < 20) {
        for (unsigned char byte : RandomBytes(32)) {
            // Rejection sampling keeps every character equally likely.
            if (byte < kAlphabet.size() * 4 && password.size() < 20) {
                password.push_back(kAlphabet[byte % kAlphabet.size()]);
            }
        }
    }
    return password;
}

std::string NewSessionToken() { return RandomHex(32); }

std::string Sha256Hex(std::string_view bytes) {
    unsigned char digest[32];
    unsigned int size = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr);
    return Hex(digest, size);
}

std::string TokenDigest(std::string_view token) { return Sha256Hex(token); }

}  // namespace xfl::api
