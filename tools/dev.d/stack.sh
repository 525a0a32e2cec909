# shellcheck shell=bash
# `tools/dev up` (the whole product on loopback) and `tools/dev test` (sourced by tools/dev).

# ---------------------------------------------------------------- up
# Programs started by `up`, in order. Each entry names a function `start_<entry>` that starts one
# process in the background and calls `track_pid` (or, like demo_data, does a step and returns).
# demo_data and demo_traffic are in demo.sh.
STACK_COMPONENTS=(discord_sim chain_sim demo_data ingestor worker demo_traffic)
# What `up` builds: the programs it starts and the plugins the worker loads, not the tests.
STACK_TARGETS=(arrakis-worker arrakis-ingestor arrakis-migrate arrakis-plugins discord-sim chain-sim)
STACK_PIDS=()
STACK_STOPPING=0
track_pid() { STACK_PIDS+=("$1"); }
offset() { echo "${ARRAKIS_PORT_OFFSET:-0}"; }

# Without a real bot token the product talks to our Discord simulator: start it and point the
# components that follow at it (REST base, gateway URL, a simulated token and application id).
start_discord_sim() {
  if [ -n "${DISCORD_BOT_TOKEN:-}" ]; then
    log "DISCORD_BOT_TOKEN is set: using the real Discord, no simulator"
    return 0
  fi
  local bin=$UP_BUILD/tests/sim/discord/discord-sim
  local gateway_port=${DISCORD_SIM_GATEWAY_PORT:-$((7010 + $(offset)))}
  local rest_port=${DISCORD_SIM_REST_PORT:-$((7011 + $(offset)))}
  local token=sim-bot-token app_id=1300000000000000001 out=$LOG_DIR/discord-sim.log
  "$bin" --gateway-port "$gateway_port" --rest-port "$rest_port" --bot-token "$token" --application-id "$app_id" \
    --guilds "${DISCORD_SIM_GUILDS:-3}" --members-per-guild "${DISCORD_SIM_MEMBERS:-50}" \
    --seed "${DISCORD_SIM_SEED:-1}" >"$out" 2>&1 &
  local pid=$!
  track_pid $pid
  # It prints its URLs once both listeners are bound (well under a second).
  local i
  for ((i = 0; i < 50; i++)); do
    grep -q "discord-sim control" "$out" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || die "discord-sim exited: $(cat "$out")"
    sleep 0.1
  done
  export DISCORD_API_BASE=http://127.0.0.1:$rest_port/api/v10
  export DISCORD_GATEWAY_URL=ws://127.0.0.1:$gateway_port
  export DISCORD_BOT_TOKEN=$token DISCORD_APPLICATION_ID=$app_id
  export DISCORD_SIM_CONTROL_URL=http://127.0.0.1:$rest_port/control
  log "discord-sim started (pid $pid): gateway $DISCORD_GATEWAY_URL, REST $DISCORD_API_BASE, control $DISCORD_SIM_CONTROL_URL"
}

# The Berachain RPC: chain-sim on loopback unless ARRAKIS_CHAIN_RPC_URLS names real endpoints.
start_chain_sim() {
  if [ -n "${ARRAKIS_CHAIN_RPC_URLS:-}" ]; then
    log "ARRAKIS_CHAIN_RPC_URLS is set: using $ARRAKIS_CHAIN_RPC_URLS, no chain simulator"
    return 0
  fi
  local bin=$UP_BUILD/tests/sim/chain/chain-sim out=$LOG_DIR/chain-sim.log
  local port=${CHAIN_SIM_PORT:-$((8545 + $(offset)))}
  "$bin" --port "$port" --seed "${CHAIN_SIM_SEED:-69}" >"$out" 2>&1 &
  local pid=$!
  track_pid $pid
  local i
  for ((i = 0; i < 50; i++)); do
    grep -q "chain-sim ready" "$out" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || die "chain-sim exited: $(cat "$out")"
    sleep 0.1
  done
  export CHAIN_SIM_URL=http://127.0.0.1:$port/
  export ARRAKIS_CHAIN_RPC_URLS=$CHAIN_SIM_URL
  log "chain-sim started (pid $pid): JSON-RPC $CHAIN_SIM_URL (chain 80094), control ${CHAIN_SIM_URL}control/"
}

