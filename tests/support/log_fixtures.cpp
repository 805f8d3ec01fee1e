#include "support/log_fixtures.hpp"

#include <catch2/catch.hpp>

#include "xfl/eventstore/embedded_log.hpp"
#include "xfl/eventstore/memory_log.hpp"

namespace xfl::testing {

std::unique_ptr<eventstore::EventLog> EmbeddedLogFixture::Open() {
    auto log = TryOpen();
    REQUIRE(log.ok());
    return std::move(log).value();
}

Result<std::unique_ptr<eventstore::EventLog>> EmbeddedLogFixture::TryOpen() {
    return eventstore::OpenEmbeddedLog(dir_.path() / "log");
}

std::unique_ptr<eventstore::EventLog> MemoryLogFixture::Open() {
    return eventstore::MakeMemoryLog();
}

KafkaLogFixture::KafkaLogFixture() {
    auto cluster = eventstore::KafkaMockCluster::Start(3);
    REQUIRE(cluster.ok());
    cluster_ = std::move(cluster).value();
    REQUIRE(cluster_->CreateTopic("events", 4, 3).ok());
}

eventstore::KafkaLogOptions KafkaLogFixture::Options(const std::string& mirror_dir) {
    eventstore::KafkaLogOptions options;
    options.brokers = cluster_->bootstraps();
    options.topic = "events";
    options.mirror_dir = dir_.path() / mirror_dir;
    options.node_name = mirror_dir;
    options.node_url = "http://" + mirror_dir + ".example:8080";
    // The mock has no Admin API: do not wait long for its answer on topic settings.
    options.settings_timeout = std::chrono::milliseconds(200);
    options.append_timeout = std::chrono::milliseconds(5000);
    options.warn = [this](const std::string& text) {
        std::lock_guard lock(mutex_);
        warnings_.push_back(text);
    };
    return options;
}

std::unique_ptr<eventstore::KafkaEventLog> KafkaLogFixture::OpenNode(
    eventstore::KafkaLogOptions options) {
    auto log = eventstore::OpenKafkaLog(std::move(options));
    if (!log.ok()) FAIL(log.error().message);
    return std::move(log).value();
}

std::unique_ptr<eventstore::EventLog> KafkaLogFixture::Open() { return OpenNode(Options()); }

Result<std::unique_ptr<eventstore::EventLog>> KafkaLogFixture::TryOpen() {
    auto log = eventstore::OpenKafkaLog(Options());
    if (!log.ok()) return std::move(log).error();
    return std::unique_ptr<eventstore::EventLog>(std::move(log).value());
}

std::vector<std::string> KafkaLogFixture::Warnings() const {
    std::lock_guard lock(mutex_);
    return warnings_;
}

}  // namespace xfl::testing
