# The orchestrator's user and admin APIs, reached from inside the runner, with every credential-looking value
# this runner can find: environment values of every process, tokens in the CLI homes and the jobs volume. Each
# candidate goes to each path both as "Authorization: Bearer" and as "x-api-key" (the orchestrator takes either).
# Every candidate found is tried; if they were ever more than MAX, or the tries did not finish, the row is OPEN.
res() { printf 'RESULT|%s|%s|%s\n' "$1" "$2" "$(printf '%s' "$3" | tr '\n|' ' /' | cut -c1-500)"; }

cand=$(mktemp)
{ cat /proc/[0-9]*/environ 2>/dev/null | tr '\0' '\n' | sed 's/^[^=]*=//'
  grep -rahoE '[A-Za-z0-9._~+/=-]{12,}' "$HOME/.codex" "$HOME/.claude" /jobs 2>/dev/null
} | tr -d '\r' | awk 'length($0) >= 8 && length($0) <= 4096' | sort -u > "$cand"
found=$(wc -l < "$cand" | tr -d ' ')
r=$(timeout 90 node -e '
  const http = require("http"), fs = require("fs");
  const MAX = 50000, PARALLEL = 8, started = Date.now();
  const all = fs.readFileSync(process.argv[1], "utf8").split("\n").filter(t => t && !/[\r\n]/.test(t));
  const tokens = all.slice(0, MAX);
  const agent = new http.Agent({keepAlive: true, maxSockets: PARALLEL});
  const base = {host: process.argv[2], port: +process.argv[3], agent};
  const get = (path, headers) => new Promise(ok => { const q = http.get({...base, path, headers, timeout: 5000},
    r => { r.resume(); ok(r.statusCode); }); q.on("error", e => ok(e.code)); q.on("timeout", () => { q.destroy(); ok("timeout"); }); });
  const paths = [["/admin/slots", {}], ["/v1/models", {"X-CCX-User": "bob"}], ["/v1/jobs", {"X-CCX-User": "bob"}]];
  const tries = [];
  for (const t of tokens) {
    for (const [path, h] of paths) {
      tries.push([path, {...h, Authorization: "Bearer " + t}], [path, {...h, "x-api-key": t}]);
    }
  }
  (async () => {
    const health = await get("/health", {});
    const counts = {};
    let next = 0;
    const worker = async () => {
      while (next < tries.length) {
        const [path, headers] = tries[next++];
        let s; try { s = await get(path, headers); } catch (e) { s = "invalid-header"; }
        counts[s] = (counts[s] || 0) + 1;
      }
    };
    await Promise.all(Array.from({length: PARALLEL}, worker));
    console.log("health=" + health + " candidates=" + tokens.length + " of " + all.length + " requests=" + tries.length
      + " (Bearer and x-api-key) statuses=" + JSON.stringify(counts) + " in " + (Date.now() - started) + " ms"
      + (tokens.length < all.length ? " INCOMPLETE: capped at " + MAX : " complete"));
    agent.destroy();
  })();' "$cand" "$ORCH_HOST" "$ORCH_PORT" 2>&1 | tail -1)
rm -f "$cand"
v=blocked
case "$r" in *health=200*) ;; *) v=OPEN ;; esac
case "$r" in *" complete") ;; *) v=OPEN; r="$r [INCOMPLETE: not every candidate was tried]" ;; esac
case "$r" in *"candidates=$found of $found "*) ;; *) v=OPEN ;; esac
printf '%s' "$r" | grep -oE '"[^"]+":[0-9]+' | grep -v '^"401"' | grep -vq '^"invalid-header"' && v=OPEN
res orchestrator-api $v "orchestrator at $ORCH_HOST:$ORCH_PORT: $found candidates found; $r"
