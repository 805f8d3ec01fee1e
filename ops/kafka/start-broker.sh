#!/usr/bin/env bash
# Starts broker N (1..3) of the KRaft cluster from server-N.properties, formatting its storage on
# the first start. Needs a Kafka 3.x distribution (not packaged by Debian): KAFKA_HOME=/opt/kafka.
set -euo pipefail
n=${1:?usage: start-broker.sh 1|2|3}
here=$(cd "$(dirname "$0")" && pwd)
kafka=${KAFKA_HOME:-/opt/kafka}
cluster_id=${XINGFULI_KAFKA_CLUSTER_ID:-Xk1ngFuL1BaoShan0000Aw}
config="$here/server-$n.properties"
data=$(sed -n 's/^log.dirs=//p' "$config")
if [[ ! -f "$data/meta.properties" ]]; then
  "$kafka/bin/kafka-storage.sh" format --ignore-formatted -t "$cluster_id" -c "$config"
fi
exec "$kafka/bin/kafka-server-start.sh" "$config"
