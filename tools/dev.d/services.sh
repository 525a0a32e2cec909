# shellcheck shell=bash
# RabbitMQ (+management), Redis and PostgreSQL 15 on loopback, without systemd, data in one state
# folder under the build tree. Each is stopped with its own stop command or by its PID.
# (sourced by tools/dev)

configure_service_ports() {
  local offset=$1
  STATE_DIR=$2
  AMQP_PORT=${ARRAKIS_AMQP_PORT:-$((5680 + offset))}
  RABBIT_MGMT_PORT=${ARRAKIS_RABBIT_MGMT_PORT:-$((15680 + offset))}
  RABBIT_DIST_PORT=${ARRAKIS_RABBIT_DIST_PORT:-$((25680 + offset))}
  EPMD_PORT=${ARRAKIS_EPMD_PORT:-$((4380 + offset))}
  REDIS_PORT=${ARRAKIS_REDIS_PORT:-$((6395 + offset))}
  PG_PORT=${ARRAKIS_PG_PORT:-$((5450 + offset))}
  PG_DB=${ARRAKIS_PG_DB:-arrakis}
  PG_APP_PASSWORD=${ARRAKIS_PG_APP_PASSWORD:-arrakis_app_dev}
  PG_ADMIN_PASSWORD=${ARRAKIS_PG_ADMIN_PASSWORD:-arrakis_admin_dev}
  PG_JOBS_PASSWORD=${ARRAKIS_PG_JOBS_PASSWORD:-arrakis_jobs_dev}
  PG_HOST_PASSWORD=${ARRAKIS_PG_HOST_PASSWORD:-arrakis_host_dev}
}

RMQ_SBIN=/usr/lib/rabbitmq/bin   # not /usr/sbin/*: as root those wrappers `su rabbitmq` and use /var/lib
pg_bin() { local d b=; for d in /usr/lib/postgresql/*/bin; do b=$d; done; echo "$b"; }
epmd_bin() { local e; command -v epmd && return; for e in /usr/lib/erlang/erts-*/bin/epmd; do echo "$e"; return; done; }

# ---------------------------------------------------------------- RabbitMQ
rabbit_env() {
  local R=$STATE_DIR/rabbitmq
  export HOME=$R/home                                # the Erlang cookie lives in $HOME
  export RABBITMQ_CONF_ENV_FILE=$R/rabbitmq-env.conf
  export RABBITMQ_CONFIG_FILE=$R/rabbitmq.conf
  export RABBITMQ_ENABLED_PLUGINS_FILE=$R/enabled_plugins
  export RABBITMQ_MNESIA_BASE=$R/mnesia
  export RABBITMQ_LOG_BASE=$R/log
  export RABBITMQ_PID_FILE=$R/rabbit.pid
  export RABBITMQ_NODENAME=arrakis$AMQP_PORT@localhost
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT=$AMQP_PORT
  export RABBITMQ_DIST_PORT=$RABBIT_DIST_PORT
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  export ERL_EPMD_ADDRESS=127.0.0.1
  export ERL_EPMD_PORT=$EPMD_PORT
}

rabbit_ready() { curl -fsS -u guest:guest "http://127.0.0.1:$RABBIT_MGMT_PORT/api/overview" >/dev/null 2>&1; }

