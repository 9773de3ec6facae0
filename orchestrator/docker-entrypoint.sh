#!/bin/sh
# Starts the orchestrator as the unprivileged user ccx (uid 10000). Access to the Docker socket is granted by
# joining the socket's group, whatever its id is on this host; nothing else runs as root.
set -eu
state="${CCX_STATE_DIR:-/var/lib/ccx}"
socket="${CCX_DOCKER_HOST:-unix:///var/run/docker.sock}"
socket="${socket#unix://}"
# Serial GC and a small initial heap that grows with need (about 45 MiB live with 110 runners up); CCX_JAVA_OPTS adds
# JVM options (split at spaces), e.g. -Xmx512m or a JFR recording.
jvm="-XX:+UseSerialGC -Xms32m -XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError ${CCX_JAVA_OPTS:-}"
if [ "$(id -u)" = "0" ]; then
  mkdir -p "$state"
  chown 10000:10000 "$state"
  chmod 0700 "$state"
  groups=""
  if [ -S "$socket" ]; then
    groups="--groups $(stat -c %g "$socket")"
  fi
  # shellcheck disable=SC2086
  exec setpriv --reuid=10000 --regid=10000 $groups --inh-caps=-all --bounding-set=-all --no-new-privs \
    java $jvm -cp "/opt/ccx/ccx-orchestrator.jar:/opt/ccx/lib/*" \
    dev.ccx.orchestrator.Main "$@"
fi
# shellcheck disable=SC2086
exec java $jvm -cp "/opt/ccx/ccx-orchestrator.jar:/opt/ccx/lib/*" \
  dev.ccx.orchestrator.Main "$@"
