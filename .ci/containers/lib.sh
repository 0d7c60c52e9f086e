# shellcheck shell=bash
# Shared helpers for .ci/containers/*.sh. Source, do not run.
# Nothing here names a registry or mirror host: the Debian archive is read from the
# machine's apt sources and the npm registry from `npm config get registry`.

set -euo pipefail

CONTAINERS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck disable=SC2034 # read by the scripts that source this file
REPO_ROOT=$(cd "$CONTAINERS_DIR/../.." && pwd)
# Everything downloaded or generated lives here, never in the repo.
STANDINS_CACHE=${STANDINS_CACHE:-/var/cache/distroless-standins}
LABEL_KEY=${LABEL_KEY:-org.opencontainers.image.standin.recipe}

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now_ms() { date +%s%3N; }
secs_since() { local s=$1; awk -v a="$s" -v b="$(now_ms)" 'BEGIN{printf "%.1f", (b-a)/1000}'; }

# as_root CMD...: run as root (CI runs as root; sudo elsewhere when present).
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Debian mirror from the machine's apt sources --------------------------------------
# Sets DEBIAN_URI (main archive) and DEBIAN_SECURITY_URI. Reads deb822 *.sources (URIs:
# lines, comments ignored) and falls back to one-line sources.list entries.
# Override with DEBIAN_URI=... / DEBIAN_SECURITY_URI=... in the environment.
detect_debian_mirror() {
  local files=() f
  for f in /etc/apt/sources.list.d/*.sources; do [ -f "$f" ] && files+=("$f"); done
  local pairs=""
  if [ ${#files[@]} -gt 0 ]; then
    # Print "<uri> <suite>" for every URI x suite of every stanza.
    pairs=$(awk '
      function flush() { if (u != "" && s != "") { n = split(u, U, /[ \t]+/); m = split(s, S, /[ \t]+/);
        for (i = 1; i <= n; i++) for (j = 1; j <= m; j++) if (U[i] != "" && S[j] != "") print U[i], S[j] }
        u = ""; s = "" }
      FNR == 1 { flush() }   # a new file ends the last stanza of the previous one (portable to mawk)
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      tolower($1) == "uris:"   { $1 = ""; u = $0; next }
      tolower($1) == "suites:" { $1 = ""; s = $0; next }
      END { flush() }' "${files[@]}")
  fi
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    pairs+=$'\n'$(sed -E -n 's/^[ \t]*deb[ \t]+(\[[^]]*\][ \t]+)?([^ \t]+)[ \t]+([^ \t]+).*/\2 \3/p' "$f")
  done
  if [ -z "${DEBIAN_URI:-}" ]; then
    DEBIAN_URI=$(printf '%s\n' "$pairs" | awk 'NF==2 && $2 !~ /-security$/ && $1 ~ /debian\/?$/ {print $1; exit}')
  fi
  if [ -z "${DEBIAN_SECURITY_URI:-}" ]; then
    DEBIAN_SECURITY_URI=$(printf '%s\n' "$pairs" | awk 'NF==2 && $2 ~ /-security$/ {print $1; exit}')
  fi
  DEBIAN_URI=${DEBIAN_URI%/}; DEBIAN_SECURITY_URI=${DEBIAN_SECURITY_URI%/}
  [ -n "$DEBIAN_URI" ] || die "no Debian archive found in the apt sources (set DEBIAN_URI)"
  [ -n "$DEBIAN_SECURITY_URI" ] || die "no Debian security archive found in the apt sources (set DEBIAN_SECURITY_URI)"
  export DEBIAN_URI DEBIAN_SECURITY_URI
}

