// Fixed-width big-endian integers and length-prefixed strings for keys and records.
// Big-endian so that byte order equals numeric order in RocksDB keys.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace xfl::eventstore::internal {

inline void PutU64(std::string& out, std::uint64_t v) {
    char buf[8];
    for (int i = 7; i >= 0; --i) {
        buf[i] = static_cast<char>(v & 0xffu);
        v >>= 8;
    }
    out.append(buf, 8);
}

inline void PutU32(std::string& out, std::uint32_t v) {
    char buf[4];
    for (int i = 3; i >= 0; --i) {
        buf[i] = static_cast<char>(v & 0xffu);
        v >>= 8;
    }
    out.append(buf, 4);
}

inline void PutBytes(std::string& out, std::string_view bytes) {
    PutU32(out, static_cast<std::uint32_t>(bytes.size()));
    out.append(bytes);
}

// Reads from a byte string front to back; any read past the end makes ok() false for good.
class ByteReader {
  public:
    explicit ByteReader(std::string_view bytes) : rest_(bytes) {}

    bool ok() const { return ok_; }
    bool AtEnd() const { return rest_.empty(); }

    std::uint64_t U64() { return ReadBigEndian<std::uint64_t>(8); }
    std::uint32_t U32() { return ReadBigEndian<std::uint32_t>(4); }
    std::uint8_t U8() { return ReadBigEndian<std::uint8_t>(1); }

    std::string_view Take(std::size_t n) {
        if (!ok_ || rest_.size() < n) {
            ok_ = false;
            return {};
        }
        std::string_view taken = rest_.substr(0, n);
        rest_.remove_prefix(n);
        return taken;
    }
    std::string_view Bytes() { return Take(U32()); }

  private:
    template <class T>
    T ReadBigEndian(std::size_t n) {
        std::string_view raw = Take(n);
        T v = 0;
        for (char c : raw) v = static_cast<T>((v << 8) | static_cast<unsigned char>(c));
        return v;
    }

    std::string_view rest_;
    bool ok_ = true;
};

}  // namespace xfl::eventstore::internal
