#include "xfl/eventstore/hash_chain.hpp"

#include <openssl/evp.h>

#include <charconv>
#include <stdexcept>

#include "byte_io.hpp"

namespace xfl::eventstore {
namespace {

using internal::PutBytes;
using internal::PutU32;
using internal::PutU64;

// Bumped only with a new canonical form; old events keep verifying under the old tag.
constexpr std::string_view kCanonicalTag = "xfl.event.v1";

void AppendCanonicalBytes(const EventEnvelope& e, std::string& out) {
    PutBytes(out, kCanonicalTag);
    PutBytes(out, e.stream_id);
    PutU64(out, e.version.value);
    PutBytes(out, e.type);
    PutU32(out, e.schema_version);
    PutBytes(out, e.command_id);
    PutBytes(out, e.actor.user_id);
    PutBytes(out, e.actor.role);
    PutBytes(out, e.actor.region);
    PutU64(out, static_cast<std::uint64_t>(e.recorded_at_us));
    PutU64(out, static_cast<std::uint64_t>(e.occurred_at_us));
    PutBytes(out, e.payload);
    out.append(reinterpret_cast<const char*>(e.prev_hash.data()), e.prev_hash.size());
}

// OpenSSL 3 looks an algorithm up on every EVP_Digest call unless it is fetched once.
const EVP_MD* Sha256Algorithm() {
    static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (md == nullptr) throw std::runtime_error("OpenSSL has no SHA256");
    return md;
}

}  // namespace

Sha256Digest ComputeEventHash(const EventEnvelope& event) {
    thread_local std::string canonical;
    canonical.clear();
    AppendCanonicalBytes(event, canonical);
    return Sha256Of(canonical);
}

Sha256Digest Sha256Of(std::string_view bytes) {
    Sha256Digest digest{};
    unsigned int size = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, Sha256Algorithm(), nullptr) !=
        1) {
        throw std::runtime_error("SHA-256 computation failed");
    }
    return digest;
}

std::string ToHex(const Sha256Digest& digest) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(digest.size() * 2);
    for (std::uint8_t b : digest) {
        hex.push_back(kDigits[b >> 4]);
        hex.push_back(kDigits[b & 0xf]);
    }
    return hex;
}

std::optional<Sha256Digest> DigestFromHex(std::string_view hex) {
    Sha256Digest out{};
    if (hex.size() != out.size() * 2) return std::nullopt;
    for (std::size_t i = 0; i < out.size(); ++i) {
        auto [end, ec] = std::from_chars(hex.data() + 2 * i, hex.data() + 2 * i + 2, out[i], 16);
        if (ec != std::errc() || end != hex.data() + 2 * i + 2) return std::nullopt;
    }
    return out;
}

}  // namespace xfl::eventstore
