#!/bin/sh
# Runs the test suite on more Node.js versions than the machine's own (CI's is 20): by default the
# newest 22 and 24, since `pnpm create` users are on all three. The binaries come from the npm
# registry (the `node-linux-<arch>` packages that the `node` package installs), unpacked into a
# cache, so a second run fetches nothing; the registry is whatever this machine's npm is set to.
#
#   .ci/node-versions.sh [--fetch-only] [MAJOR ...]      (default: 22 24)
#
# Each version runs the workspace packages' tests directly (not through turbo, whose cache does not
# know the Node version) with that node first on PATH; the packages must be built (npm test does).
# NODE_VERSIONS_SUBSET, a space-separated list of workspace package names, narrows the run: CI
# passes the subset that keeps it inside its time limit (see the figures in .ci/run's call).
# Exit codes: 0 every version passed; 1 a version's tests failed; 2 a Node binary could not be had.
set -eu

cd "$(dirname "$0")/.."
cache=${NODE_VERSIONS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/distroless-service/node}
fetch_only=0
if [ "${1:-}" = "--fetch-only" ]; then fetch_only=1; shift; fi
[ "$#" -gt 0 ] || set -- 22 24

case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64) arch=arm64 ;;
  *) echo "node-versions: no Node package for $(uname -m)" >&2; exit 2 ;;
esac

# Prints the bin directory of the newest release of major $1, fetching it once.
node_bin() {
  version=$(npm view "node-linux-$arch@$1" version --json 2>/dev/null | tr -d '[]" \n' | awk -F, '{print $NF}')
  case "$version" in
    "$1".*) ;;
    *) echo "node-versions: no node-linux-$arch release for Node $1 on the registry" >&2; return 2 ;;
  esac
  dir="$cache/$version"
  if [ ! -x "$dir/bin/node" ]; then
    tmp=$(mktemp -d "$cache.tmp.XXXXXX")
    (cd "$tmp" && npm pack --silent "node-linux-$arch@$version" >/dev/null && tar -xzf ./*.tgz)
    [ -x "$tmp/package/bin/node" ] || { echo "node-versions: node-linux-$arch@$version has no bin/node" >&2; rm -rf "$tmp"; return 2; }
    mkdir -p "$cache"
    rm -rf "$dir"
    mv "$tmp/package" "$dir" # a whole directory or none: an interrupted run never leaves half a binary
    rm -rf "$tmp"
  fi
  echo "$dir/bin"
}

mkdir -p "$(dirname "$cache")"
status=0
for major in "$@"; do
  bin=$(node_bin "$major") || exit 2
  printf '\n== Node %s (%s)\n' "$("$bin/node" --version)" "$bin"
  [ "$fetch_only" = 1 ] && continue
  started=$(date +%s)
  filters=""
  for name in ${NODE_VERSIONS_SUBSET:-}; do filters="$filters --filter $name"; done
  # shellcheck disable=SC2086 # word splitting of $filters is intended
  if PATH="$bin:$PATH" npx -y pnpm@10 -r --workspace-concurrency=1 $filters run test; then
    result=passed
  else
    result=FAILED
    status=1
  fi
  printf '== Node %s: tests %s in %ss\n' "$major" "$result" "$(($(date +%s) - started))"
done
exit "$status"
