#!/usr/bin/env bash
# Notification -> webhook through RabbitMQ with Debian's python3-oslo.messaging publishing, on one
# node (H2 file) or on a cluster of N nodes (one PostgreSQL schema, one RabbitMQ).
#
#   faultline-bench/src/main/sh/oslo-bench.sh NODES ALARMS EVENTS RATE [seed]
#
# RATE is notifications per second (0: as fast as oslo.messaging publishes). With "seed", the
# alarms are defined through the store by AlarmSeeder (fast: for 1,000,000) instead of the API.
# Needs the jars: ./mvnw -o -q -DskipTests package. Settings: BENCH_PORT (first node's port,
# 18080), BENCH_HEAP (per node, 1g), BENCH_DIR (/tmp/faultline-oslo-bench), FAULTLINE_BENCH_PG_URL.
set -euo pipefail
nodes=${1:?nodes} alarms=${2:?alarms} events=${3:?events} rate=${4:?rate} seed=${5:-}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
jar="$root/faultline-server/target/faultline.jar"
cp="$root/faultline-bench/target/classes:$jar"
port=${BENCH_PORT:-18080}
heap=${BENCH_HEAP:-1g}
dir=${BENCH_DIR:-/tmp/faultline-oslo-bench}
pg=${FAULTLINE_BENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}
hook_port=$((port + 100))
prefix=oslo-bench
rm -rf "$dir" && mkdir -p "$dir"

if [ "$nodes" -gt 1 ]; then
  schema="oslo_bench_$$"
  psql -h 127.0.0.1 -U postgres -d test -qc "CREATE SCHEMA $schema" >/dev/null
  store="  url: \"$pg?currentSchema=$schema\"
  user: postgres"
  seed_target="$pg?currentSchema=$schema"
  seed_user=postgres
else
  store="  data-dir: $dir/data"
  seed_target="$dir/data"
  seed_user=
fi

pids=()
stop_nodes() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
await_ready() {
  until curl -sf "http://127.0.0.1:$((port + $1))/readyz" >/dev/null; do
    kill -0 "${pids[$1]}" 2>/dev/null || { cat "$dir/node-$1.log" >&2; exit 1; }
    sleep 1
  done
}
start_nodes() {
  for i in $(seq 0 $((nodes - 1))); do
    cat > "$dir/node-$i.yaml" <<YAML
server:
  host: 127.0.0.1
  port: $((port + i))
store:
$store
bus:
  url: amqp://guest:guest@127.0.0.1:5672
  queue-prefix: $prefix
identity:
  admin-password: benchpw
YAML
    FAULTLINE_LOG_LEVEL=WARN "$java" -Xmx"$heap" -jar "$jar" serve -c "$dir/node-$i.yaml" \
      >"$dir/node-$i.log" 2>&1 &
    pids+=($!)
    # The first start on a fresh database creates the admin: the others wait for it.
    [ "$i" -eq 0 ] && await_ready 0
  done
  for i in $(seq 1 $((nodes - 1))); do await_ready "$i"; done
}
# The bench's queues are bound to the exchanges OpenStack publishes on: left behind, they would
# keep every later notification.
delete_queues() {
  /usr/bin/python3 - "$prefix" <<'PY' || true
import sys
import kombu
prefix = sys.argv[1]
names = [prefix + ".alarm-evaluator", prefix + ".nova-service-reports",
         prefix + ".alarm-evaluator.intake"] + [prefix + ".alarm-evaluator.p%d" % n
                                                 for n in range(1024)]
with kombu.Connection("amqp://guest:guest@127.0.0.1:5672//") as connection:
    channel = connection.channel()
    for name in names:
        channel.queue_delete(name)
PY
}
cleanup() {
  stop_nodes
  delete_queues
}
trap cleanup EXIT

urls=http://127.0.0.1:$port
for i in $(seq 1 $((nodes - 1))); do urls="$urls,http://127.0.0.1:$((port + i))"; done
start_nodes
if [ "$seed" = seed ]; then
  # The first start created the admin project; the nodes load the seeded alarms when they start.
  stop_nodes
  "$java" -Xmx2g -cp "$cp" io.faultline.bench.AlarmSeeder "$seed_target" "$alarms" \
    "http://127.0.0.1:$hook_port/hook" $seed_user
  start_nodes
  /usr/bin/python3 "$root/faultline-bench/src/main/python/oslo_webhook_bench.py" \
    --faultline "$urls" --password benchpw --alarms "$alarms" --events "$events" --rate "$rate" \
    --seeded --hook-port "$hook_port"
else
  /usr/bin/python3 "$root/faultline-bench/src/main/python/oslo_webhook_bench.py" \
    --faultline "$urls" --password benchpw --alarms "$alarms" --events "$events" --rate "$rate"
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
