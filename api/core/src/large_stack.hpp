// Private to api/core: work for libraries that keep large buffers on the stack.
#pragma once

#include <future>
#include <utility>

namespace xfl::api {

// Runs `work` on a thread of its own, which has the system's default stack (8 MiB), and returns
// its result. A server thread's stack is CivetWeb's (~100 KiB in Debian's build); minizip, under
// libxlsxwriter, keeps a 64 KiB buffer on the stack and overflowed it. Spreadsheets are read and
// written rarely, so a thread each costs nothing that matters.
template <class Work>
auto OnLargeStack(Work&& work) {
    return std::async(std::launch::async, std::forward<Work>(work)).get();
}

}  // namespace xfl::api
