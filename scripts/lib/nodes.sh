# shellcheck shell=bash
# Helpers for local Atrium node processes, sourced by run-all, add-node and stop-all.
# Node N (1-based) listens on http 8079+N, cluster 25519+N, management 8557+N, so node 1 has
# the defaults 8080 / 25520 / 8558. ATRIUM_NODE_PORT_OFFSET (default 0) shifts all three, so a second
# local cluster (its own ATRIUM_DATA_DIR, Cassandra and Kafka ports) can run beside the first.
# Each node keeps pid, log and data under $ATRIUM_DATA_DIR/nodes/nodeN.

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

NODE_JAR="$ATRIUM_ROOT/cluster-node/target/atrium-node.jar"
NODES_DIR="$ATRIUM_DATA_DIR/nodes"
SEEDS_FILE="$NODES_DIR/seeds"
NODE_HEAP="${ATRIUM_NODE_HEAP:-512m}"
# A node's JVM. 4 MiB G1 regions: with the default 1 MiB regions every dataset chunk (~1 MiB) is a
# humongous object, allocated straight into the old generation; an aggregate job then started a
# concurrent marking cycle every few chunks (1.3 CPU-s of GC per 1 M rows, 0.25 with 4 MiB regions;
# aggregate rows/s +25 %, BENCHMARKS.md 2026-11-28).
NODE_JVM_FLAGS=("-Xms128m" "-Xmx$NODE_HEAP" -XX:+UseG1GC -XX:G1HeapRegionSize=4m -XX:+ExitOnOutOfMemoryError)
NODE_START_TIMEOUT="${ATRIUM_NODE_START_TIMEOUT:-120}"

NODE_PORT_OFFSET="${ATRIUM_NODE_PORT_OFFSET:-0}"
[[ "$NODE_PORT_OFFSET" =~ ^[0-9]+$ ]] || die "ATRIUM_NODE_PORT_OFFSET must be a whole number, was $NODE_PORT_OFFSET"
node_http_port() { echo $((8079 + NODE_PORT_OFFSET + $1)); }
node_cluster_port() { echo $((25519 + NODE_PORT_OFFSET + $1)); }
node_management_port() { echo $((8557 + NODE_PORT_OFFSET + $1)); }
node_dir() { echo "$NODES_DIR/node$1"; }
node_pidfile() { echo "$(node_dir "$1")/node.pid"; }

# The scripts' own admin API key (mode 600): /ops/cluster, which the waits below read, needs the
# admin role. Created by ensure_admin_key (run-all) through the jar, before any node runs.
ADMIN_KEY_FILE="$NODES_DIR/admin.key"

# ensure_admin_key: keeps the key in $ADMIN_KEY_FILE if Cassandra still lists it as active (the
# file outlives a wiped Cassandra), else creates a new one. Needs Cassandra with the schema.
ensure_admin_key() {
  local id listed created
  if [[ -s "$ADMIN_KEY_FILE" ]]; then
    id="$(cut -d_ -f2 <"$ADMIN_KEY_FILE")"
    listed="$("$JAVA17" -jar "$NODE_JAR" keys list 2>/dev/null)" || die "cannot list API keys (is the schema applied?)"
    if awk -v id="$id" '$1 == id && $5 == "-" { found = 1 } END { exit !found }' <<<"$listed"; then
      return 0
    fi
  fi
  created="$("$JAVA17" -jar "$NODE_JAR" keys create --tenant demo --role admin 2>&1)" \
    || { printf '%s\n' "$created" >&2; die "cannot create the admin API key"; }
  (umask 077 && sed -n 's/^key  *//p' <<<"$created" >"$ADMIN_KEY_FILE")
  [[ -s "$ADMIN_KEY_FILE" ]] || die "keys create printed no key"
  log "created the scripts' admin API key (kept in $ADMIN_KEY_FILE)"
}

# curl with the admin key when there is one, read from a file descriptor so it stays out of `ps`.
# Harmless against nodes that run with authentication off.
admin_curl() {
  if [[ -s "$ADMIN_KEY_FILE" ]]; then
    curl -H @<(printf 'Authorization: Bearer %s\n' "$(<"$ADMIN_KEY_FILE")") "$@"
  else
    curl "$@"
  fi
}

