# shellcheck shell=bash
# The demo parts of `tools/dev up` against the simulators (sourced by tools/dev): demo data in the
# database, slash-command traffic from discord-sim once the worker is ready, and a one-line summary
# of what was answered every few seconds. With a real DISCORD_BOT_TOKEN none of this runs.

# DEMO SEEDING (see demo-seed.sql): onboarded profiles + Naib seats for discord-sim's members (their
# wallets from chain-sim's holders), and one queued run of the eligibility sync, which builds the
# ranking from chain-sim as soon as the worker runs (docs/events/eligibility-sync.md).
start_demo_data() {
  if [ -z "${DISCORD_SIM_CONTROL_URL:-}" ] || [ -z "${CHAIN_SIM_URL:-}" ]; then
    log "no simulators: no demo data seeded"
    return 0
  fi
  local holders model summary
  holders=$(curl -fsS "${CHAIN_SIM_URL}control/holders") || die "cannot read chain-sim's holders"
  model=$(curl -fsS "$DISCORD_SIM_CONTROL_URL/model") || die "cannot read discord-sim's model"
  summary=$(printf 'holders\t%s\nmodel\t%s\n' "$holders" "$model" |
    psql "$DATABASE_ADMIN_URL" -X -q -At -f "$DEV_LIB/demo-seed.sql") || die "demo seeding failed"
  log "demo data seeded: $summary"
}

# Waits for the worker's /ready, then asks discord-sim for endless traffic at
# ARRAKIS_DEMO_TRAFFIC_RATE events/s (0 = none) and starts the summary printer.
start_demo_traffic() {
  local rate=${ARRAKIS_DEMO_TRAFFIC_RATE:-3}
  [ -n "${DISCORD_SIM_CONTROL_URL:-}" ] || return 0
  if [ "$rate" = 0 ]; then
    log "ARRAKIS_DEMO_TRAFFIC_RATE=0: no demo traffic (POST $DISCORD_SIM_CONTROL_URL/traffic to start some)"
    return 0
  fi
  local ready=http://127.0.0.1:$WORKER_HTTP_PORT/ready i
  for ((i = 0; i < 600; i++)); do
    curl -fsS -o /dev/null "$ready" 2>/dev/null && break
    kill -0 "$WORKER_PID" 2>/dev/null || die "arrakis-worker exited before it was ready; see $LOG_DIR/worker.log"
    sleep 0.1
  done
  curl -fsS -o /dev/null "$ready" || die "arrakis-worker not ready after 60 s: $(curl -sS "$ready")"
  curl -fsS -o /dev/null -X POST -H 'content-type: application/json' \
    -d "{\"rate\":$rate,\"forever\":true,\"seed\":${DISCORD_SIM_SEED:-1}}" "$DISCORD_SIM_CONTROL_URL/traffic" ||
    die "discord-sim refused the traffic plan"
  log "demo traffic: $rate events/s from discord-sim (commands, components, member and message events); ARRAKIS_DEMO_TRAFFIC_RATE changes it"
  demo_summary_loop "${ARRAKIS_DEMO_SUMMARY_SECONDS:-5}" &
  track_pid $!
}

# One line every few seconds from discord-sim's recorder: what was dispatched and answered, and how
# fast (dispatch -> first response is the worker's defer, -> first follow-up its answer).
demo_summary_loop() {
  local every=$1 stats worker
  # sleep in the background so a TERM from stop_stack is handled at once, not after the sleep.
  trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
  local sleeper
  while true; do
    sleep "$every" &
    sleeper=$!
    wait "$sleeper"
    stats=$(curl -fsS "$DISCORD_SIM_CONTROL_URL/stats" 2>/dev/null) || continue
    worker=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$WORKER_HTTP_PORT/health" 2>/dev/null)
    printf '%s' "$stats" | jq -r --arg worker "$worker" '
      def ms: if . == null then "-" else (. * 10 | round / 10 | tostring) + " ms" end;
      .latency_ms.dispatch_to_first_response as $r | .latency_ms.dispatch_to_first_followup as $f |
      "[demo] sent \(.traffic.emitted) events (\(.traffic.by_kind.command // 0) slash commands)"
      + " | interactions answered \($r.count // 0) (first response p50 \($r.p50 | ms), p99 \($r.p99 | ms))"
      + " | plugin follow-ups \($f.count // 0) (p50 \($f.p50 | ms), p99 \($f.p99 | ms))"
      + " | REST errors \([.errors_by_status[]] | add // 0)"
      + " | worker health \(if $worker == "200" then "ok" else $worker end)"' 2>/dev/null || true
  done
}
