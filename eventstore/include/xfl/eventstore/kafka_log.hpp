// The Kafka event log: the same EventLog on Apache Kafka, for more than one machine.
//
// Layout: one topic; one message per commit (every event one command produced for one stream),
// key = stream id, so a stream stays in one partition and a commit is atomic without Kafka
// transactions. The value is JSON (format "xingfuli.commit.v1"); the envelope's fields are also
// headers (xfl.kind, xfl.type, xfl.stream, xfl.first_version, xfl.last_version, xfl.command_id,
// xfl.actor, xfl.recorded_at_us, xfl.prev_hash, xfl.hash, xfl.epoch, xfl.seq).
//
// Single writer per partition: a node that owns a partition claims it by appending a writer-epoch
// message (epoch = the partition's last epoch + 1) and decides expected versions and command ids
// from the stream heads it has consumed. Every reader rejects commits of an epoch older than the
// partition's newest claim, so an old owner is fenced even where Kafka transactions are not
// available; with a transactional id the producer is also fenced by Kafka itself. Each commit
// carries its gapless sequence number in the partition: a reader that sees a number jump (data
// lost, retention) stops reading that partition and reports it; a repeated number is reported
// and ignored.
//
// Each node keeps a local mirror of the topic (a RocksDB directory of the embedded log's layout
// plus the consumed offset of every partition, written in the same batch): it answers reads,
// assigns this node's gapless log positions, and lets projections run as on the embedded log.
// An append returns once Kafka acknowledged it (idempotent producer, acks=all) and this node's
// mirror has read it back and accepted it, so a stale writer never reports a false success.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "xfl/eventstore/event_log.hpp"

namespace xfl::eventstore {

struct KafkaLogOptions {
    std::string brokers;  // HOST:PORT[,HOST:PORT…]
    std::string topic = "xingfuli-events";
    std::filesystem::path mirror_dir;
    // Partitions this node writes; empty: all of them (one node).
    std::vector<std::int32_t> owned_partitions;
    // false: read the topic only (verify, rebuild), claiming nothing, so a serving node keeps
    // its partitions.
    bool writer = true;
    std::string node_name = "xingfuli";  // written in this node's epoch claims
    std::string node_url;                // this node's API, told to callers of other nodes
    // Non-empty on a real cluster: the producer is transactional with this id, so that a newer
    // producer with the same id fences this one in Kafka too. Give each node its own stable id.
    std::string transactional_id;
    // An append not acknowledged and read back within this time fails with kUnavailable.
    std::chrono::milliseconds append_timeout{10'000};
    // Brokers unreachable at start: retry with backoff for this long, then fail.
    std::chrono::milliseconds connect_timeout{60'000};
    // How long to wait for the cluster to describe the topic's settings.
    std::chrono::milliseconds settings_timeout{5'000};
    // Further librdkafka properties for both clients (e.g. security.protocol).
    std::vector<std::pair<std::string, std::string>> client_config;
    // Warnings and problems found while reading (default: standard error).
    std::function<void(const std::string&)> warn;
};

class KafkaEventLog : public EventLog {
  public:
    // What reading the topic found wrong so far, oldest first (also kept in the mirror, so a
    // restart still reports them): gaps, duplicates, stale writers, messages of other producers.
    virtual std::vector<std::string> Problems() const = 0;
    virtual int PartitionCount() const = 0;
    // The partition a stream's commits go to (Kafka's murmur2 of the key, as Java clients).
    virtual std::int32_t PartitionOf(const std::string& stream_id) const = 0;
};

// Connects (retrying while the brokers are down, up to connect_timeout), checks the topic's
// settings, reads the topic into the mirror up to its end, then claims the owned partitions.
// Errors: kUnavailable (brokers unreachable, topic missing), kRuleViolated (unsafe topic
// settings: finite retention, compaction, or a partition count changed since the mirror was
// made), kDataLoss (a gap found while catching up), kBusy (mirror directory in use).
Result<std::unique_ptr<KafkaEventLog>> OpenKafkaLog(KafkaLogOptions options);

}  // namespace xfl::eventstore
