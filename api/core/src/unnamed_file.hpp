// Private: files for this process alone that go when closed — also when it is killed first.
#pragma once

#include <string>

namespace xfl::api {

// A file in $TMPDIR (else /tmp), open for reading and writing by the server's user only, whose
// name `prefix`XXXXXX is removed as soon as it is made, before a byte is written: it is reached
// through the descriptor only (or /proc/self/fd/N while that is open). -1 when none can be made.
int OpenUnnamedFile(const std::string& prefix);

}  // namespace xfl::api
