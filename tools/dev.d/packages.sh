# shellcheck shell=bash
# Debian packages and the CMake build (sourced by tools/dev).

# libhiredict-dev (hiredict: hiredis with TLS, for rediss://; docs/security.md) is only in
# bookworm-backports on Debian 12: ensure_backports adds that suite first. Bookworm's own hiredis 0.14
# has no TLS.
# Everything the build, the servers and the tests need, by Debian 12 package name.
ARRAKIS_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git curl ca-certificates procps iproute2 jq
  libboost-dev libboost-program-options-dev libboost-filesystem-dev libboost-system-dev
  libcpprest-dev libpqxx-dev nlohmann-json3-dev libgtest-dev libgmock-dev libbenchmark-dev
  librabbitmq-dev libhiredict-dev libspdlog-dev libsecp256k1-dev libcrypto++-dev libssl-dev
  libsodium-dev libcli11-dev zlib1g-dev libpng-dev
  rabbitmq-server redis-server postgresql postgresql-client shellcheck
)

# Only `tools/dev test` needs these (kept out of the build image, infrastructure/docker): the /verify
# browser test drives headless Chromium through chromedriver (tests/worker/sietch/verify_e2e_test.cpp).
ARRAKIS_TEST_PACKAGES=(chromium chromium-driver)

ensure_packages() {
  ensure_backports
  install_missing_packages "${ARRAKIS_PACKAGES[@]}"
}

# ensure_backports: on Debian 12 (bookworm), adds the bookworm-backports suite once (idempotent: only
# when no apt source names it yet). Backports are pinned low by Debian (NotAutomatic): nothing else
# is upgraded from there, only packages named that exist nowhere else (libhiredict-dev) come from it.
ARRAKIS_BACKPORTS_SOURCE=/etc/apt/sources.list.d/arrakis-bookworm-backports.sources
ensure_backports() {
  [ -r /etc/os-release ] && grep -qx 'VERSION_CODENAME=bookworm' /etc/os-release || return 0
  grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/ && return 0
  dpkg-query -W -f='${Status}' libhiredict-dev 2>/dev/null | grep -q 'install ok installed' && return 0
  [ "$(id -u)" = 0 ] || die "libhiredict-dev needs bookworm-backports; run as root or add that apt suite"
  log "adding the bookworm-backports apt suite ($ARRAKIS_BACKPORTS_SOURCE)"
  cat > "$ARRAKIS_BACKPORTS_SOURCE" <<'SOURCES'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
}

ensure_test_packages() {
  install_missing_packages "${ARRAKIS_TEST_PACKAGES[@]}"
}

# install_missing_packages PACKAGE...: apt-get installs those not installed yet (as root).
install_missing_packages() {
  local missing=()
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "missing packages (${missing[*]}); run as root or install them with apt-get"
  log "installing ${#missing[@]} Debian packages: ${missing[*]}"
  local t0; t0=$(now)
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  log "packages installed ($(since "$t0"))"
}

# npm packages used by lint tests (not by the build), pinned, installed under build/node-tools.
# @cdktf/hcl2json: HashiCorp's HCL2 parser compiled to WebAssembly (tests/infrastructure/check-terraform.sh).
ARRAKIS_NODE_TOOLS=("@cdktf/hcl2json@0.21.0")

ensure_node_tools() {
  local dir=$ROOT/build/node-tools
  [ -d "$dir/node_modules/@cdktf/hcl2json" ] && return 0
  if ! command -v npm >/dev/null; then
    # Only when no node/npm at all: a machine with another Node.js distribution keeps its own.
    if [ "$(id -u)" = 0 ]; then
      apt-get update -q >/dev/null
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nodejs npm >/dev/null ||
        { log "warning: could not install nodejs/npm; the Terraform lint falls back to terraform fmt"; return 0; }
    else
      log "warning: npm is missing; the Terraform lint falls back to terraform fmt"
      return 0
    fi
  fi
  npm install --prefix "$dir" --no-audit --no-fund --silent "${ARRAKIS_NODE_TOOLS[@]}" >/dev/null ||
    log "warning: npm install ${ARRAKIS_NODE_TOOLS[*]} failed (offline?); the Terraform lint falls back to terraform fmt"
}

# setup_build PRESET: packages, configure (once), build.
setup_build() {
  local preset=$1 t0
  ensure_packages
  ensure_node_tools
  cd "$ROOT" || return 1
  t0=$(now)
  if [ ! -f "build/$preset/build.ninja" ]; then
    cmake --preset "$preset" >/dev/null
  fi
  cmake --build --preset "$preset" -- -j"$(nproc)"
  log "build '$preset' done ($(since "$t0"))"
}
