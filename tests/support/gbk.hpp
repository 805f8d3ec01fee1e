// Test data as Excel and WPS on Chinese Windows save CSV: UTF-8 text re-encoded as GB18030 (GBK).
#pragma once

#include <iconv.h>

#include <stdexcept>
#include <string>

namespace xfl::testing {

inline std::string ToGb18030(const std::string& utf8) {
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("no GB18030 in iconv");
    std::string out(utf8.size() * 2 + 16, '\0');
    char* in = const_cast<char*>(utf8.data());
    std::size_t in_left = utf8.size();
    char* to = out.data();
    std::size_t to_left = out.size();
    const std::size_t done = iconv(cd, &in, &in_left, &to, &to_left);
    iconv_close(cd);
    if (done == static_cast<std::size_t>(-1)) throw std::runtime_error("not convertible");
    out.resize(out.size() - to_left);
    return out;
}

}  // namespace xfl::testing
