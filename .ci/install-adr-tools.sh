#!/bin/sh
# Installs adr-tools (Debian's package of npryce/adr-tools) for the ADR interoperability tests of
# packages/adr. Idempotent: does nothing when adr-tools is already installed. The .deb stays in
# apt's own cache (/var/cache/apt/archives), so a second machine set-up from the same cache needs
# no download. Reads the mirror from the machine's apt sources; no host name is written here.
set -eu

if dpkg-query -W -f '${Status}\n' adr-tools 2>/dev/null | grep -q '^install ok installed$'; then
  echo "adr-tools $(dpkg-query -W -f '${Version}' adr-tools) already installed"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have empty package lists; refresh only when apt does not know the package.
if ! apt-cache show adr-tools >/dev/null 2>&1; then
  apt-get update -qq
fi
apt-get install -y -qq --no-install-recommends adr-tools >/dev/null
echo "adr-tools $(dpkg-query -W -f '${Version}' adr-tools) installed"
