#!/usr/bin/env bash
# Runner agent benchmark: cold start and idle memory of a runner container started the way the orchestrator
# starts one (hardened, mutual TLS, named volumes). Prints every run and min/median/max of
#   start->ready : `docker start` until the first successful mTLS GET /health from the host (what a user waits)
#   jvm->ready   : the container's start (the JVM is its first process after tini) until that /health
#   main->ready  : the agent's own log: main() entered until the server listens (configuration and TLS included)
#   idle RSS     : resident memory of all container processes (tini, JVM, stunnel) two seconds after ready
# Usage: runner-image/bench/agent-bench.sh [runs]      (default 10; needs docker, curl, openssl)
#        IMAGE=ccx-runner:latest BUILD=1 runner-image/bench/agent-bench.sh   (BUILD=1 builds the image first)
#        JAVA_FLAGS="-XX:+UseSerialGC ..." runner-image/bench/agent-bench.sh   (try JVM flags without a rebuild: they
#        replace the image's, the class path and main class are added)
set -euo pipefail
RUNS=${1:-10}
IMAGE=${IMAGE:-ccx-runner:latest}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if [ "${BUILD:-0}" = 1 ]; then
  docker build -q -f "$ROOT/runner-image/Dockerfile" -t "$IMAGE" \
    --build-arg EXTRA_CA_PEM="$( [ -n "${CCX_EXTRA_CA_PEM:-}" ] && cat "$CCX_EXTRA_CA_PEM" )" "$ROOT" >/dev/null
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
SLOT=bench-runner

# Throwaway mTLS material shaped like the orchestrator's: EC keys, the slot as DNS name, client ccx-orchestrator.
cd "$T"
openssl ecparam -name prime256v1 -genkey -noout 2>/dev/null | openssl pkcs8 -topk8 -nocrypt -out ca.key
openssl req -x509 -new -key ca.key -subj /CN=bench-ca -days 1 -out ca.crt \
  -addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign 2>/dev/null
for who in server client; do
  openssl ecparam -name prime256v1 -genkey -noout 2>/dev/null | openssl pkcs8 -topk8 -nocrypt -out $who.key
done
openssl req -new -key server.key -subj /CN=$SLOT 2>/dev/null | openssl x509 -req -CA ca.crt -CAkey ca.key \
  -CAcreateserial -days 1 -extfile <(printf 'subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth\n' $SLOT) \
  -out server.crt 2>/dev/null
openssl req -new -key client.key -subj /CN=ccx-orchestrator 2>/dev/null | openssl x509 -req -CA ca.crt \
  -CAkey ca.key -CAcreateserial -days 1 -extfile <(printf 'extendedKeyUsage=clientAuth\n') -out client.crt 2>/dev/null

ms() { echo $(( $(date +%s%N) / 1000000 )); }
stats() { sort -n | awk '{a[NR]=$1} END {printf "min %s  median %s  max %s", a[1], (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2), a[NR]}'; }

printf '%-4s %14s %12s %13s %12s\n' run start-ready jvm-ready main-ready idle-RSS
for i in $(seq 1 "$RUNS"); do
  name=ccx-bench-$$-$i
  port=$((20000 + RANDOM % 20000))
  docker create --name $name --read-only --tmpfs /tmp:rw,nosuid,nodev,size=256m,mode=1777 --user 10001:10001 \
    --cap-drop ALL --security-opt no-new-privileges:true --memory 1g --memory-swap 1g --cpus ${CPUS:-1} --pids-limit 256 \
    --init -v $name-claude:/home/runner/.claude -v $name-codex:/home/runner/.codex -v $name-jobs:/jobs \
    $( [ -f "$ROOT/policies/seccomp-runner.json" ] && echo --security-opt seccomp="$ROOT/policies/seccomp-runner.json" ) \
    -p 127.0.0.1:$port:8443 -e CCX_SLOT=$SLOT -e CCX_TLS_CERT="$(cat server.crt)" -e CCX_TLS_KEY="$(cat server.key)" \
    -e CCX_TLS_CA="$(cat ca.crt)" \
    $( [ -n "${JAVA_FLAGS:-}" ] && echo --entrypoint /opt/java/bin/java ) "$IMAGE" \
    $( [ -n "${JAVA_FLAGS:-}" ] && echo $JAVA_FLAGS -cp /opt/ccx/ccx-runner-agent.jar dev.ccx.runner.Main ) >/dev/null
  t0=$(ms)
  docker start $name >/dev/null
  until curl -sf --max-time 1 --cacert ca.crt --cert client.crt --key client.key \
      --resolve $SLOT:$port:127.0.0.1 https://$SLOT:$port/health >/dev/null 2>&1; do
    [ $(( $(ms) - t0 )) -lt 30000 ] || { docker logs $name; exit 1; }
    sleep 0.01
  done
  t1=$(ms)
  started=$(docker inspect -f '{{.State.StartedAt}}' $name)
  jvm=$(( t1 - $(date -d "$started" +%s%3N) ))
  main=$(docker logs $name 2>&1 | sed -n 's/.*, \([0-9]*\) ms after main().*/\1/p')
  sleep 2
  rss=$(docker top $name -eo pid,rss | awk 'NR>1 {s+=$2} END {printf "%.1f", s/1024}')
  printf '%-4s %11s ms %9s ms %10s ms %8s MiB\n' $i $((t1 - t0)) $jvm "$main" $rss
  echo "$((t1 - t0)) $jvm $main $rss" >> results
  docker rm -f -v $name >/dev/null
  docker volume rm $name-claude $name-codex $name-jobs >/dev/null
done
echo "start->ready (ms): $(cut -d' ' -f1 results | stats)"
echo "jvm->ready   (ms): $(cut -d' ' -f2 results | stats)"
echo "main->ready  (ms): $(cut -d' ' -f3 results | stats)"
echo "idle RSS    (MiB): $(cut -d' ' -f4 results | stats)"