# Keyring that verifies trixie. Bookworm's debian-archive-keyring (2023.3+deb12u1 and later)
# already carries the trixie keys. Otherwise download trixie's debian-archive-keyring .deb with
# apt-get in a temporary apt config: trixie's InRelease is also signed with the bookworm archive
# key, so the host keyring verifies that download; the keyring inside it is then used.
# STANDINS_KEYRING_FETCH=1 forces the download path (for testing).
trixie_keyring() {
  local kr=/usr/share/keyrings/debian-archive-keyring.gpg
  if [ "${STANDINS_KEYRING_FETCH:-0}" != 1 ]; then
    if command -v gpg >/dev/null; then
      gpg --show-keys "$kr" 2>/dev/null | grep -q '13/trixie' && { echo "$kr"; return; }
    elif [ -s /usr/share/keyrings/debian-archive-trixie-automatic.gpg ]; then
      echo "$kr"; return
    fi
  fi
  local d="$STANDINS_CACHE/keyring"
  if [ ! -s "$d/debian-archive-keyring.gpg" ] || [ "${STANDINS_KEYRING_FETCH:-0}" = 1 ]; then
    log "fetching trixie's debian-archive-keyring (host keyring lacks the trixie keys)"
    rm -rf "$d"; mkdir -p "$d/apt/lists/partial" "$d/apt/archives/partial" "$d/deb"
    printf 'deb [signed-by=%s] %s trixie main\n' "$kr" "$DEBIAN_URI" > "$d/sources.list"
    local o=(-o Dir::Etc::SourceList="$d/sources.list" -o Dir::Etc::SourceParts=/dev/null
             -o Dir::State::Lists="$d/apt/lists" -o Dir::Cache="$d/apt" -o Dir::State::status=/dev/null
             -o APT::Sandbox::User=root -o Debug::NoLocking=1 -o Acquire::Languages=none)
    apt-get "${o[@]}" -qq update >&2
    (cd "$d/deb" && apt-get "${o[@]}" -qq download debian-archive-keyring >&2)
    dpkg-deb -x "$d"/deb/debian-archive-keyring_*.deb "$d/x"
    cp "$d/x/usr/share/keyrings/debian-archive-keyring.gpg" "$d/debian-archive-keyring.gpg"
    rm -rf "$d/x" "$d/apt"
  fi
  echo "$d/debian-archive-keyring.gpg"
}

# --- Temporary apt configuration for trixie (never touches the host's sources) --------
TRIXIE_APT="$STANDINS_CACHE/apt-trixie"
trixie_apt_opts() {
  TRIXIE_APT_OPTS=(-o Dir::Etc::SourceList="$TRIXIE_APT/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
    -o Dir::State::Lists="$TRIXIE_APT/lists" -o Dir::Cache="$TRIXIE_APT/cache"
    -o Dir::State::status="$TRIXIE_APT/status" -o APT::Sandbox::User=root -o Debug::NoLocking=1
    -o APT::Architecture=amd64 -o APT::Architectures::=amd64 -o Acquire::Languages=none)
}
# trixie_apt_update: (re)create the temp config and fetch the indexes (once per run).
trixie_apt_update() {
  [ -n "${_TRIXIE_UPDATED:-}" ] && return 0
  detect_debian_mirror
  local kr; kr=$(trixie_keyring)
  mkdir -p "$TRIXIE_APT/lists/partial" "$TRIXIE_APT/cache/archives/partial"
  : > "$TRIXIE_APT/status"
  cat > "$TRIXIE_APT/sources.list" <<SRC
deb [signed-by=$kr] $DEBIAN_URI trixie main
deb [signed-by=$kr] $DEBIAN_URI trixie-updates main
deb [signed-by=$kr] $DEBIAN_URI trixie-backports main
deb [signed-by=$kr] $DEBIAN_SECURITY_URI trixie-security main
SRC
  trixie_apt_opts
  local t; t=$(now_ms)
  apt-get "${TRIXIE_APT_OPTS[@]}" -qq update
  log "trixie apt indexes updated ($(secs_since "$t") s)"
  _TRIXIE_UPDATED=1
}
tapt() { trixie_apt_opts; apt-get "${TRIXIE_APT_OPTS[@]}" "$@"; }
tcache() { trixie_apt_opts; apt-cache "${TRIXIE_APT_OPTS[@]}" "$@"; }

# newest_trixie_go: print "1.NN" for the newest golang-1.NN-go in trixie(+backports).
trixie_go_versions() {
  tcache search --names-only '^golang-1\.[0-9]+-go$' | awk '{print $1}' \
    | sed -E 's/^golang-(1\.[0-9]+)-go$/\1/' | sort -t. -k1,1n -k2,2n -u
}
