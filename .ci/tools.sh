#!/bin/sh
# Installs the pinned Go-built tools that the project's tests and CI use, each into its own
# cache directory, and prints the one line that puts them first on PATH:
#
#   eval "$(.ci/tools.sh helm)"      # or no names: every tool below
#
# Idempotent: a tool whose binary was built from the same recipe line is reused, so a warm run
# costs a few file tests. Builds go through `go install module@version` with whatever module
# proxy `go env` reports, into a private directory that is renamed into place when complete.
# Progress goes to stderr; stdout is only the export line. Exit codes: 0 done, 1 an install
# failed (or Go is missing), 2 bad arguments.
#
# To add a tool, add one line to TOOLS: its name (the binary), the module path of its main
# package, the version, and optionally the Go variable its version command prints, which is set
# with -ldflags -X as upstream release builds do (go install alone leaves it at a default).
set -eu

TOOLS='
helm helm.sh/helm/v4/cmd/helm v4.3.2 helm.sh/helm/v4/internal/version.version
'

usage() {
	echo "usage: $0 [--list] [NAME...]   (tools:$names)" >&2
	exit 2
}

names=$(printf '%s' "$TOOLS" | cut -d' ' -f1 | tr '\n' ' ')
root=${DISTROLESS_SERVICE_TOOLS:-${XDG_CACHE_HOME:-${HOME:?HOME is not set}/.cache}/distroless-service/tools}

if [ "${1:-}" = "--list" ]; then
	printf '%s\n' "$TOOLS" | sed '/^$/d'
	exit 0
fi
case "${1:-}" in -*) usage ;; esac

# Checks every name first (as a plain word, not a pattern): nothing is built when one is unknown.
for want in "$@"; do
	case " $names " in
	*" $want "*) ;;
	*)
		echo "tools.sh: unknown tool '$want'" >&2
		usage
		;;
	esac
done

tmp=
trap 'if [ -n "$tmp" ]; then rm -rf "$tmp"; fi' EXIT
trap 'exit 130' INT TERM

cached() {
	[ -x "$dir/bin/$name" ] && [ "$(cat "$dir/recipe" 2>/dev/null)" = "$recipe" ]
}

# install_tool NAME MODULE VERSION [VERSION_VAR]: sets bin to the tool's bin directory. Runs in
# this shell, not a command substitution, so the EXIT trap removes a half-built copy.
install_tool() {
	name=$1 module=$2 version=$3 var=${4:-}
	dir=$root/$name-$version
	recipe="$name $module $version $var"
	if cached; then
		echo "tools.sh: $name $version cached in $dir" >&2
		bin=$dir/bin
		return 0
	fi
	go=$(command -v go) || {
		echo "tools.sh: installing $name needs Go on PATH (https://go.dev/doc/install, or Debian's golang-go)" >&2
		return 1
	}
	# Called as `install_tool ... || exit 1`, where set -e is off: each step checks itself.
	mkdir -p "$root" || return 1
	tmp=$(mktemp -d "$root/.$name-$version.XXXXXX") || return 1
	ldflags='-s -w'
	if [ -n "$var" ]; then ldflags="$ldflags -X $var=$version"; fi
	echo "tools.sh: go install $module@$version (proxy: $("$go" env GOPROXY))" >&2
	start=$(date +%s)
	# CGO off and -trimpath as upstream release builds; GOFLAGS from the environment still apply.
	if ! GOBIN="$tmp/bin" CGO_ENABLED=0 "$go" install -trimpath -ldflags "$ldflags" "$module@$version" </dev/null >&2; then
		echo "tools.sh: go install $module@$version failed" >&2
		return 1
	fi
	printf '%s\n' "$recipe" >"$tmp/recipe" || return 1
	# A stale build (other recipe) is replaced; a good one a concurrent run put there meanwhile
	# is kept (it may be in use) and ours dropped. Should that run win the race between rm and
	# mv, mv moves ours inside its directory: that copy is removed.
	if ! cached; then
		rm -rf "$dir"
		mv "$tmp" "$dir" || return 1
		rm -rf "${dir:?}/${tmp##*/}"
	fi
	rm -rf "$tmp"
	tmp=
	echo "tools.sh: $name $version installed in $dir in $(($(date +%s) - start)) s" >&2
	bin=$dir/bin
}

paths=
while read -r name module version var; do
	[ -n "$name" ] || continue
	if [ "$#" -gt 0 ]; then
		selected=false
		for want in "$@"; do [ "$want" = "$name" ] && selected=true; done
		[ "$selected" = true ] || continue
	fi
	install_tool "$name" "$module" "$version" "$var" || exit 1
	paths="$paths$bin:"
done <<EOF
$TOOLS
EOF

# Single-quoted for eval; a quote inside the path is closed, escaped and reopened.
quoted=$(printf '%s' "$paths" | sed "s/'/'\\\\''/g")
printf "export PATH='%s'\"\$PATH\"\n" "$quoted"