rabbit_start() {
  if rabbit_ready; then log "rabbitmq already running on :$AMQP_PORT"; return 0; fi
  local t0; t0=$(now)
  ( rabbit_env
    local R=$STATE_DIR/rabbitmq
    mkdir -p "$HOME" "$R/mnesia" "$R/log"
    : > "$R/rabbitmq-env.conf"
    cat > "$R/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$AMQP_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $RABBIT_MGMT_PORT
loopback_users.guest = true
log.console = false
log.file.level = info
CONF
    if [ ! -f "$HOME/.erlang.cookie" ]; then
      (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$HOME/.erlang.cookie")
      chmod 400 "$HOME/.erlang.cookie"
    fi
    "$RMQ_SBIN/rabbitmq-plugins" enable --offline rabbitmq_management > "$R/log/plugins.log"
    if ! "$(epmd_bin)" -port "$EPMD_PORT" -names >/dev/null 2>&1; then
      nohup "$(epmd_bin)" -address 127.0.0.1 -port "$EPMD_PORT" > "$R/log/epmd.log" 2>&1 < /dev/null &
      echo $! > "$R/epmd.pid"
    fi
    nohup "$RMQ_SBIN/rabbitmq-server" > "$R/log/stdout.log" 2>&1 < /dev/null &
    echo $! > "$R/launcher.pid"
    "$RMQ_SBIN/rabbitmqctl" -q wait "$RABBITMQ_PID_FILE" --timeout 120 >/dev/null
    for _ in $(seq 1 120); do rabbit_ready && break; sleep 0.25; done
    rabbit_ready
  ) || { log "rabbitmq failed to start; see $STATE_DIR/rabbitmq/log"; return 1; }
  log "rabbitmq up: amqp 127.0.0.1:$AMQP_PORT, management :$RABBIT_MGMT_PORT ($(since "$t0"))"
}

rabbit_stop() {
  local R=$STATE_DIR/rabbitmq
  [ -d "$R" ] || return 0
  ( rabbit_env
    if [ -f "$R/rabbit.pid" ]; then
      "$RMQ_SBIN/rabbitmqctl" -q stop "$R/rabbit.pid" >/dev/null 2>&1 || kill "$(cat "$R/rabbit.pid")" 2>/dev/null || true
    fi
    if [ -f "$R/epmd.pid" ]; then
      "$(epmd_bin)" -port "$EPMD_PORT" -kill >/dev/null 2>&1 || kill "$(cat "$R/epmd.pid")" 2>/dev/null || true
    fi
    rm -f "$R/rabbit.pid" "$R/launcher.pid" "$R/epmd.pid"
  )
  log "rabbitmq stopped"
}

# rabbitmqctl with this checkout's node (fault injection in tests: stop_app, start_app, ...)
rabbitmqctl_local() { ( rabbit_env; "$RMQ_SBIN/rabbitmqctl" "$@" ); }

# ---------------------------------------------------------------- Redis
redis_ready() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }

redis_start() {
  if redis_ready; then log "redis already running on :$REDIS_PORT"; return 0; fi
  local t0 D; t0=$(now); D=$STATE_DIR/redis
  mkdir -p "$D"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --enable-debug-command local \
    --dir "$D" --daemonize yes --pidfile "$D/redis.pid" --logfile "$D/redis.log"
  for _ in $(seq 1 100); do redis_ready && break; sleep 0.05; done
  redis_ready || { log "redis failed to start; see $D/redis.log"; return 1; }
  log "redis up: 127.0.0.1:$REDIS_PORT ($(since "$t0"))"
}

redis_stop() {
  local D=$STATE_DIR/redis
  [ -f "$D/redis.pid" ] || return 0
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || kill "$(cat "$D/redis.pid")" 2>/dev/null || true
  for _ in $(seq 1 50); do redis_ready || break; sleep 0.1; done
  rm -f "$D/redis.pid"
  log "redis stopped"
}

# ---------------------------------------------------------------- PostgreSQL
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }  # initdb refuses root
pg_ready() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -Atqc 'SELECT 1' >/dev/null 2>&1; }

