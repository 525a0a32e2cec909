# shellcheck shell=bash
# `tools/dev up` (the whole product on loopback) and `tools/dev test` (sourced by tools/dev).

# ---------------------------------------------------------------- up
# Programs started by `up`, in order. Each entry names a function `start_<entry>` that starts one
# process in the background and calls `track_pid`; later components (simulators, ingestor) add an
# entry and a function here.
STACK_COMPONENTS=(discord_sim ingestor worker)
STACK_PIDS=()
track_pid() { STACK_PIDS+=("$1"); }

# Without a real bot token the product talks to our Discord simulator: start it and point the
# components that follow at it (REST base, gateway URL, a simulated token and application id).
start_discord_sim() {
  if [ -n "${DISCORD_BOT_TOKEN:-}" ]; then
    log "DISCORD_BOT_TOKEN is set: using the real Discord, no simulator"
    return 0
  fi
  local bin=$ROOT/build/$UP_PRESET/tests/sim/discord/discord-sim
  local offset=${ARRAKIS_PORT_OFFSET:-0}
  local gateway_port=${DISCORD_SIM_GATEWAY_PORT:-$((7010 + offset))}
  local rest_port=${DISCORD_SIM_REST_PORT:-$((7011 + offset))}
  local token=sim-bot-token app_id=1300000000000000001 out=$STATE_DIR/discord-sim.out
  mkdir -p "$STATE_DIR"
  "$bin" --gateway-port "$gateway_port" --rest-port "$rest_port" --bot-token "$token" --application-id "$app_id" \
    --guilds "${DISCORD_SIM_GUILDS:-3}" --members-per-guild "${DISCORD_SIM_MEMBERS:-50}" \
    --seed "${DISCORD_SIM_SEED:-1}" >"$out" 2>&1 &
  track_pid $!
  # It prints its URLs once both listeners are bound (well under a second).
  local i
  for ((i = 0; i < 50; i++)); do
    grep -q "discord-sim control" "$out" 2>/dev/null && break
    kill -0 "$!" 2>/dev/null || die "discord-sim exited: $(cat "$out")"
    sleep 0.1
  done
  export DISCORD_API_BASE=http://127.0.0.1:$rest_port/api/v10
  export DISCORD_GATEWAY_URL=ws://127.0.0.1:$gateway_port
  export DISCORD_BOT_TOKEN=$token DISCORD_APPLICATION_ID=$app_id
  export DISCORD_SIM_CONTROL_URL=http://127.0.0.1:$rest_port/control
  log "discord-sim started (pid $!): gateway $DISCORD_GATEWAY_URL, REST $DISCORD_API_BASE, control $DISCORD_SIM_CONTROL_URL"
}

# The gateway proxy: discord-sim's gateway (exported above) unless DISCORD_BOT_TOKEN is set, then
# Discord itself (GET /gateway/bot picks the URL and the shard count).
start_ingestor() {
  local bin=$ROOT/build/$UP_PRESET/host/ingestor/arrakis-ingestor
  local port=${ARRAKIS_INGESTOR_HTTP_PORT:-$((8081 + ${ARRAKIS_PORT_OFFSET:-0}))}
  ARRAKIS_INGESTOR_HTTP_PORT=$port "$bin" &
  track_pid $!
  log "arrakis-ingestor started (pid $!) against ${DISCORD_GATEWAY_URL:-Discord}, health: http://127.0.0.1:$port/health"
}

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
  # Fault-injection tests stop and start these servers: they need to know which ones.
  export ARRAKIS_DEV_STATE_DIR=$STATE_DIR ARRAKIS_DEV_AMQP_PORT=$AMQP_PORT ARRAKIS_DEV_EPMD_PORT=$EPMD_PORT
  export ARRAKIS_DEV_PORT_OFFSET=${ARRAKIS_TEST_PORT_OFFSET:-100} ARRAKIS_DEV_ROOT=$ROOT
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
