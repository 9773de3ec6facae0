#!/bin/sh
# Image build step: a training run of the agent that records the classes a real start and the first requests
# load (a start behind the image's TLS terminator, health, models, auth status, a chat completion streamed and not,
# a 400; all over mutual TLS), then dumps them into an AppCDS archive so the runner's JVM starts from mapped,
# pre-parsed classes.
# Usage: train.sh <java> <agent jar> <archive>   (all throwaway material lives under /tmp/cds and is removed)
set -eu
JAVA=$1 JAR=$2 ARCHIVE=$3
HERE=$(dirname "$0")
T=/tmp/cds
rm -rf "$T" && mkdir -p "$T/jobs" "$T/work" "$T/home/.claude" "$T/home/.codex"
cd "$T"

# Throwaway mTLS material, shaped like the orchestrator's (EC keys, clientAuth client named ccx-orchestrator).
openssl ecparam -name prime256v1 -genkey -noout -out ca.ec 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in ca.ec -out ca.key
openssl req -x509 -new -key ca.key -subj /CN=cds-ca -days 2 -out ca.crt \
  -addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign 2>/dev/null
for who in server client; do
  openssl ecparam -name prime256v1 -genkey -noout -out $who.ec 2>/dev/null
  openssl pkcs8 -topk8 -nocrypt -in $who.ec -out $who.key
done
openssl req -new -key server.key -subj /CN=cds -out server.csr 2>/dev/null
printf 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n' > server.ext
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext \
  -out server.crt 2>/dev/null
openssl req -new -key client.key -subj /CN=ccx-orchestrator -out client.csr 2>/dev/null
printf 'extendedKeyUsage=clientAuth\n' > client.ext
openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile client.ext \
  -out client.crt 2>/dev/null

FLAGS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -XX:-UsePerfData -Djava.locale.providers=COMPAT"
env -i PATH=/usr/local/bin:/usr/bin:/bin \
  CCX_SLOT=cds CCX_PORT=18443 CCX_BIND=127.0.0.1 CCX_TLS_TERMINATOR="${CCX_TLS_TERMINATOR:-}" \
  CCX_TLS_CERT="$(cat server.crt)" CCX_TLS_KEY="$(cat server.key)" CCX_TLS_CA="$(cat ca.crt)" \
  CCX_JOBS_DIR=$T/jobs CCX_WORK_DIR=$T/work CCX_HOME=$T/home \
  CCX_CLAUDE_HOME=$T/home/.claude CCX_CODEX_HOME=$T/home/.codex \
  CCX_CLAUDE_BIN="$HERE/standin-claude" CCX_CODEX_BIN="$HERE/standin-codex" \
  CCX_CODEX_CONFIG='["model_provider=none"]' CCX_CLI_ENV=ANTHROPIC_API_KEY ANTHROPIC_API_KEY=unused \
  "$JAVA" $FLAGS -Xshare:off -XX:DumpLoadedClassList=$T/classes.lst -cp "$JAR" dev.ccx.runner.Main \
  > agent.log 2>&1 &
AGENT=$!
node "$HERE/train-client.js" 127.0.0.1 18443 "$T" || { cat agent.log; kill $AGENT; exit 1; }
kill $AGENT && wait $AGENT || true
# The agent reads and writes JSON without Jackson's data binding (dev.ccx.runner.Json): a mapper would put ~300
# more classes into every runner's memory. Fail the build if one crept back into a trained path.
if grep -Eq '^com/fasterxml/jackson/databind/ObjectMapper( |$)' "$T/classes.lst"; then
  echo "train.sh: the agent created a Jackson ObjectMapper; use dev.ccx.runner.Json" >&2
  exit 1
fi
# Likewise java.security's provider framework (~90 classes): identifiers on these paths come from dev.ccx.runner.Ids,
# not UUID.randomUUID() or SecureRandom.
if grep -Eq '^java/security/SecureRandom( |$)' "$T/classes.lst"; then
  echo "train.sh: a trained path created a SecureRandom (UUID.randomUUID?); use dev.ccx.runner.Ids" >&2
  exit 1
fi

"$JAVA" $FLAGS -Xshare:dump -XX:SharedClassListFile=$T/classes.lst -XX:SharedArchiveFile="$ARCHIVE" \
  -cp "$JAR" > dump.log 2>&1 || { cat dump.log; exit 1; }
chmod 0644 "$ARCHIVE"
echo "AppCDS archive $ARCHIVE: $(wc -l < $T/classes.lst) classes"
cd / && rm -rf "$T"