pg_start() {
  local t0 D; t0=$(now); D=$STATE_DIR/postgres
  mkdir -p "$D"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$D"
  if ! pg_ready; then
    if [ ! -f "$D/data/PG_VERSION" ]; then
      as_postgres "$(pg_bin)/initdb" -D "$D/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 -N > "$D/initdb.log"
    fi
    as_postgres "$(pg_bin)/pg_ctl" -D "$D/data" -l "$D/postgres.log" -w -t 60 \
      -o "-p $PG_PORT -k $D -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start > /dev/null || { log "postgres failed to start; see $D/postgres.log"; return 1; }
  else
    log "postgres already running on :$PG_PORT"
  fi
  # Login roles (docs/database.md "Roles"): the admin owns the database and runs the migrations
  # (BYPASSRLS locally; CREATEDB so migration tests can build scratch databases); the three
  # application roles own nothing and are bound by row-level security. Migration 0012 creates any
  # of them that is missing as NOLOGIN; this gives each its login and password, every time.
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q <<SQL
SELECT format('CREATE ROLE arrakis_admin LOGIN BYPASSRLS PASSWORD %L', '$PG_ADMIN_PASSWORD')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'arrakis_admin')\gexec
ALTER ROLE arrakis_admin CREATEDB;
SELECT format('CREATE ROLE %I NOLOGIN NOBYPASSRLS', r)
  FROM unnest(ARRAY['arrakis_app', 'arrakis_jobs', 'arrakis_host']) AS r
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r)\gexec
ALTER ROLE arrakis_app LOGIN NOBYPASSRLS PASSWORD '$PG_APP_PASSWORD';
ALTER ROLE arrakis_jobs LOGIN NOBYPASSRLS PASSWORD '$PG_JOBS_PASSWORD';
ALTER ROLE arrakis_host LOGIN NOBYPASSRLS PASSWORD '$PG_HOST_PASSWORD';
GRANT pg_signal_backend TO arrakis_admin;
SELECT 'CREATE DATABASE $PG_DB OWNER arrakis_admin'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$PG_DB')\gexec
SQL
  log "postgres up: 127.0.0.1:$PG_PORT db=$PG_DB ($(since "$t0"))"
}

pg_stop() {
  local D=$STATE_DIR/postgres
  [ -f "$D/data/postmaster.pid" ] || return 0
  as_postgres "$(pg_bin)/pg_ctl" -D "$D/data" -m fast -w stop > /dev/null || true
  log "postgres stopped"
}

# ---------------------------------------------------------------- all
services_start() {
  mkdir -p "$STATE_DIR"
  local t0; t0=$(now)
  case "${1:-all}" in
    all) redis_start; pg_start; rabbit_start ;;
    rabbitmq) rabbit_start ;; redis) redis_start ;; postgres) pg_start ;;
    *) die "unknown service '$1' (all, rabbitmq, redis, postgres)" ;;
  esac
  log "services ready ($(since "$t0"))"
}

services_stop() {
  case "${1:-all}" in
    all) rabbit_stop; redis_stop; pg_stop ;;
    rabbitmq) rabbit_stop ;; redis) redis_stop ;; postgres) pg_stop ;;
    *) die "unknown service '$1' (all, rabbitmq, redis, postgres)" ;;
  esac
}

services_status() {
  local name ok
  for name in rabbitmq redis postgres; do
    case $name in
      rabbitmq) rabbit_ready && ok=up || ok=down; echo "rabbitmq  $ok  amqp://127.0.0.1:$AMQP_PORT  management http://127.0.0.1:$RABBIT_MGMT_PORT" ;;
      redis) redis_ready && ok=up || ok=down; echo "redis     $ok  redis://127.0.0.1:$REDIS_PORT" ;;
      postgres) pg_ready && ok=up || ok=down; echo "postgres  $ok  postgresql://127.0.0.1:$PG_PORT/$PG_DB" ;;
    esac
  done
}

# The connection settings, as shell exports (eval "$(tools/dev services env)").
print_service_env() {
  cat <<ENV
export RABBITMQ_URL=amqp://guest:guest@127.0.0.1:$AMQP_PORT/
export RABBITMQ_MANAGEMENT_URL=http://guest:guest@127.0.0.1:$RABBIT_MGMT_PORT/api
export REDIS_URL=redis://127.0.0.1:$REDIS_PORT
export DATABASE_URL=postgresql://arrakis_app:$PG_APP_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB
export DATABASE_ADMIN_URL=postgresql://arrakis_admin:$PG_ADMIN_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB
export DATABASE_JOBS_URL=postgresql://arrakis_jobs:$PG_JOBS_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB
export DATABASE_HOST_URL=postgresql://arrakis_host:$PG_HOST_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB
ENV
}
