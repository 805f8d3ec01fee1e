// A minimal blocking HTTP/1.1 client for end-to-end tests against a server on loopback.
#pragma once

#include <map>
#include <string>

namespace xfl::testing {

struct HttpReply {
    int status = 0;
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
};

// Sends one request on a new connection ("Connection: close") and reads the whole reply, from
// `from_address` when given (any 127.x.y.z is this machine). Throws std::runtime_error when the
// connection fails.
HttpReply HttpCall(int port, const std::string& method, const std::string& target,
                   const std::string& body = {},
                   const std::map<std::string, std::string>& headers = {},
                   const std::string& from_address = {});

}  // namespace xfl::testing
