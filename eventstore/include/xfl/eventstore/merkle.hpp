// The Merkle tree of a log digest (xfl-digest/2): RFC 9162's Merkle Tree Hash (section 2.1.1)
// over one leaf per stream, streams in id order (bytewise). A stream's leaf is
//   SHA-256(0x00 || u32 length || stream id || u64 version || hash of its last event)
// (integers big-endian), a node SHA-256(0x01 || left || right), and a tree of n > 1 leaves
// splits at the largest power of two below n. The path of one leaf (RFC 9162 section 2.1.3)
// proves that stream's head is part of the digest without the other streams: what a record
// proof carries (record_proof.hpp, ops/check-record-proof.py).
#pragma once

#include <cstddef>
#include <vector>

#include "xfl/eventstore/envelope.hpp"

namespace xfl::eventstore {

Sha256Digest StreamLeafHash(const StreamTip& head);

// Sorts `heads` by stream id (the tree's order) and returns their leaves in that order.
std::vector<Sha256Digest> StreamLeaves(std::vector<StreamTip>& heads);

// The root over `leaves` in order; SHA-256 of nothing for no leaves.
Sha256Digest MerkleRoot(const std::vector<Sha256Digest>& leaves);

// The sibling hashes from leaf `index` (< leaves.size()) up to the root, leaf side first.
std::vector<Sha256Digest> InclusionPath(const std::vector<Sha256Digest>& leaves, std::size_t index);

}  // namespace xfl::eventstore
