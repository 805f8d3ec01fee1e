#!/usr/bin/env bash
# Creates the events topic with the settings `xingfuli` checks at start (it refuses finite
# retention, compaction and unclean leader election, and warns below 3 replicas / 2 in sync).
# Partitions cannot be added later (streams would move between partitions): choose enough now,
# e.g. 2-4 per API node you may ever run.
set -euo pipefail
brokers=${1:-localhost:19092,localhost:29092,localhost:39092}
topic=${2:-xingfuli-events}
partitions=${3:-12}
kafka=${KAFKA_HOME:-/opt/kafka}
run() {  # kafka-topics.sh from a distribution, or from the container of kafka-1
  if [[ -x "$kafka/bin/$1" ]]; then "$kafka/bin/$@"; else docker compose exec -T kafka-1 "/opt/kafka/bin/$@"; fi
}
run kafka-topics.sh --bootstrap-server "$brokers" --create --if-not-exists \
  --topic "$topic" --partitions "$partitions" --replication-factor 3 \
  --config min.insync.replicas=2 \
  --config retention.ms=-1 \
  --config retention.bytes=-1 \
  --config cleanup.policy=delete \
  --config unclean.leader.election.enable=false \
  --config compression.type=lz4 \
  --config max.message.bytes=4194304
run kafka-topics.sh --bootstrap-server "$brokers" --describe --topic "$topic"
