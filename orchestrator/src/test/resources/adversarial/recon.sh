# Attacks on other users' files: path guessing, /proc, mounts, and a sweep of everything readable.
# Prints one "RESULT|id|verdict|observation" line per attempt; verdict is "blocked" or "OPEN".
res() { printf 'RESULT|%s|%s|%s\n' "$1" "$2" "$(printf '%s' "$3" | tr '\n|' ' /' | cut -c1-500)"; }
canaries() { grep -ahoE "$CANARY_RE" "$@" 2>/dev/null | sort -u | tr '\n' ' '; }
foreign() { printf '%s' "$1" | tr ' ' '\n' | grep -v '^$' | grep -cv -- "-$ME-"; }

# 1. bob's files by path guessing (the test gave us bob's real slot and volume names)
paths="/home/bob/.codex/auth.json /home/bob/.claude/.credentials.json /home/runner/../bob/.codex/auth.json
  /jobs/../bob/jobs/$BOB_JOB/notes.txt /jobs/$BOB_JOB/notes.txt /home/$BOB_SLOT/.codex/auth.json /root/.codex/auth.json"
for v in $BOB_VOLUMES; do
  for f in auth.json .credentials.json "$BOB_JOB/notes.txt"; do
    paths="$paths /var/lib/docker/volumes/$v/_data/$f /proc/1/root/var/lib/docker/volumes/$v/_data/$f /$v/$f"
  done
done
tried=0; readable=0; found=""
for p in $paths; do
  tried=$((tried + 1))
  if cat "$p" >/dev/null 2>&1; then readable=$((readable + 1)); found="$found $(canaries "$p")"; fi
done
own=$(canaries "$HOME/.codex/auth.json" "$HOME/.claude/.credentials.json")
v=blocked; [ "$(foreign "$found")" -gt 0 ] && v=OPEN
res paths $v "$tried paths tried, $readable readable, canaries in them: [${found# }]; control: own files give [$own]"

# 2. through /proc: every visible process, its root, cwd, environment and command line
pids=$(ls -d /proc/[0-9]* | wc -l)
uids=$(awk '/^Uid:/ {print $2}' /proc/[0-9]*/status 2>/dev/null | sort -u | tr '\n' ' ')
via=$(canaries /proc/[0-9]*/root/home/runner/.codex/auth.json /proc/[0-9]*/root/home/runner/.claude/.credentials.json \
  /proc/[0-9]*/cwd/*/notes.txt /proc/[0-9]*/environ /proc/[0-9]*/cmdline)
v=blocked; [ "$(foreign "$via")" -gt 0 ] && v=OPEN
res proc $v "$pids processes visible (uids: $uids); canaries via /proc/*/root, cwd, environ, cmdline: [$via]"

# 3. mount tricks: what is mounted, and trying to mount more
# (each attempt's exit status counts: any that succeeds makes the row OPEN, whatever it printed)
vols=$(grep -o 'volumes/[^/ ]*/_data' /proc/self/mountinfo | cut -d/ -f2 | sort -u | tr '\n' ' ')
mounted=""
m1=$(mount -t tmpfs none /tmp 2>&1); r=$?; [ $r = 0 ] && mounted="$mounted tmpfs"; m1="$(printf '%s' "$m1" | head -1) (exit $r)"
m2=$(mount --bind / /tmp 2>&1); r=$?; [ $r = 0 ] && mounted="$mounted bind"; m2="$(printf '%s' "$m2" | head -1) (exit $r)"
m3=$(mount -o remount,rw / 2>&1); r=$?; [ $r = 0 ] && mounted="$mounted remount"; m3="$(printf '%s' "$m3" | head -1) (exit $r)"
m4=$(unshare -m true 2>&1); r=$?; [ $r = 0 ] && mounted="$mounted unshare"; m4="$(printf '%s' "$m4" | head -1) (exit $r)"
leaked=0
for b in $BOB_VOLUMES; do case " $vols " in *" $b "*) leaked=1 ;; esac; done
v=blocked; [ $leaked = 1 ] && v=OPEN; [ -n "$mounted" ] && v=OPEN
res mounts $v "mounts that succeeded: [${mounted# }]; volumes in mountinfo: [$vols]; mount tmpfs: $m1; bind: $m2; remount rw: $m3; unshare -m: $m4"

# 4. what the runner's own environment holds (PID 1 carries the container's environment)
names=$(perl -0 -ne 'print "$1\n" if /^([^=]+)=/' /proc/1/environ | grep -E 'KEY|SECRET|TOKEN|PASS|CRED|CERT' \
  | grep -v '_URL$' | sort | tr '\n' ' ')
v=blocked
for n in $names; do
  case "$n" in CCX_TLS_CERT|CCX_TLS_KEY|CCX_TLS_CA|ANTHROPIC_API_KEY|FAKE_KEY|NODE_EXTRA_CA_CERTS) ;; *) v=OPEN ;; esac
done
res own-env $v "secret-looking variables: [$names] (CCX_TLS_*: this runner's own identity; the CLI keys: the operator's, by design)"
