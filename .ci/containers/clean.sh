#!/usr/bin/env bash
# Remove what build-standins.sh made: every image carrying the stand-in recipe label (all the
# stand-in tags from templates/images.json and the shared trixie base) and the download cache.
# With --all also the podman drop-in written by setup-podman.sh. Packages installed with apt are left alone (apt-get purge them).
#
#   .ci/containers/clean.sh [--all]
source "$(dirname "$0")/lib.sh"
ALL=0; [ "${1:-}" = --all ] && ALL=1
ids=$(podman images --filter "label=$LABEL_KEY" --format '{{.ID}}' | sort -u)
# shellcheck disable=SC2086 # one argument per image id
[ -n "$ids" ] && podman rmi -f $ids >/dev/null && log "removed images: $(wc -w <<<"$ids")"
# Dangling build-cache images are not pruned here (they may belong to other users of this
# store); run `podman image prune` yourself if wanted.
rm -rf "$STANDINS_CACHE"; log "removed $STANDINS_CACHE"
if [ $ALL = 1 ]; then
  rm -f /etc/containers/containers.conf.d/50-standins.conf
  log "removed /etc/containers/containers.conf.d/50-standins.conf"
fi
