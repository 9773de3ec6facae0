#!/bin/bash
# Regenerates the test-only TLS fixtures beside this script (run once; the outputs are checked in).
# Throwaway keys for tests only, valid for 100 years so the tests never expire.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
days=36500
ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }

ec "$tmp/ca.key"
openssl req -x509 -new -key "$tmp/ca.key" -subj "/CN=ccx-test-ca" -days $days -out ca.crt \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign"

issue() { # name subject extensions (the key NAME.key must exist)
  openssl req -new -key "$1.key" -subj "$2" -out "$tmp/$1.csr"
  printf '%s\n' "$3" > "$tmp/$1.ext"
  openssl x509 -req -in "$tmp/$1.csr" -CA ca.crt -CAkey "$tmp/ca.key" -set_serial "0x$(openssl rand -hex 16)" \
    -days $days -extfile "$tmp/$1.ext" -out "$1.crt"
}
server_ext='basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:ccx-test-runner,IP:127.0.0.1'
client_ext='basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth'

ec server-ec.key
issue server-ec "/CN=ccx-test-runner" "$server_ext"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out server-rsa.key
issue server-rsa "/CN=ccx-test-runner" "$server_ext"
ec client.key
issue client "/CN=ccx-orchestrator" "$client_ext"
ec intruder.key
issue intruder "/CN=ccx-intruder" "$client_ext"
# The same EC key in SEC1 form ("BEGIN EC PRIVATE KEY"), which the runner must refuse with a hint.
openssl ec -in server-ec.key -out server-ec-sec1.key 2>/dev/null
# The orchestrator's name on a certificate for servers only (extended key usage serverAuth), from the right CA.
ec misused.key
issue misused "/CN=ccx-orchestrator" "${client_ext/clientAuth/serverAuth}"
# The orchestrator's name from another CA.
ec "$tmp/foreign-ca.key"
openssl req -x509 -new -key "$tmp/foreign-ca.key" -subj "/CN=ccx-foreign-ca" -days $days -out "$tmp/foreign-ca.crt" \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign"
ec foreign.key
openssl req -new -key foreign.key -subj "/CN=ccx-orchestrator" -out "$tmp/foreign.csr"
printf '%s\n' "$client_ext" > "$tmp/foreign.ext"
openssl x509 -req -in "$tmp/foreign.csr" -CA "$tmp/foreign-ca.crt" -CAkey "$tmp/foreign-ca.key" \
  -set_serial "0x$(openssl rand -hex 16)" -days $days -extfile "$tmp/foreign.ext" -out foreign.crt
