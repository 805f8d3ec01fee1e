#include "unnamed_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace xfl::api {

int OpenUnnamedFile(const std::string& prefix) {
    std::error_code ec;
    const std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
    if (ec) return -1;
    std::string name = (dir / (prefix + "XXXXXX")).string();
    const int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0) return -1;
    if (::unlink(name.c_str()) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

}  // namespace xfl::api
