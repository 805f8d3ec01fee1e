// Signed heads: the log's state at a position, folded into one digest and signed with a server
// key kept outside the data directory. Someone who can write the log can recompute its hash
// chains, but not sign; an inspector who keeps copies of the signed heads can prove later that
// history up to each of them was not rewritten (`xingfuli verify --signed-heads`).
//
// The digest, format 2: the root of a Merkle tree with one leaf per stream (its id, its version
// and the hash of its last event as of the position; merkle.hpp), so that one record's events
// can be proved part of it on their own (record_proof.hpp). Format 1, a flat SHA-256 over the
// same heads, is what digests and signed heads taken before held; they still verify. The
// signature (Ed25519) covers a tag naming the format, the position, the time of signing, the
// number of streams and the digest.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "xfl/domain/kernel/result.hpp"
#include "xfl/eventstore/envelope.hpp"
#include "xfl/eventstore/event_log.hpp"

namespace xfl::eventstore {

// 1: the flat fold of the first digests; 2: the Merkle root (merkle.hpp).
enum class DigestFormat : int { kFlat = 1, kMerkle = 2 };

// The heads of a log's streams folded as `format` says. Thread-safe. Sorts `heads` by stream id.
Sha256Digest DigestStreamHeads(DigestFormat format, std::vector<StreamTip> heads);

// The log's head folded into one digest, unsigned: what an inspector writes into a report and
// later proves the log still extends (`xingfuli verify --since-digest`), from any copy of the
// data, without the server's key. A signed head carries the same digest.
struct LogDigest {
    DigestFormat format = DigestFormat::kMerkle;
    LogPosition position;
    std::int64_t taken_at_us = 0;
    std::uint64_t streams = 0;
    Sha256Digest digest{};

    // One line: "xfl-digest/<format> <position> <streams> <taken at, RFC 3339> <digest, hex>".
    std::string ToLine() const;
    // Errc::kInvalidArgument naming the part that is missing or malformed; `field` names where
    // the line came from (a query parameter, a command-line option).
    static Result<LogDigest> FromLine(std::string_view line, const std::string& field = "digest");
};

// The digest of the log as it stands at `at`; format 1 only to compare with one taken then.
Result<LogDigest> DigestLogAt(EventLog& log, LogPosition at, std::int64_t taken_at_us,
                              DigestFormat format = DigestFormat::kMerkle);

// A log digest signed by the server's key: the digest's time is when it was signed.
struct SignedHead {
    LogDigest head;
    std::string key_id;     // first 16 hex digits of SHA-256 over the public key (DER)
    std::string signature;  // hex

    // {"position","signed_at","streams","digest","key_id","signature"}, and "format": 2 for a
    // Merkle root (a head without it is format 1).
    std::string ToJson() const;
    // Errc::kInvalidArgument naming the field that is missing or malformed.
    static Result<SignedHead> FromJson(std::string_view json);
    // A JSON array of signed heads, or an object with a "signed_heads" array (what the API
    // lists), as an inspector keeps them.
    static Result<std::vector<SignedHead>> ListFromJson(std::string_view json);
};

// An Ed25519 private key loaded from a PEM file. Thread-safe once loaded.
class HeadSigner {
  public:
    // Errc::kNotFound / kInvalidArgument when the file is missing or holds no Ed25519 key.
    static Result<std::unique_ptr<HeadSigner>> Load(const std::filesystem::path& pem_file);
    // A new key: the private key to `pem_file` (created 0600, refused if it exists) and the
    // public key beside it as `pem_file` + ".pub".
    static Status Generate(const std::filesystem::path& pem_file);
    ~HeadSigner();

    SignedHead Sign(const LogDigest& head) const;
    std::string PublicKeyPem() const;
    const std::string& key_id() const { return key_id_; }

  private:
    struct Key;
    explicit HeadSigner(std::unique_ptr<Key> key);
    std::unique_ptr<Key> key_;
    std::string key_id_;
};

// Whether `head` carries a valid signature by the Ed25519 public key in `public_key_pem`.
// Errc::kInvalidArgument when the PEM holds no Ed25519 public key.
Result<bool> CheckSignature(const SignedHead& head, const std::string& public_key_pem);

}  // namespace xfl::eventstore
