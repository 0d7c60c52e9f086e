#!/bin/sh
# Installs bubblewrap (Debian's package `bubblewrap`, the `bwrap` binary), the sandbox the
# validator's native engine runs a service's build, tests and process in, and checks that it can
# start a sandbox here (user, PID and network namespaces). Idempotent: does nothing when bwrap is
# already installed. The .deb stays in apt's own cache. Reads the mirror from the machine's apt
# sources; no host name is written here.
set -eu

if ! command -v bwrap >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine may have empty package lists; refresh only when apt does not know the package.
  if ! apt-cache show bubblewrap >/dev/null 2>&1; then
    apt-get update -qq
  fi
  apt-get install -y -qq --no-install-recommends bubblewrap >/dev/null
  echo "bubblewrap $(dpkg-query -W -f '${Version}' bubblewrap) installed"
else
  echo "bwrap already installed ($(bwrap --version))"
fi

# The namespaces the native engine asks for; a kernel or container that forbids them fails here,
# with bwrap's own message, instead of in the middle of the tests.
bwrap --unshare-user --unshare-pid --unshare-net --die-with-parent --ro-bind / / --proc /proc --dev /dev true
echo "bwrap can start a sandbox here"
