#!/usr/bin/env bash
# Shared helpers for the scripts under scripts/. Source it, don't run it:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# It only defines variables and functions; the caller owns `set -euo pipefail`.

# Guard against double sourcing (scripts may source each other's helpers).
if [[ -n "${ATRIUM_COMMON_SOURCED:-}" ]]; then
  return 0
fi
ATRIUM_COMMON_SOURCED=1

# Repo root = two levels above this file (scripts/lib/common.sh), independent of the caller's cwd.
ATRIUM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
export ATRIUM_ROOT

# Runtime state (jars, data, logs, pid files). Made absolute because the services
# are started from a different cwd and their config files need absolute paths.
ATRIUM_DATA_DIR="${ATRIUM_DATA_DIR:-$ATRIUM_ROOT/var}"
mkdir -p "$ATRIUM_DATA_DIR"
ATRIUM_DATA_DIR="$(cd "$ATRIUM_DATA_DIR" && pwd -P)"
export ATRIUM_DATA_DIR

# Name used as the log prefix: the script that sourced us, not common.sh itself.
ATRIUM_SCRIPT_NAME="$(basename "$0")"

# Exit code a wait_for check command may return to make wait_for give up at once
# (e.g. the process it waits for has died). Chosen outside grep's 0/1/2.
WAIT_FOR_ABORT=100

log() {
  printf '[%s] %s\n' "$ATRIUM_SCRIPT_NAME" "$*" >&2
}

die() {
  log "ERROR: $*"
  exit 1
}

# Cassandra 5.0 refuses newer Javas, so the Java 17 binary is pinned here instead of
# trusting JAVA_HOME/PATH (which may point at Java 25 on this machine).
find_java17() {
  local candidate
  for candidate in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk* \
                   /usr/lib/jvm/openjdk-17 /usr/lib/jvm/temurin-17*; do
    if [[ -x "$candidate/bin/java" ]]; then
      printf '%s\n' "$candidate/bin/java"
      return 0
    fi
  done
  return 1
}
JAVA17="$(find_java17)" || die "no Java 17 found under /usr/lib/jvm (need e.g. /usr/lib/jvm/java-17-openjdk-amd64/bin/java)"
export JAVA17

# Milliseconds since the epoch, without forking `date`.
now_ms() {
  local t="${EPOCHREALTIME/./}"
  printf '%s\n' "$((t / 1000))"
}

# Seconds since <start-ms> with one decimal, e.g. "14.2".
elapsed_s() {
  local ms=$(($(now_ms) - $1))
  printf '%d.%d\n' "$((ms / 1000))" "$(((ms % 1000) / 100))"
}

# pid_alive <pidfile> [cmdline-substring]
# True if the pidfile names a running process. With a substring, the process's command
# line must also contain it, so a recycled PID after a reboot/kill -9 is not mistaken
# for our service.
pid_alive() {
  local pidfile="$1" expect="${2:-}" pid cmdline
  [[ -s "$pidfile" ]] || return 1
  pid="$(<"$pidfile")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -n "$expect" ]]; then
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
    [[ "$cmdline" == *"$expect"* ]] || return 1
  fi
  return 0
}

# stop_pid <pidfile> <name> <timeout-seconds> [cmdline-substring]
# SIGTERM, wait up to the deadline, then SIGKILL; always removes the pidfile.
# Only ever signals the recorded PID (never by process name), so other
# instances on the machine are left alone.
stop_pid() {
  local pidfile="$1" name="$2" timeout="$3" expect="${4:-}" pid start deadline
  if ! pid_alive "$pidfile" "$expect"; then
    log "$name is not running"
    rm -f "$pidfile"
    return 0
  fi
  pid="$(<"$pidfile")"
  start="$(now_ms)"
  deadline=$((start + timeout * 1000))
  log "stopping $name (pid $pid, SIGTERM, up to ${timeout} s)"
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if (($(now_ms) >= deadline)); then
      log "$name did not stop within ${timeout} s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      # SIGKILL cannot be ignored, but the kernel may need a moment to reap.
      for _ in {1..20}; do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
      done
      break
    fi
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    die "$name (pid $pid) is still alive after SIGKILL"
  fi
  rm -f "$pidfile"
  log "$name stopped after $(elapsed_s "$start") s"
}

# wait_for <description> <timeout-seconds> <command...>
# Polls the command every 0.5 s until it succeeds. Prints progress every ~5 s.
# Returns 0 when ready, 1 at the deadline, or $WAIT_FOR_ABORT as soon as the
# command itself returns $WAIT_FOR_ABORT (no point waiting for a dead process).
wait_for() {
  local what="$1" timeout="$2" start next_report rc
  shift 2
  start="$(now_ms)"
  next_report=$((start + 5000))
  while true; do
    rc=0
    "$@" || rc=$?
    if ((rc == 0)); then
      return 0
    fi
    if ((rc == WAIT_FOR_ABORT)); then
      log "gave up waiting for $what after $(elapsed_s "$start") s"
      return "$WAIT_FOR_ABORT"
    fi
    if (($(now_ms) - start >= timeout * 1000)); then
      log "timed out waiting for $what after ${timeout} s"
      return 1
    fi
    if (($(now_ms) >= next_report)); then
      log "waiting for $what ... $((($(now_ms) - start) / 1000)) s"
      next_report=$((next_report + 5000))
    fi
    sleep 0.5
  done
}

