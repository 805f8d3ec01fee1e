#include "xfl/eventstore/signed_head.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <stdexcept>

#include "byte_io.hpp"
#include "xfl/domain/kernel/time.hpp"
#include "xfl/eventstore/hash_chain.hpp"
#include "xfl/eventstore/merkle.hpp"

namespace xfl::eventstore {
namespace {

using internal::PutBytes;
using internal::PutU64;

struct PkeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
struct MdCtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

std::string Hex(const unsigned char* data, std::size_t size) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    for (std::size_t i = 0; i < size; ++i) {
        hex.push_back(kDigits[data[i] >> 4]);
        hex.push_back(kDigits[data[i] & 0xf]);
    }
    return hex;
}

std::optional<std::string> Unhex(std::string_view hex) {
    if (hex.size() % 2 != 0) return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        int value = 0;
        for (char c : hex.substr(i, 2)) {
            const int digit = c >= '0' && c <= '9'   ? c - '0'
                              : c >= 'a' && c <= 'f' ? c - 'a' + 10
                              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                     : -1;
            if (digit < 0) return std::nullopt;
            value = value * 16 + digit;
        }
        out.push_back(static_cast<char>(value));
    }
    return out;
}

// What the signature covers.
std::string SignedBytes(const SignedHead& h) {
    std::string out;
    PutBytes(out,
             h.head.format == DigestFormat::kFlat ? "xfl.signed-head.v1" : "xfl.signed-head.v2");
    PutU64(out, h.head.position.value);
    PutU64(out, static_cast<std::uint64_t>(h.head.taken_at_us));
    PutU64(out, h.head.streams);
    out.append(reinterpret_cast<const char*>(h.head.digest.data()), h.head.digest.size());
    return out;
}

std::string KeyId(EVP_PKEY* key) {
    unsigned char* der = nullptr;
    const int size = i2d_PUBKEY(key, &der);
    if (size <= 0) throw std::runtime_error("cannot encode a public key");
    const Sha256Digest digest = Sha256Of(
        std::string_view(reinterpret_cast<const char*>(der), static_cast<std::size_t>(size)));
    OPENSSL_free(der);
    return ToHex(digest).substr(0, 16);
}

Error Invalid(const std::string& field, const std::string& what) {
    return Error::Make(Errc::kInvalidArgument, "signed head: " + field + " " + what, field);
}

Result<SignedHead> FromValue(const rapidjson::Value& v) {
    if (!v.IsObject()) return Invalid("head", "must be a JSON object");
    auto text = [&](const char* name) -> std::optional<std::string> {
        auto it = v.FindMember(name);
        if (it == v.MemberEnd() || !it->value.IsString()) return std::nullopt;
        return std::string(it->value.GetString(), it->value.GetStringLength());
    };
    auto number = [&](const char* name) -> std::optional<std::uint64_t> {
        auto it = v.FindMember(name);
        if (it == v.MemberEnd() || !it->value.IsUint64()) return std::nullopt;
        return it->value.GetUint64();
    };
    SignedHead h;
    if (v.HasMember("format")) {
        const auto format = number("format");
        if (!format || (*format != 1 && *format != 2)) return Invalid("format", "must be 1 or 2");
        h.head.format = static_cast<DigestFormat>(*format);
    } else {
        h.head.format = DigestFormat::kFlat;
    }
    auto position = number("position");
    if (!position) return Invalid("position", "must be a log position");
    h.head.position.value = *position;
    auto streams = number("streams");
    if (!streams) return Invalid("streams", "must be a count");
    h.head.streams = *streams;
    auto at = text("signed_at");
    auto parsed_at = at ? domain::ParseRfc3339(*at, "signed_at")
                        : Result<std::int64_t>(Invalid("signed_at", "missing"));
    if (!parsed_at.ok()) return Invalid("signed_at", "must be an RFC 3339 time");
    h.head.taken_at_us = *parsed_at;
    auto digest = text("digest");
    auto parsed_digest = digest ? DigestFromHex(*digest) : std::nullopt;
    if (!parsed_digest) return Invalid("digest", "must be 64 hex digits");
    h.head.digest = *parsed_digest;
    auto key_id = text("key_id");
    auto signature = text("signature");
    if (!key_id) return Invalid("key_id", "is missing");
    if (!signature || !Unhex(*signature)) return Invalid("signature", "must be hex");
    h.key_id = *key_id;
    h.signature = *signature;
    return h;
}

}  // namespace

