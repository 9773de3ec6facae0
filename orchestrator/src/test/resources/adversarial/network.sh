# Network attacks: bob's runner agent with and without TLS, this runner's own agent, the Docker API.
res() { printf 'RESULT|%s|%s|%s\n' "$1" "$2" "$(printf '%s' "$3" | tr '\n|' ' /' | cut -c1-500)"; }
tcp() { timeout 4 bash -c "exec 3<>/dev/tcp/$1/$2" 2>&1 | head -1 | sed 's/.*: //'; echo "exit=${PIPESTATUS[0]}"; }
env1() { perl -0 -ne 'chomp; print $1 if /^\Q'"$1"'\E=(.*)/s' /proc/1/environ; }

# 1. bob's agent, plain TCP (and HTTP) to its real address
t=$(tcp "$BOB_IP" 8443 | tr '\n' ' ')
v=blocked; case "$t" in *exit=0*) v=OPEN ;; esac
res bob-tcp $v "bash /dev/tcp to bob's agent $BOB_IP:8443: $t"

# 2. bob's agent over TLS: without a client certificate, and with this runner's own certificate and key
dir=$(mktemp -d)
env1 CCX_TLS_CERT > "$dir/own.crt"; env1 CCX_TLS_KEY > "$dir/own.key"
tls() { r=$( (printf 'GET /health HTTP/1.0\r\n\r\n'; sleep 2) | timeout 4 openssl s_client -quiet -connect "$1" "${@:2}" 2>&1 \
  | tr -d '\r' | grep -oiE 'HTTP/1\.[01] [0-9]+|alert [a-z ]*|refused|unreachable|Could not[a-z ]*' | sort -u | tr '\n' ';'); \
  echo "${r:-no answer}"; }
a=$(tls "$BOB_IP:8443"); b=$(tls "$BOB_IP:8443" -cert "$dir/own.crt" -key "$dir/own.key")
n=$(timeout 4 node -e '
  const tls = require("tls"), fs = require("fs");
  const s = tls.connect({host: process.argv[1], port: 8443, rejectUnauthorized: false,
    cert: fs.readFileSync(process.argv[2]), key: fs.readFileSync(process.argv[3])}, () => s.write("GET /health HTTP/1.0\r\n\r\n"));
  s.on("data", d => { console.log("ANSWERED " + d.toString().split("\r\n")[0]); process.exit(0); });
  s.on("error", e => { console.log("error " + e.code); process.exit(0); });
  s.on("close", () => { console.log("closed without an answer"); process.exit(0); });' "$BOB_IP" "$dir/own.crt" "$dir/own.key" 2>&1 | head -1)
[ -z "$n" ] && n="no answer (timed out)"
v=blocked; case "$a $b $n" in *ANSWERED*|*"HTTP/1."*) v=OPEN ;; esac
res bob-tls $v "openssl without client cert: $a; with own runner cert: $b; node https with own cert: $n"

# 3. this runner's own agent (reachable on 127.0.0.1) still wants the orchestrator's client certificate
c=$(tls 127.0.0.1:8443 -cert "$dir/own.crt" -key "$dir/own.key")
h=$(timeout 4 bash -c 'exec 3<>/dev/tcp/127.0.0.1/8443; printf "GET /health HTTP/1.0\r\n\r\n" >&3; head -c 60 <&3' 2>&1 | tr -d '\r\0' | head -1)
o=$(timeout 4 node -e '
  const tls = require("tls"), fs = require("fs");
  const s = tls.connect({host: "127.0.0.1", port: 8443, rejectUnauthorized: false,
    cert: fs.readFileSync(process.argv[1]), key: fs.readFileSync(process.argv[2])}, () => s.write("GET /health HTTP/1.0\r\n\r\n"));
  s.on("data", d => { console.log("ANSWERED " + d.toString().split("\r\n")[0]); process.exit(0); });
  s.on("error", e => { console.log("error " + e.code); process.exit(0); });
  s.on("close", () => { console.log("closed without an answer"); process.exit(0); });' "$dir/own.crt" "$dir/own.key" 2>&1 | head -1)
rm -rf "$dir"
v=blocked; case "$c $o $h" in *ANSWERED*|*"HTTP/1."*) v=OPEN ;; esac
res own-agent $v "own agent with own runner cert: openssl: $c; node: $o; plain HTTP: [${h:-no answer}]"

# 4. the Docker API over Unix sockets
socks=$(find / -xdev -type s 2>/dev/null | head -5 | tr '\n' ' ')
known=""
for s in /var/run/docker.sock /run/docker.sock /run/containerd/containerd.sock /var/run/docker/docker.sock /run/user/0/docker.sock; do
  [ -e "$s" ] && known="$known $s"
done
p=$(python3 -c 'import socket,sys
for p in sys.argv[1:]:
    try:
        s=socket.socket(socket.AF_UNIX); s.connect(p); s.sendall(b"GET /version HTTP/1.0\r\n\r\n"); print("ANSWERED", s.recv(40))
    except OSError as e: print(p, e.strerror)' /var/run/docker.sock /run/docker.sock 2>&1 | tr '\n' ' ')
v=blocked; [ -n "$known" ] && v=OPEN; case "$p" in *ANSWERED*) v=OPEN ;; esac
res docker-socket $v "sockets on the filesystem: [$socks]; known Docker/containerd paths present: [$known]; connect: $p"

# 5. the Docker API over TCP on the gateway, host.docker.internal and the default bridge
out=""; v=blocked
for h in "$GATEWAY" host.docker.internal 172.17.0.1; do
  for port in 2375 2376; do
    r=$(tcp "$h" "$port" | tr '\n' ' '); out="$out $h:$port $r;"
    case "$r" in *exit=0*) v=OPEN ;; esac
  done
done
res docker-tcp $v "$out"
