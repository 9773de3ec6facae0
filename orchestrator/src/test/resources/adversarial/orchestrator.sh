# The orchestrator's user and admin APIs, reached from inside the runner, with every credential-looking value
# this runner can find: environment values of every process, tokens in the CLI homes and the jobs volume.
res() { printf 'RESULT|%s|%s|%s\n' "$1" "$2" "$(printf '%s' "$3" | tr '\n|' ' /' | cut -c1-500)"; }

cand=$(mktemp)
{ cat /proc/[0-9]*/environ 2>/dev/null | tr '\0' '\n' | sed 's/^[^=]*=//'
  grep -rahoE '[A-Za-z0-9._~+/=-]{12,}' "$HOME/.codex" "$HOME/.claude" /jobs 2>/dev/null | head -2000
} | awk 'length($0) >= 8 && length($0) <= 4096' | sort -u > "$cand"
r=$(timeout 25 node -e '
  const http = require("http"), fs = require("fs");
  const tokens = fs.readFileSync(process.argv[1], "utf8").split("\n").filter(t => t && !/[\r\n]/.test(t)).slice(0, 400);
  const base = {host: process.argv[2], port: +process.argv[3]};
  const get = (path, headers) => new Promise(ok => { const q = http.get({...base, path, headers, timeout: 3000},
    r => { r.resume(); ok(r.statusCode); }); q.on("error", e => ok(e.code)); q.on("timeout", () => { q.destroy(); ok("timeout"); }); });
  (async () => {
    const health = await get("/health", {});
    const counts = {};
    for (const t of tokens) {
      for (const [path, h] of [["/admin/slots", {}], ["/v1/models", {"X-CCX-User": "bob"}], ["/v1/jobs", {"X-CCX-User": "bob"}]]) {
        let s; try { s = await get(path, {...h, Authorization: "Bearer " + t}); } catch (e) { s = "invalid-header"; }
        counts[s] = (counts[s] || 0) + 1;
      }
    }
    console.log("health=" + health + " candidates=" + tokens.length + " statuses=" + JSON.stringify(counts));
  })();' "$cand" "$ORCH_HOST" "$ORCH_PORT" 2>&1 | tail -1)
rm -f "$cand"
v=blocked
case "$r" in *health=200*) ;; *) v=OPEN ;; esac
printf '%s' "$r" | grep -oE '"[^"]+":[0-9]+' | grep -v '^"401"' | grep -vq '^"invalid-header"' && v=OPEN
res orchestrator-api $v "orchestrator at $ORCH_HOST:$ORCH_PORT: $r"
