#!/usr/bin/env bash
# ctest lint.package: builds the Debian package of a build folder with CPack and checks its layout:
# programs in /usr/bin, every built plugin in /opt/arrakis/plugins, hardened systemd units,
# infrastructure files under /usr/share/arrakis, computed library dependencies, the postinst.
#   check-package.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
problems=0
problem() { echo "package: $*" >&2; problems=$((problems + 1)); }

if ! cpack -G DEB --config "$build/CPackConfig.cmake" -B "$out" >"$out/cpack.log" 2>&1; then
  cat "$out/cpack.log" >&2
  echo "package: cpack -G DEB failed" >&2
  exit 1
fi
deb=$(find "$out" -maxdepth 1 -name '*.deb' | head -1)
[ -n "$deb" ] || { echo "package: cpack produced no .deb" >&2; exit 1; }
listing=$(dpkg-deb -c "$deb" | awk '{print $6}')
has() { grep -qxF "$1" <<<"$listing" || problem "missing $1"; }

expected=(
  ./usr/bin/arrakis-worker
  ./usr/bin/arrakis-migrate
  ./opt/arrakis/plugins/
  ./usr/lib/systemd/system/arrakis-worker.service
  ./usr/lib/systemd/system/arrakis-ingestor.service
  ./usr/lib/systemd/system/arrakis-migrate.service
  ./usr/share/arrakis/infrastructure/postgres/migrations/0001_tenancy.sql
  ./usr/share/arrakis/infrastructure/rabbitmq/definitions.json
  ./usr/share/arrakis/infrastructure/rabbitmq/setup-topology.sh
  ./usr/share/arrakis/infrastructure/terraform/main.tf
  ./usr/share/arrakis/infrastructure/docker/Dockerfile
  ./usr/share/doc/arrakis/arrakis.env.example
)
for path in "${expected[@]}"; do has "$path"; done
# Programs and plugins that this build made must all be in the package.
for program in arrakis-ingestor arrakisctl; do
  if find "$build" -type f -name "$program" -perm -u+x -not -path '*/CMakeFiles/*' | grep -q .; then
    has "./usr/bin/$program"
  fi
done
plugins=0
while IFS= read -r plugin; do
  has "./opt/arrakis/plugins/$(basename "$plugin")"
  plugins=$((plugins + 1))
done < <(find "$build/plugins-out" -maxdepth 1 -name 'lib*.so' 2>/dev/null)

# The operator script must stay executable once installed.
dpkg-deb -c "$deb" | grep -E ' \./usr/share/arrakis/infrastructure/rabbitmq/setup-topology\.sh$' | grep -q '^-rwx' ||
  problem "setup-topology.sh is not executable in the package"

unit=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/lib/systemd/system/arrakis-worker.service)
for setting in ProtectSystem=strict NoNewPrivileges=yes StateDirectory=arrakis \
               Environment=ARRAKIS_PLUGIN_DIR=/opt/arrakis/plugins Environment=ARRAKIS_PLUGIN_STORE=/var/lib/arrakis/plugin-store; do
  grep -qxF "$setting" <<<"$unit" || problem "arrakis-worker.service lacks $setting"
done

depends=$(dpkg-deb -f "$deb" Depends)
for library in libpqxx librabbitmq libhiredict; do
  grep -q "$library" <<<"$depends" || problem "Depends does not name $library: $depends"
done
dpkg-deb -I "$deb" postinst >/dev/null 2>&1 || problem "no postinst"

if [ "$problems" -gt 0 ]; then
  echo "package: $problems problem(s) in $(basename "$deb")" >&2
  exit 1
fi
echo "package: $(basename "$deb") ($(du -h "$deb" | cut -f1)) has the expected layout, $plugins plugin(s)"
