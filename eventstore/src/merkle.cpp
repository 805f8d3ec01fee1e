#include "xfl/eventstore/merkle.hpp"

#include <algorithm>
#include <bit>
#include <span>
#include <string>

#include "byte_io.hpp"
#include "xfl/eventstore/hash_chain.hpp"

namespace xfl::eventstore {
namespace {

using Leaves = std::span<const Sha256Digest>;

void AppendDigest(std::string& out, const Sha256Digest& d) {
    out.append(reinterpret_cast<const char*>(d.data()), d.size());
}

Sha256Digest NodeHash(const Sha256Digest& left, const Sha256Digest& right) {
    std::string bytes(1, '\x01');
    AppendDigest(bytes, left);
    AppendDigest(bytes, right);
    return Sha256Of(bytes);
}

// The largest power of two below n (n > 1).
std::size_t Split(std::size_t n) { return std::bit_floor(n - 1); }

Sha256Digest RootOf(Leaves leaves) {
    if (leaves.size() == 1) return leaves.front();
    const std::size_t k = Split(leaves.size());
    return NodeHash(RootOf(leaves.first(k)), RootOf(leaves.subspan(k)));
}

void PathOf(Leaves leaves, std::size_t index, std::vector<Sha256Digest>& path) {
    if (leaves.size() <= 1) return;
    const std::size_t k = Split(leaves.size());
    if (index < k) {
        PathOf(leaves.first(k), index, path);
        path.push_back(RootOf(leaves.subspan(k)));
    } else {
        PathOf(leaves.subspan(k), index - k, path);
        path.push_back(RootOf(leaves.first(k)));
    }
}

}  // namespace

Sha256Digest StreamLeafHash(const StreamTip& head) {
    std::string bytes(1, '\x00');
    internal::PutBytes(bytes, head.stream_id);
    internal::PutU64(bytes, head.version.value);
    AppendDigest(bytes, head.hash);
    return Sha256Of(bytes);
}

std::vector<Sha256Digest> StreamLeaves(std::vector<StreamTip>& heads) {
    std::sort(heads.begin(), heads.end(),
              [](const StreamTip& a, const StreamTip& b) { return a.stream_id < b.stream_id; });
    std::vector<Sha256Digest> leaves;
    leaves.reserve(heads.size());
    for (const StreamTip& h : heads) leaves.push_back(StreamLeafHash(h));
    return leaves;
}

Sha256Digest MerkleRoot(const std::vector<Sha256Digest>& leaves) {
    if (leaves.empty()) return Sha256Of("");
    return RootOf(leaves);
}

std::vector<Sha256Digest> InclusionPath(const std::vector<Sha256Digest>& leaves,
                                        std::size_t index) {
    std::vector<Sha256Digest> path;
    if (index < leaves.size()) PathOf(leaves, index, path);
    return path;
}

}  // namespace xfl::eventstore
