// Tampering with the stored log behind its back, as an attacker with disk access would, and
// checking that verification names what was changed. The key layout used here ('e' + big-endian
// position -> record) is the embedded log's storage format.
#include "xfl/eventstore/verify.hpp"

#include <rocksdb/db.h>

#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"
#include "xfl/eventstore/embedded_log.hpp"

using namespace xfl;
using namespace xfl::eventstore;
using xfl::testing::MakeAppend;
using xfl::testing::TempDir;

namespace {

std::string EventKey(std::uint64_t position) {
    std::string key = "e";
    for (int i = 7; i >= 0; --i) key.push_back(static_cast<char>((position >> (8 * i)) & 0xff));
    return key;
}

class RawLog {
  public:
    explicit RawLog(const TempDir& dir) {
        rocksdb::DB* raw = nullptr;
        REQUIRE(rocksdb::DB::Open(rocksdb::Options(), (dir.path() / "log").string(), &raw).ok());
        db_.reset(raw);
    }
    std::string Get(std::uint64_t position) {
        std::string value;
        REQUIRE(db_->Get(rocksdb::ReadOptions(), EventKey(position), &value).ok());
        return value;
    }
    void Put(std::uint64_t position, const std::string& value) {
        REQUIRE(db_->Put(rocksdb::WriteOptions(), EventKey(position), value).ok());
    }
    void Delete(std::uint64_t position) {
        REQUIRE(db_->Delete(rocksdb::WriteOptions(), EventKey(position)).ok());
    }

  private:
    std::unique_ptr<rocksdb::DB> db_;
};

// Five events: stream a v1..v3 at positions 1..3, stream b v1..v2 at positions 4..5.
void WriteSample(const TempDir& dir) {
    auto log = OpenEmbeddedLog(dir.path() / "log");
    REQUIRE(log.ok());
    REQUIRE((*log)->Append(MakeAppend("a", 3)).ok());
    REQUIRE((*log)->Append(MakeAppend("b", 2)).ok());
}

VerifyReport Verify(const TempDir& dir) {
    auto log = OpenEmbeddedLog(dir.path() / "log");
    REQUIRE(log.ok());
    return VerifyLog(**log);
}

}  // namespace

TEST_CASE("verify passes on an untouched log") {
    TempDir dir;
    WriteSample(dir);
    auto report = Verify(dir);
    CHECK(report.ok);
    CHECK(report.events_checked == 5);
    CHECK(report.streams_checked == 2);
    CHECK(report.problems.empty());
}

TEST_CASE("verify names an event whose payload was altered") {
    TempDir dir;
    WriteSample(dir);
    {
        RawLog raw(dir);
        std::string record = raw.Get(2);
        auto at = record.find("\"n\":1");
        REQUIRE(at != std::string::npos);
        record[at + 4] = '7';
        raw.Put(2, record);
    }
    auto report = Verify(dir);
    REQUIRE_FALSE(report.ok);
    REQUIRE(report.problems.size() == 1);
    CHECK(report.problems[0].stream_id == "a");
    CHECK(report.problems[0].version == 2);
    CHECK_THAT(report.problems[0].what, Catch::Contains("altered"));
}

TEST_CASE("verify names a removed event by its stream and version") {
    TempDir dir;
    WriteSample(dir);
    RawLog(dir).Delete(2);
    auto report = Verify(dir);
    REQUIRE_FALSE(report.ok);
    bool named = false;
    for (const auto& p : report.problems) {
        if (p.stream_id == "a" && p.version == 3 &&
            p.what.find("stream version 2 expected") != std::string::npos) {
            named = true;
        }
    }
    CHECK(named);
}

TEST_CASE("verify catches a swapped pair of events") {
    TempDir dir;
    WriteSample(dir);
    {
        RawLog raw(dir);
        std::string first = raw.Get(1);
        std::string second = raw.Get(2);
        raw.Put(1, second);
        raw.Put(2, first);
    }
    auto report = Verify(dir);
    REQUIRE_FALSE(report.ok);
    CHECK(report.problems[0].stream_id == "a");
    CHECK(report.problems[0].position == 2);
}

TEST_CASE("a truncated record is reported with its position, at open and by verify") {
    TempDir dir;
    WriteSample(dir);
    SECTION("in the middle of the log") {
        {
            RawLog raw(dir);
            std::string record = raw.Get(3);
            raw.Put(3, record.substr(0, record.size() / 2));
        }
        auto report = Verify(dir);
        REQUIRE_FALSE(report.ok);
        CHECK_THAT(report.problems.back().what, Catch::Contains("log position 3"));
    }
    SECTION("at the tail, where open checks") {
        {
            RawLog raw(dir);
            std::string record = raw.Get(5);
            raw.Put(5, record.substr(0, 10));
        }
        auto log = OpenEmbeddedLog(dir.path() / "log");
        REQUIRE_FALSE(log.ok());
        CHECK(log.error().code == Errc::kDataLoss);
        CHECK_THAT(log.error().message, Catch::Contains("log position 5"));
    }
}