# Numbers of the nodes whose process is alive, ascending.
running_nodes() {
  local dir n
  for dir in "$NODES_DIR"/node*; do
    [[ -d "$dir" ]] || continue
    n="${dir##*/node}"
    if pid_alive "$dir/node.pid" atrium-node.jar; then echo "$n"; fi
  done | sort -n
}

# Builds the node jar when it is missing or older than any source file.
ensure_node_jar() {
  if [[ -f "$NODE_JAR" ]] && [[ -z "$(find "$ATRIUM_ROOT" -path "$ATRIUM_DATA_DIR" -prune -o \
      \( -name '*.java' -o -name '*.conf' -o -name '*.cql' -o -name 'pom.xml' -o -name '*.xml' \) \
      -newer "$NODE_JAR" -not -path '*/target/*' -print -quit)" ]]; then
    return 0
  fi
  local start
  start="$(now_ms)"
  log "building the node jar (mvn package, tests skipped) ..."
  (cd "$ATRIUM_ROOT" && mvn -B -q -Dstyle.color=never -DskipTests package) >"$ATRIUM_DATA_DIR/build.log" 2>&1 \
    || { tail_log "$ATRIUM_DATA_DIR/build.log" 40; die "build failed (full output in $ATRIUM_DATA_DIR/build.log)"; }
  log "built $NODE_JAR in $(elapsed_s "$start") s"
}

# start_node <n>: starts node n in the background with the recorded seed list. ATRIUM_NODE_JAVA_OPTS
# (word-split) adds JVM options, e.g. "-Datrium.balancer.strategy=round-robin" (system properties
# override every configuration file).
start_node() {
  local n="$1" dir
  dir="$(node_dir "$n")"
  mkdir -p "$dir/data"
  if pid_alive "$(node_pidfile "$n")" atrium-node.jar; then
    log "node$n already running (pid $(<"$(node_pidfile "$n")"))"
    return 0
  fi
  [[ -s "$SEEDS_FILE" ]] || die "no seed list at $SEEDS_FILE; start the cluster with scripts/run-all first"
  # Appends, so a restarted node's earlier life stays readable in the same log.
  printf '=== started %s ===\n' "$(date -u +%FT%TZ)" >>"$dir/node.log"
  ATRIUM_HOST=127.0.0.1 \
  ATRIUM_HTTP_PORT="$(node_http_port "$n")" \
  ATRIUM_CLUSTER_PORT="$(node_cluster_port "$n")" \
  ATRIUM_MANAGEMENT_PORT="$(node_management_port "$n")" \
  ATRIUM_SEED_NODES="$(<"$SEEDS_FILE")" \
  ATRIUM_DATA_DIR="$dir/data" \
    launch_bg "$(node_pidfile "$n")" "$dir/node.out" \
      "$JAVA17" "${NODE_JVM_FLAGS[@]}" ${ATRIUM_NODE_JAVA_OPTS:-} \
      -jar "$NODE_JAR"
  log "node$n starting (pid $(<"$(node_pidfile "$n")"), http :$(node_http_port "$n"), log $dir/node.out)"
}

# Number of Up members node n reports, or 0 when it does not answer.
node_up_count() {
  local body
  body="$(admin_curl -sf --max-time 2 "http://127.0.0.1:$(node_http_port "$1")/ops/cluster" 2>/dev/null)" || { echo 0; return; }
  grep -o '"status":"Up"' <<<"$body" | wc -l
}

# node_ready <n> <members>: node n sees at least <members> Up members and is ready;
# aborts the wait at once when the process died.
node_ready() {
  pid_alive "$(node_pidfile "$1")" atrium-node.jar || return "$WAIT_FOR_ABORT"
  (($(node_up_count "$1") >= $2)) &&
    curl -sf --max-time 3 -o /dev/null "http://127.0.0.1:$(node_http_port "$1")/health/ready"
}

# wait_node_up <n> <members>: waits until node n sees <members> Up members and is ready.
wait_node_up() {
  local n="$1" members="$2"
  if ! wait_for "node$n Up with $members members and ready" "$NODE_START_TIMEOUT" node_ready "$n" "$members"; then
    tail_log "$(node_dir "$n")/node.out" 30
    curl -s --max-time 3 "http://127.0.0.1:$(node_http_port "$n")/health/ready" >&2 || true
    die "node$n did not become ready"
  fi
}