Sha256Digest DigestStreamHeads(DigestFormat format, std::vector<StreamTip> heads) {
    if (format == DigestFormat::kMerkle) return MerkleRoot(StreamLeaves(heads));
    std::sort(heads.begin(), heads.end(),
              [](const StreamTip& a, const StreamTip& b) { return a.stream_id < b.stream_id; });
    std::string bytes;
    PutBytes(bytes, "xfl.stream-heads.v1");
    for (const StreamTip& h : heads) {
        PutBytes(bytes, h.stream_id);
        PutU64(bytes, h.version.value);
        bytes.append(reinterpret_cast<const char*>(h.hash.data()), h.hash.size());
    }
    return Sha256Of(bytes);
}

std::string SignedHead::ToJson() const {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    if (head.format != DigestFormat::kFlat) {
        w.Key("format");
        w.Int(static_cast<int>(head.format));
    }
    w.Key("position");
    w.Uint64(head.position.value);
    w.Key("signed_at");
    w.String(domain::FormatRfc3339(head.taken_at_us).c_str());
    w.Key("streams");
    w.Uint64(head.streams);
    w.Key("digest");
    w.String(ToHex(head.digest).c_str());
    w.Key("key_id");
    w.String(key_id.c_str());
    w.Key("signature");
    w.String(signature.c_str());
    w.EndObject();
    return buffer.GetString();
}

Result<SignedHead> SignedHead::FromJson(std::string_view json) {
    rapidjson::Document doc;
    doc.Parse(json.data(), json.size());
    if (doc.HasParseError()) return Invalid("head", "is not JSON");
    return FromValue(doc);
}

Result<std::vector<SignedHead>> SignedHead::ListFromJson(std::string_view json) {
    rapidjson::Document doc;
    doc.Parse(json.data(), json.size());
    if (doc.HasParseError()) return Invalid("signed_heads", "is not JSON");
    const rapidjson::Value* list = &doc;
    if (doc.IsObject() && doc.HasMember("signed_heads")) list = &doc["signed_heads"];
    if (!list->IsArray()) return Invalid("signed_heads", "must be an array of signed heads");
    std::vector<SignedHead> heads;
    for (const auto& item : list->GetArray()) {
        auto head = FromValue(item);
        if (!head.ok()) return std::move(head).error();
        heads.push_back(std::move(head).value());
    }
    return heads;
}

struct HeadSigner::Key {
    Pkey pkey;
};

HeadSigner::HeadSigner(std::unique_ptr<Key> key) : key_(std::move(key)) {
    key_id_ = KeyId(key_->pkey.get());
}
HeadSigner::~HeadSigner() = default;

Result<std::unique_ptr<HeadSigner>> HeadSigner::Load(const std::filesystem::path& pem_file) {
    FILE* file = std::fopen(pem_file.c_str(), "r");
    if (file == nullptr) {
        return Error::Make(Errc::kNotFound, "no signing key at " + pem_file.string() +
                                                " (make one with `xingfuli keygen`)");
    }
    Pkey key(PEM_read_PrivateKey(file, nullptr, nullptr, nullptr));
    std::fclose(file);
    if (!key || EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
        return Error::Make(Errc::kInvalidArgument,
                           pem_file.string() + " holds no Ed25519 private key (PEM)");
    }
    return std::unique_ptr<HeadSigner>(new HeadSigner(std::make_unique<Key>(Key{std::move(key)})));
}

Status HeadSigner::Generate(const std::filesystem::path& pem_file) {
    Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
    if (!key) return Error::Make(Errc::kInternal, "OpenSSL could not make an Ed25519 key");
    auto write = [&](const std::filesystem::path& path, mode_t mode, bool private_part) -> Status {
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (fd < 0) {
            return Error::Make(Errc::kAlreadyExists,
                               "cannot create " + path.string() + " (it may exist already)");
        }
        FILE* file = fdopen(fd, "w");
        const int ok = private_part ? PEM_write_PrivateKey(file, key.get(), nullptr, nullptr, 0,
                                                           nullptr, nullptr)
                                    : PEM_write_PUBKEY(file, key.get());
        const bool closed = std::fclose(file) == 0;
        if (ok != 1 || !closed) {
            return Error::Make(Errc::kUnavailable, "cannot write " + path.string());
        }
        return {};
    };
    if (Status s = write(pem_file, 0600, true); !s.ok()) return s;
    return write(pem_file.string() + ".pub", 0644, false);
}

