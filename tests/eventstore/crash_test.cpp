// kill -9 in the middle of work, then restart: nothing acknowledged is lost, nothing is applied
// twice. The child is tests/support/crash_child.cpp.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <random>
#include <sstream>
#include <thread>

#include "support/counting_projection.hpp"
#include "support/temp_dir.hpp"
#include "xfl/eventstore/embedded_log.hpp"
#include "xfl/eventstore/verify.hpp"
#include "xfl/projections/core/runner.hpp"

using namespace xfl;
using namespace xfl::eventstore;
using xfl::testing::TempDir;

namespace {

// A running child whose stdout we read line by line.
class Child {
  public:
    Child(const std::string& mode, const std::filesystem::path& dir) {
        int fds[2];
        REQUIRE(pipe(fds) == 0);
        pid_ = fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            dup2(fds[1], STDOUT_FILENO);
            close(fds[0]);
            close(fds[1]);
            execl(XFL_CRASH_CHILD, XFL_CRASH_CHILD, mode.c_str(), dir.c_str(), nullptr);
            _exit(127);
        }
        close(fds[1]);
        out_ = fdopen(fds[0], "r");
    }
    ~Child() {
        Kill();
        if (out_) fclose(out_);
    }
    bool ReadLine(std::string& line) {
        char buffer[256];
        if (!fgets(buffer, sizeof buffer, out_)) return false;
        line = buffer;
        return true;
    }
    void Kill() {
        if (pid_ <= 0) return;
        kill(pid_, SIGKILL);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
    }

  private:
    pid_t pid_ = -1;
    FILE* out_ = nullptr;
};

struct Ack {
    std::string stream;
    std::uint64_t version;
    std::uint64_t position;
};

}  // namespace

TEST_CASE("every acknowledged append survives kill -9 of the writing process") {
    TempDir dir;
    std::vector<Ack> acks;
    {
        Child child("append", dir.path());
        std::string line;
        while (acks.size() < 400 && child.ReadLine(line)) {
            std::istringstream in(line);
            std::string tag;
            Ack ack;
            in >> tag >> ack.stream >> ack.version >> ack.position;
            REQUIRE(tag == "ACK");
            acks.push_back(ack);
        }
        child.Kill();  // appends are still in flight in the child's other threads
    }
    REQUIRE(acks.size() == 400);

    auto log = OpenEmbeddedLog(dir.path() / "log");
    REQUIRE(log.ok());
    for (const Ack& ack : acks) {
        auto events = (*log)->ReadStream({ack.stream, StreamVersion{ack.version}, 1, std::nullopt});
        REQUIRE(events.ok());
        REQUIRE(events->size() == 1);
        CHECK((*events)[0].position.value == ack.position);
    }
    auto report = VerifyLog(**log);
    CHECK(report.ok);
    CHECK(report.events_checked >= 400);
    // The log accepts appends after the crash, continuing the chains.
    REQUIRE((*log)->Append(testing::MakeAppend("t0")).ok());
    CHECK(VerifyLog(**log).ok);
}

TEST_CASE("projections killed at random moments never apply an event twice or skip one") {
    TempDir dir;
    constexpr std::uint64_t kEvents = 20000;
    {
        auto log = OpenEmbeddedLog(dir.path() / "log");
        REQUIRE(log.ok());
        for (std::uint64_t i = 0; i < kEvents / 100; ++i) {
            REQUIRE((*log)->Append(testing::MakeAppend("s" + std::to_string(i % 13), 100)).ok());
        }
    }
    std::mt19937 random(20261124);
    for (int round = 0; round < 6; ++round) {
        {
            Child child("project", dir.path());
            std::string line;
            REQUIRE(child.ReadLine(line));
            REQUIRE(line == "READY\n");
            std::this_thread::sleep_for(std::chrono::milliseconds(5 + random() % 120));
            child.Kill();
        }
        auto store = projections::ProjectionStore::Open(dir.path() / "projections");
        REQUIRE(store.ok());
        auto view = (*store)->View("counting");
        const std::uint64_t count = testing::AsNumber(view->Get("count"));
        INFO("round " << round << ": " << count << " events applied at the kill");
        CHECK(count <= kEvents);
        CHECK(testing::AsNumber(view->Get("sum")) == testing::Triangle(count));
    }
    auto log = OpenEmbeddedLog(dir.path() / "log");
    auto store = projections::ProjectionStore::Open(dir.path() / "projections");
    REQUIRE((log.ok() && store.ok()));
    std::vector<std::unique_ptr<projections::Projection>> all;
    all.push_back(std::make_unique<testing::CountingProjection>());
    projections::ProjectionRunner runner(**log, **store, std::move(all));
    REQUIRE(runner.CatchUp().ok());
    auto view = (*store)->View("counting");
    CHECK(testing::AsNumber(view->Get("count")) == kEvents);
    CHECK(testing::AsNumber(view->Get("sum")) == testing::Triangle(kEvents));
}
