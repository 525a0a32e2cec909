#!/usr/bin/env bash
# Applies definitions.json (exchanges, queues, bindings) to a RabbitMQ broker through the management
# HTTP API. Idempotent: re-applying changes nothing. A queue that exists with different arguments is
# refused by the broker and reported (RabbitMQ cannot change a queue's arguments in place).
#
# Environment:
#   RABBITMQ_MANAGEMENT_URL  http[s]://user:password@host:port/api   (default http://guest:guest@127.0.0.1:15672/api)
#   RABBITMQ_MANAGEMENT_USER, RABBITMQ_MANAGEMENT_PASSWORD   override the URL's credentials
#   RABBITMQ_VHOST           virtual host (default /)
#   ARRAKIS_DEFINITIONS      definitions file (default: definitions.json beside this script)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
definitions=${ARRAKIS_DEFINITIONS:-$here/definitions.json}
url=${RABBITMQ_MANAGEMENT_URL:-http://guest:guest@127.0.0.1:15672/api}
vhost=${RABBITMQ_VHOST:-/}

# fail MESSAGE [EXIT_CODE]: 2 means "could not talk to the broker", 1 "the broker said no".
fail() { printf 'setup-topology: %s\n' "$1" >&2; exit "${2:-1}"; }
[ -r "$definitions" ] || fail "cannot read $definitions"
command -v curl >/dev/null || fail "curl is required"

# Split scheme://user:password@rest so the password goes to curl through a file descriptor, never
# through its command line (visible in ps) or our messages.
scheme=${url%%://*}
rest=${url#*://}
user=guest password=guest
if [[ $rest == *@* ]]; then
  credentials=${rest%%@*}
  rest=${rest#*@}
  user=${credentials%%:*}
  [[ $credentials == *:* ]] && password=${credentials#*:}
fi
user=${RABBITMQ_MANAGEMENT_USER:-$user}
password=${RABBITMQ_MANAGEMENT_PASSWORD:-$password}
base="$scheme://${rest%/}"
encoded_vhost=$(printf '%s' "$vhost" | sed -e 's/%/%25/g' -e 's|/|%2F|g')

# api METHOD PATH [curl args...]: prints the body, then the HTTP status on its own last line.
api() {
  local method=$1 path=$2
  shift 2
  curl -sS --max-time 20 -X "$method" -H 'content-type: application/json' \
    -K <(printf 'user = "%s:%s"\n' "$user" "$password") \
    -w '\n%{http_code}' "$@" "$base$path"
}

# 1. Is the management API there, and do the credentials work?
if ! status=$(api GET /overview -o /dev/null 2>"${TMPDIR:-/tmp}/setup-topology.$$"); then
  reason=$(sed -n 's/^curl: //p' "${TMPDIR:-/tmp}/setup-topology.$$")
  rm -f "${TMPDIR:-/tmp}/setup-topology.$$"
  fail "cannot reach the RabbitMQ management API at $base (is the broker running with the rabbitmq_management plugin?): $reason" 2
fi
rm -f "${TMPDIR:-/tmp}/setup-topology.$$"
case ${status##*$'\n'} in
  200) ;;
  401) fail "the management API at $base rejected user '$user' (check RABBITMQ_MANAGEMENT_URL or RABBITMQ_MANAGEMENT_USER/PASSWORD)" 2 ;;
  *) fail "unexpected answer from $base/overview: HTTP ${status##*$'\n'}" 2 ;;
esac

# 2. Import. The vhost-scoped endpoint applies the file's objects to $vhost whatever their "vhost" says.
answer=$(api POST "/definitions/$encoded_vhost" --data-binary "@$definitions")
status=${answer##*$'\n'}
if [[ $status != 2?? ]]; then
  fail "the broker refused $definitions for vhost '$vhost' (HTTP $status): ${answer%$'\n'*}"
fi

# 3. Read back every exchange and queue the file names (an import may be applied asynchronously).
expected=$(grep -o '"name": *"[^"]*"' "$definitions" | cut -d'"' -f4)
for attempt in $(seq 1 20); do
  present=$(api GET "/exchanges/$encoded_vhost?columns=name"; api GET "/queues/$encoded_vhost?columns=name")
  missing=()
  for name in $expected; do
    grep -q "\"name\":\"$name\"" <<<"$present" || missing+=("$name")
  done
  [ ${#missing[@]} -eq 0 ] && break
  [ "$attempt" -eq 20 ] && fail "after the import these are still missing on vhost '$vhost': ${missing[*]}"
  sleep 0.25
done
printf 'setup-topology: %s applied to %s vhost %s (%s exchanges and queues checked)\n' \
  "$(basename "$definitions")" "$base" "$vhost" "$(wc -w <<<"$expected")"