# port_open <host> <port>
# True if a TCP connect succeeds. Uses bash's /dev/tcp (no nc needed); the
# `timeout` keeps an unroutable host from hanging the poll loop.
port_open() {
  # shellcheck disable=SC2016 # $0/$1 are the inner shell's arguments.
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
}

# resolve_jars <name>
# Copies the jars of scripts/services/<name>/pom.xml into $ATRIUM_DATA_DIR/<name>/lib.
# A marker holding the pom's checksum is written only after Maven succeeds, so a
# half-finished copy (interrupted run) or an edited pom triggers a clean re-copy,
# and a complete one is reused without calling Maven at all.
resolve_jars() {
  local name="$1"
  local pom="$ATRIUM_ROOT/scripts/services/$name/pom.xml"
  local lib="$ATRIUM_DATA_DIR/$name/lib"
  local marker="$lib/.resolved"
  local want start lock_fd
  [[ -f "$pom" ]] || die "no pom for service '$name' at $pom"
  want="$(sha256sum "$pom" | cut -d' ' -f1)"
  if [[ -f "$marker" && "$(<"$marker")" == "$want" ]]; then
    return 0
  fi
  mkdir -p "$ATRIUM_DATA_DIR/$name"
  # Two scripts starting the same service at once must not copy into one dir together.
  exec {lock_fd}>"$ATRIUM_DATA_DIR/$name/.resolve.lock"
  flock "$lock_fd"
  if [[ -f "$marker" && "$(<"$marker")" == "$want" ]]; then
    exec {lock_fd}>&-
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found; needed once to fetch the $name jars"
  start="$(now_ms)"
  log "resolving $name jars into $lib (one-off)"
  rm -rf "$lib"
  mkdir -p "$lib"
  # Output goes to a file: Maven 3.8 prints stray ANSI resets even with -B, and
  # the output only matters when it fails.
  local mvn_log="$ATRIUM_DATA_DIR/$name/resolve.log"
  if ! mvn -B -q -Dstyle.color=never -f "$pom" dependency:copy-dependencies \
      -DoutputDirectory="$lib" >"$mvn_log" 2>&1; then
    tail_log "$mvn_log" 40
    exec {lock_fd}>&-
    die "mvn dependency:copy-dependencies failed for $name (full output in $mvn_log)"
  fi
  compgen -G "$lib/*.jar" >/dev/null || die "mvn succeeded but $lib has no jars"
  printf '%s\n' "$want" >"$marker"
  log "resolved $(find "$lib" -name '*.jar' | wc -l) $name jars in $(elapsed_s "$start") s"
  exec {lock_fd}>&-
}

# tail_log <file> [lines]: show the end of a log on stderr (for start-up failures).
tail_log() {
  local file="$1" lines="${2:-40}"
  if [[ -f "$file" ]]; then
    log "last $lines lines of $file:"
    tail -n "$lines" "$file" >&2
  else
    log "(no log file at $file)"
  fi
}

# launch_bg <pidfile> <outfile> <command...>
# Starts the command detached (own session, immune to SIGHUP) with stdout+stderr
# truncated into <outfile>. The pid is written by the launched shell itself just
# before it execs the command, so it is the service's real pid even when
# setsid has to fork.
launch_bg() {
  local pidfile="$1" out="$2"
  shift 2
  rm -f "$pidfile"
  # shellcheck disable=SC2016 # $$ and $@ are meant for the inner shell.
  nohup setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" </dev/null >"$out" 2>&1 &
  # The pid file appears within milliseconds; give slow machines a few seconds.
  for _ in {1..50}; do
    [[ -s "$pidfile" ]] && return 0
    sleep 0.1
  done
  die "launched process did not write $pidfile"
}

# Starts Cassandra and Kafka unless they are running, and on exit stops only those it started
# (for benchmark and chaos scripts; sets the EXIT trap).
ensure_services() {
  ATRIUM_STARTED_SERVICES=()
  local service
  for service in cassandra kafka; do
    if ! pid_alive "$ATRIUM_DATA_DIR/$service/$service.pid"; then
      ATRIUM_STARTED_SERVICES+=("$service")
      "$ATRIUM_ROOT/scripts/start-$service"
    fi
  done
  trap stop_started_services EXIT
}

stop_started_services() {
  local service
  for service in "${ATRIUM_STARTED_SERVICES[@]}"; do "$ATRIUM_ROOT/scripts/stop-$service" || true; done
}

# Runs one test class of cluster-node (with the real node jar) through Maven on Java 17, output to
# file $2; further arguments go to Maven (e.g. -Dkey=value). Returns Maven's exit status.
run_test_class() {
  local class="$1" out="$2"
  shift 2
  (cd "$ATRIUM_ROOT" && JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$JAVA17")")")" mvn -B -q -pl cluster-node -am \
    verify -Dit.test="$class" -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dfailsafe.failIfNoSpecifiedTests=false "$@") >"$out" 2>&1
}

# "N cores, M GiB, <java -version>" for a benchmark's Machine line.
machine_summary() {
  printf '%s cores, %s GiB, %s' "$(nproc)" "$(free -g | awk '/Mem:/ {print $2}')" "$("$JAVA17" -version 2>&1 | head -1)"
}
