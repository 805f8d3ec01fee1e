// The server as ops/serve.sh runs it: what it leaves in the data directory is private, and the
// initial admin password file goes once that password was changed.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "support/http_client.hpp"
#include "support/json_field.hpp"
#include "support/temp_dir.hpp"

using namespace xfl::testing;

namespace {

constexpr int kPort = 18931;

class ServeProcess {
  public:
    explicit ServeProcess(const std::filesystem::path& data) {
        pid_ = fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            const std::string dir = data.string(), listen = "127.0.0.1:" + std::to_string(kPort);
            std::freopen("/dev/null", "w", stdout);
            execl(XFL_XINGFULI, XFL_XINGFULI, "serve", "--data-dir", dir.c_str(), "--listen",
                  listen.c_str(), "--threads", "8", nullptr);
            _exit(127);
        }
        for (int i = 0; i < 300 && !Ready(); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        REQUIRE(Ready());
    }
    ~ServeProcess() {
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
    }

  private:
    static bool Ready() {
        try {
            return HttpCall(kPort, "GET", "/readyz").status == 200;
        } catch (const std::exception&) {
            return false;
        }
    }
    pid_t pid_ = -1;
};

mode_t Mode(const std::filesystem::path& path) {
    struct stat info {};
    REQUIRE(stat(path.c_str(), &info) == 0);
    return info.st_mode & 0777;
}

}  // namespace

TEST_CASE("serve keeps the data directory private and removes a changed initial password") {
    TempDir dir;
    const auto data = dir.path() / "data";
    ServeProcess serve(data);
    const auto password_file = data / "initial-admin-password";
    REQUIRE(std::filesystem::exists(password_file));
    CHECK(Mode(data) == 0700);
    CHECK(Mode(password_file) == 0600);
    for (const auto& entry : std::filesystem::recursive_directory_iterator(data)) {
        INFO(entry.path());
        CHECK((Mode(entry.path()) & 077) == 0);
    }

    std::string password;
    std::getline(std::ifstream(password_file), password);
    const std::map<std::string, std::string> json = {{"Content-Type", "application/json"}};
    auto signed_in = HttpCall(kPort, "POST", "/api/v1/sessions",
                              "{\"username\":\"admin\",\"password\":\"" + password + "\"}", json);
    REQUIRE(signed_in.status == 201);
    auto headers = json;
    headers["Authorization"] = "Bearer " + Field(signed_in.body, "token");
    auto changed =
        HttpCall(kPort, "POST", "/api/v1/users/admin/password",
                 "{\"password\":\"a-new-long-password\",\"current_password\":\"" + password + "\"}",
                 headers);
    REQUIRE(changed.status == 200);
    for (int i = 0; i < 150 && std::filesystem::exists(password_file); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK_FALSE(std::filesystem::exists(password_file));

    // Spreadsheets are written and read on the server's own threads (whose stacks are small).
    auto workbook =
        HttpCall(kPort, "GET", "/api/v1/imports/households/template?format=xlsx", "", headers);
    CHECK(workbook.status == 200);
    CHECK(workbook.body.starts_with("PK"));
    headers["Content-Type"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    auto read =
        HttpCall(kPort, "POST", "/api/v1/imports/households?dry_run=true", workbook.body, headers);
    INFO(read.body);
    CHECK(read.status == 200);
}
