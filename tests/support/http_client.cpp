#include "support/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace xfl::testing {
namespace {

class Socket {
  public:
    Socket(int port, const std::string& from) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
        if (fd_ < 0) throw std::runtime_error("socket failed");
        if (!from.empty()) {
            sockaddr_in local{};
            local.sin_family = AF_INET;
            if (inet_pton(AF_INET, from.c_str(), &local.sin_addr) != 1 ||
                bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
                close(fd_);
                throw std::runtime_error("cannot send from " + from);
            }
        }
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            close(fd_);
            throw std::runtime_error("connect to 127.0.0.1:" + std::to_string(port) + " failed");
        }
    }
    ~Socket() { close(fd_); }
    void SendAll(const std::string& data) {
        std::size_t sent = 0;
        while (sent < data.size()) {
            ssize_t n = send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) return;  // the server may answer (413) before reading everything
            sent += static_cast<std::size_t>(n);
        }
    }
    std::string ReceiveAll() {
        std::string data;
        char buffer[65536];
        for (;;) {
            ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
            if (n <= 0) break;
            data.append(buffer, static_cast<std::size_t>(n));
        }
        return data;
    }

  private:
    int fd_;
};

std::string Lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

HttpReply Parse(const std::string& raw) {
    HttpReply reply;
    const std::size_t head_end = raw.find("\r\n\r\n");
    if (raw.size() < 12 || head_end == std::string::npos) {
        throw std::runtime_error("malformed HTTP reply: " + raw.substr(0, 200));
    }
    reply.status = std::stoi(raw.substr(9, 3));
    std::size_t line = raw.find("\r\n") + 2;
    while (line < head_end) {
        std::size_t end = raw.find("\r\n", line);
        std::string header = raw.substr(line, end - line);
        std::size_t colon = header.find(':');
        if (colon != std::string::npos) {
            std::size_t value = header.find_first_not_of(' ', colon + 1);
            reply.headers[Lower(header.substr(0, colon))] =
                value == std::string::npos ? "" : header.substr(value);
        }
        line = end + 2;
    }
    reply.body = raw.substr(head_end + 4);
    return reply;
}

}  // namespace

HttpReply HttpCall(int port, const std::string& method, const std::string& target,
                   const std::string& body, const std::map<std::string, std::string>& headers,
                   const std::string& from_address) {
    std::string request =
        method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
    if (!body.empty() || method == "POST" || method == "PATCH" || method == "PUT") {
        request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    request += "\r\n" + body;
    Socket socket(port, from_address);
    socket.SendAll(request);
    return Parse(socket.ReceiveAll());
}

}  // namespace xfl::testing
