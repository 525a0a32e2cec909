# shellcheck shell=bash
# `tools/dev up` (the whole product on loopback) and `tools/dev test` (sourced by tools/dev).

# ---------------------------------------------------------------- up
# Programs started by `up`, in order. Each entry names a function `start_<entry>` that starts one
# process in the background and calls `track_pid`; later components (simulators, ingestor) add an
# entry and a function here.
STACK_COMPONENTS=(worker)
STACK_PIDS=()
track_pid() { STACK_PIDS+=("$1"); }

start_worker() {
  local bin=$ROOT/build/$UP_PRESET/host/worker/arrakis-worker
  ARRAKIS_HTTP_PORT=${ARRAKIS_HTTP_PORT:-$((8080 + ${ARRAKIS_PORT_OFFSET:-0}))} \
  ARRAKIS_PLUGIN_DIR=${ARRAKIS_PLUGIN_DIR:-$ROOT/build/$UP_PRESET/plugins-out} \
  ARRAKIS_PLUGIN_STORE=${ARRAKIS_PLUGIN_STORE:-$STATE_DIR/plugin-store} \
    "$bin" &
  track_pid $!
  log "arrakis-worker started (pid $!), health: http://127.0.0.1:${ARRAKIS_HTTP_PORT:-$((8080 + ${ARRAKIS_PORT_OFFSET:-0}))}/health"
}

# The database schema and the broker topology, before any component starts. Both are idempotent,
# so every `up` runs them; a fresh state folder gets a complete schema and topology.
prepare_servers() {
  local t0; t0=$(now)
  "$ROOT/build/$UP_PRESET/tools/migrate/arrakis-migrate" --dir "$ROOT/infrastructure/postgres/migrations" >&2
  "$ROOT/infrastructure/rabbitmq/setup-topology.sh" >&2
  log "schema migrated and topology applied ($(since "$t0"))"
}

stop_stack() {
  local pid
  trap - INT TERM EXIT
  for ((i=${#STACK_PIDS[@]}-1; i>=0; i--)); do
    pid=${STACK_PIDS[$i]}
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${STACK_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  services_stop all
  log "stack stopped"
}

stack_up() {
  UP_PRESET=${ARRAKIS_UP_PRESET:-dev}
  setup_build "$UP_PRESET"
  configure_service_ports "${ARRAKIS_PORT_OFFSET:-0}" "${ARRAKIS_STATE_DIR:-$ROOT/build/state}"
  trap stop_stack INT TERM EXIT
  services_start all
  eval "$(print_service_env)"
  prepare_servers
  export ARRAKIS_LOG_FORMAT=${ARRAKIS_LOG_FORMAT:-text}
  local c
  for c in "${STACK_COMPONENTS[@]}"; do "start_$c"; done
  log "Arrakis is up. Ctrl-C stops everything this command started."
  # Wait until a component exits or the user presses Ctrl-C.
  wait -n "${STACK_PIDS[@]}" || true
  log "a component exited; stopping the stack"
}

# ---------------------------------------------------------------- test
run_tests() {
  local t0 status=0; t0=$(now)
  setup_build ci
  # Tests get their own ports and state so they never touch a running `tools/dev up`.
  configure_service_ports "${ARRAKIS_TEST_PORT_OFFSET:-100}" "${ARRAKIS_TEST_STATE_DIR:-$ROOT/build/ci/state}"
  trap 'services_stop all' EXIT
  services_start all
  eval "$(print_service_env)"
  export ARRAKIS_DEV_STATE_DIR=$STATE_DIR ARRAKIS_DEV_AMQP_PORT=$AMQP_PORT ARRAKIS_DEV_EPMD_PORT=$EPMD_PORT
  cd "$ROOT" || return 1
  log "running every test (unit + integration)"
  ctest --preset ci || status=1
  log "building the unit tests under AddressSanitizer + UndefinedBehaviorSanitizer"
  [ -f build/asan/build.ninja ] || cmake --preset asan >/dev/null
  cmake --build --preset asan -- -j"$(nproc)"
  log "running the unit tests under ASan+UBSan"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --preset asan || status=1
  log "tests finished in $(since "$t0") (status $status)"
  return $status
}
