#!/usr/bin/env bash
# Install podman + runc + buildah + mmdebstrap from the machine's Debian sources and
# configure podman for this kind of host (see README.md). Idempotent.
#
#   .ci/containers/setup-podman.sh [--conf-file PATH]
#
# Default: writes the drop-in /etc/containers/containers.conf.d/50-standins.conf.
# --conf-file PATH: write the same settings to PATH instead and leave /etc alone; then
# export CONTAINERS_CONF=PATH for podman/buildah (the script prints the line).
source "$(dirname "$0")/lib.sh"

CONF=/etc/containers/containers.conf.d/50-standins.conf
while [ $# -gt 0 ]; do
  case $1 in
    --conf-file) CONF=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done

t0=$(now_ms)
pkgs=(podman runc buildah mmdebstrap uidmap)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "podman, runc, buildah, mmdebstrap already installed"
fi

# Limits: root here has no CAP_SYS_RESOURCE, so the container's hard limits must not exceed
# the current ones. podman's own defaults (nofile 1048576 for root; nproc dropped when only
# nofile is given) fail with "error setting rlimit type 7/6". Set both.
hn=$(ulimit -Hn); [ "$hn" = unlimited ] && hn=1048576
[ "$hn" -gt 1048576 ] && hn=1048576
hu=$(ulimit -Hu); [ "$hu" = unlimited ] && hu=32768
[ "$hu" -gt 32768 ] && hu=32768

# crun fails on hybrid cgroup v1/v2 hosts ("cgroups in hybrid mode not supported"): runc.
content="# Written by .ci/containers/setup-podman.sh; safe to delete.
[containers]
default_ulimits = [
  \"nofile=$hn:$hn\",
  \"nproc=$hu:$hu\",
]

[engine]
runtime = \"runc\"
cgroup_manager = \"cgroupfs\"
events_logger = \"file\"
"
if [ -f "$CONF" ] && [ "$(cat "$CONF")" = "$(printf '%s' "$content")" ]; then
  log "config unchanged: $CONF"
else
  as_root mkdir -p "$(dirname "$CONF")"
  printf '%s' "$content" | as_root tee "$CONF" >/dev/null
  log "wrote $CONF (nofile=$hn nproc=$hu runtime=runc)"
fi
case $CONF in
  /etc/containers/containers.conf.d/*) ;;
  *) echo "export CONTAINERS_CONF=$CONF" ;;
esac

# Smoke test: the engine starts with this config and the runtime is runc.
if [ "$CONF" = /etc/containers/containers.conf.d/50-standins.conf ]; then
  rt=$(podman info --format '{{.Host.OCIRuntime.Name}}')
else
  rt=$(CONTAINERS_CONF=$CONF podman info --format '{{.Host.OCIRuntime.Name}}')
fi
[ "$rt" = runc ] || die "podman reports OCI runtime '$rt', expected runc"
log "podman $(podman version --format '{{.Client.Version}}') ready, runtime $rt ($(secs_since "$t0") s)"
