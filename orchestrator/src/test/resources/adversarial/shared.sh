# On a shared runner network another runner's agent is reachable over TCP; it must still refuse everything but
# the orchestrator's client certificate.
res() { printf 'RESULT|%s|%s|%s\n' "$1" "$2" "$(printf '%s' "$3" | tr '\n|' ' /' | cut -c1-500)"; }
env1() { perl -0 -ne 'chomp; print $1 if /^\Q'"$1"'\E=(.*)/s' /proc/1/environ; }
dir=$(mktemp -d)
env1 CCX_TLS_CERT > "$dir/own.crt"; env1 CCX_TLS_KEY > "$dir/own.key"
t=$(timeout 4 bash -c "exec 3<>/dev/tcp/$BOB_IP/8443" 2>&1 | head -1; echo "exit=${PIPESTATUS[0]}")
h=$(timeout 4 bash -c "exec 3<>/dev/tcp/$BOB_IP/8443; printf 'GET /health HTTP/1.0\r\n\r\n' >&3; head -c 60 <&3" 2>&1 \
  | tr -d '\r\0' | head -1)
tls() { r=$( (printf 'GET /health HTTP/1.0\r\n\r\n'; sleep 2) | timeout 6 openssl s_client -quiet -connect "$BOB_IP:8443" "$@" 2>&1 \
  | tr -d '\r' | grep -oiE 'HTTP/1\.[01] [0-9]+|alert [a-z ]*|refused|unreachable|Could not[a-z ]*' | sort -u | tr '\n' ';'); \
  echo "${r:-no answer}"; }
a=$(tls); b=$(tls -cert "$dir/own.crt" -key "$dir/own.key")
n=$(timeout 6 node -e '
  const tls = require("tls"), fs = require("fs");
  const s = tls.connect({host: process.argv[1], port: 8443, rejectUnauthorized: false,
    cert: fs.readFileSync(process.argv[2]), key: fs.readFileSync(process.argv[3])}, () => s.write("GET /health HTTP/1.0\r\n\r\n"));
  s.on("data", d => { console.log("ANSWERED " + d.toString().split("\r\n")[0]); process.exit(0); });
  s.on("error", e => { console.log("error " + e.code); process.exit(0); });
  s.on("close", () => { console.log("closed without an answer"); process.exit(0); });' "$BOB_IP" "$dir/own.crt" "$dir/own.key" 2>&1 | head -1)
rm -rf "$dir"
v=blocked; case "$a $b $h $n" in *ANSWERED*|*"HTTP/1."*) v=OPEN ;; esac
res shared-tls $v "TCP to $BOB_IP:8443: $(printf '%s' "$t" | tr '\n' ' '); plain HTTP: [${h:-no answer}]; openssl without cert: $a; with own runner cert: $b; node with own cert: $n"