# The gateway proxy: discord-sim's gateway (exported above) unless DISCORD_BOT_TOKEN is set, then
# Discord itself (GET /gateway/bot picks the URL and the shard count).
start_ingestor() {
  local bin=$UP_BUILD/host/ingestor/arrakis-ingestor
  local port=${ARRAKIS_INGESTOR_HTTP_PORT:-$((8081 + $(offset)))}
  ARRAKIS_INGESTOR_HTTP_PORT=$port "$bin" >"$LOG_DIR/ingestor.log" 2>&1 &
  track_pid $!
  log "arrakis-ingestor started (pid $!) against ${DISCORD_GATEWAY_URL:-Discord}, health: http://127.0.0.1:$port/health"
}

start_worker() {
  local bin=$UP_BUILD/host/worker/arrakis-worker
  WORKER_HTTP_PORT=${ARRAKIS_HTTP_PORT:-$((8080 + $(offset)))}
  local routes_port=${ARRAKIS_ROUTES_PORT:-$((8090 + $(offset)))}
  ARRAKIS_HTTP_PORT=$WORKER_HTTP_PORT \
  ARRAKIS_ROUTES_PORT=$routes_port \
  ARRAKIS_PLUGIN_VERIFY_BASE_URL=${ARRAKIS_PLUGIN_VERIFY_BASE_URL:-http://127.0.0.1:$routes_port} \
  ARRAKIS_PLUGIN_DIR=${ARRAKIS_PLUGIN_DIR:-$UP_BUILD/plugins-out} \
  ARRAKIS_PLUGIN_STORE=${ARRAKIS_PLUGIN_STORE:-$STATE_DIR/plugin-store} \
  ARRAKIS_ADMIN_TOKEN_FILE=${ARRAKIS_ADMIN_TOKEN_FILE:-$STATE_DIR/admin-token} \
    "$bin" >"$LOG_DIR/worker.log" 2>&1 &
  WORKER_PID=$!
  track_pid $WORKER_PID
  log "arrakis-worker started (pid $WORKER_PID), health: http://127.0.0.1:$WORKER_HTTP_PORT/health"
}

# The database schema and the broker topology, before any component starts. Both are idempotent,
# so every `up` runs them; a fresh state folder gets a complete schema and topology.
prepare_servers() {
  local t0; t0=$(now)
  "$UP_BUILD/tools/migrate/arrakis-migrate" --dir "$ROOT/infrastructure/postgres/migrations" >&2
  "$ROOT/infrastructure/rabbitmq/setup-topology.sh" >&2
  log "schema migrated and topology applied ($(since "$t0"))"
}

# Packages, then only what the stack runs (a first `up` does not wait for every test to compile).
build_stack() {
  local t0; t0=$(now)
  ensure_packages
  cd "$ROOT" || return 1
  [ -f "$UP_BUILD/build.ninja" ] || cmake --preset "$UP_PRESET" -B "$UP_BUILD" >/dev/null
  cmake --build "$UP_BUILD" --target "${STACK_TARGETS[@]}" -- -j"$(nproc)"
  log "build of the stack in ${UP_BUILD#"$ROOT"/} done ($(since "$t0"))"
}

stop_stack() {
  local pid i
  STACK_STOPPING=1
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
  UP_BUILD=${ARRAKIS_UP_BUILD_DIR:-$ROOT/build/$UP_PRESET}
  build_stack
  configure_service_ports "${ARRAKIS_PORT_OFFSET:-0}" "${ARRAKIS_STATE_DIR:-$ROOT/build/state}"
  LOG_DIR=$STATE_DIR/logs
  mkdir -p "$LOG_DIR"
  trap stop_stack INT TERM EXIT
  services_start all
  eval "$(print_service_env)"
  prepare_servers
  export ARRAKIS_LOG_FORMAT=${ARRAKIS_LOG_FORMAT:-text}
  log "logs: $LOG_DIR/{discord-sim,chain-sim,ingestor,worker}.log (e.g. tail -f $LOG_DIR/worker.log)"
  local c
  for c in "${STACK_COMPONENTS[@]}"; do "start_$c"; done
  log "Arrakis is up. Ctrl-C stops everything this command started."
  # Wait until a component exits or the user presses Ctrl-C (the trap stops the stack).
  wait -n "${STACK_PIDS[@]}" || true
  [ "$STACK_STOPPING" = 1 ] || log "a component exited; stopping the stack (see $LOG_DIR)"
}

# ---------------------------------------------------------------- test
run_tests() {
  local t0 status=0; t0=$(now)
  setup_build ci
  ensure_test_packages
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