namespace {
constexpr std::string_view kDigestTag = "xfl-digest/";
}  // namespace

std::string LogDigest::ToLine() const {
    return std::string(kDigestTag) + std::to_string(static_cast<int>(format)) + " " +
           std::to_string(position.value) + " " + std::to_string(streams) + " " +
           domain::FormatRfc3339(taken_at_us) + " " + ToHex(digest);
}

Result<LogDigest> LogDigest::FromLine(std::string_view line, const std::string& field) {
    std::vector<std::string_view> parts;
    while (!line.empty()) {
        const auto space = line.find(' ');
        if (space != 0) parts.push_back(line.substr(0, space));
        line.remove_prefix(space == std::string_view::npos ? line.size() : space + 1);
    }
    auto invalid = [&field](const std::string& what) {
        return Error::Make(Errc::kInvalidArgument, field + ": " + what, field);
    };
    const bool known =
        !parts.empty() && parts[0].starts_with(kDigestTag) &&
        (parts[0].substr(kDigestTag.size()) == "1" || parts[0].substr(kDigestTag.size()) == "2");
    if (parts.size() != 5 || !known) {
        return invalid("not a digest of this log format (\"" + std::string(kDigestTag) +
                       "2 <position> <streams> <taken at> <sha256>\", as `xingfuli digest` "
                       "prints it)");
    }
    auto number = [](std::string_view text) -> std::optional<std::uint64_t> {
        std::uint64_t value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
        return value;
    };
    LogDigest d;
    d.format = parts[0].ends_with('1') ? DigestFormat::kFlat : DigestFormat::kMerkle;
    const auto position = number(parts[1]);
    if (!position || *position == 0) return invalid("the position must be a number from 1");
    d.position = LogPosition{*position};
    const auto streams = number(parts[2]);
    if (!streams) return invalid("the number of streams must be a number");
    d.streams = *streams;
    auto taken = domain::ParseRfc3339(parts[3], "digest");
    if (!taken.ok()) return invalid("the time taken must be RFC 3339");
    d.taken_at_us = *taken;
    const auto digest = DigestFromHex(parts[4]);
    if (!digest) return invalid("the digest must be 64 hex digits");
    d.digest = *digest;
    return d;
}

Result<LogDigest> DigestLogAt(EventLog& log, LogPosition at, std::int64_t taken_at_us,
                              DigestFormat format) {
    auto heads = log.StreamHeadsAt(at);
    if (!heads.ok()) return std::move(heads).error();
    LogDigest d;
    d.format = format;
    d.position = at;
    d.taken_at_us = taken_at_us;
    d.streams = heads->size();
    d.digest = DigestStreamHeads(d.format, std::move(heads).value());
    return d;
}

SignedHead HeadSigner::Sign(const LogDigest& head) const {
    SignedHead h;
    h.head = head;
    h.key_id = key_id_;
    const std::string message = SignedBytes(h);
    MdCtx ctx(EVP_MD_CTX_new());
    unsigned char signature[64];
    std::size_t size = sizeof signature;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_->pkey.get()) != 1 ||
        EVP_DigestSign(ctx.get(), signature, &size,
                       reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) != 1) {
        throw std::runtime_error("Ed25519 signing failed");
    }
    h.signature = Hex(signature, size);
    return h;
}

std::string HeadSigner::PublicKeyPem() const {
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, key_->pkey.get());
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<std::size_t>(size));
    BIO_free(bio);
    return pem;
}

Result<bool> CheckSignature(const SignedHead& head, const std::string& public_key_pem) {
    BIO* bio = BIO_new_mem_buf(public_key_pem.data(), static_cast<int>(public_key_pem.size()));
    Pkey key(PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr));
    BIO_free(bio);
    if (!key || EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
        return Error::Make(Errc::kInvalidArgument, "the public key is not an Ed25519 PEM key",
                           "public_key");
    }
    auto signature = Unhex(head.signature);
    if (!signature) return false;
    const std::string message = SignedBytes(head);
    MdCtx ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) {
        throw std::runtime_error("Ed25519 verification could not start");
    }
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature->data()),
                            signature->size(),
                            reinterpret_cast<const unsigned char*>(message.data()),
                            message.size()) == 1;
}

}  // namespace xfl::eventstore
