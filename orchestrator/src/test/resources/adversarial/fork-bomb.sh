# A fork bomb, cut off after 12 s: the container's pids limit must hold it (bob's runner is another cgroup).
res() { printf 'RESULT|%s|%s|%s\n' "$1" "$2" "$(printf '%s' "$3" | tr '\n|' ' /' | cut -c1-400)"; }
cg=/sys/fs/cgroup/pids; [ -f "$cg/pids.max" ] || cg=/sys/fs/cgroup
read -r max < "$cg/pids.max"
read -r _ hits_before < "$cg/pids.events"
start=$(date +%s%N)
timeout -s KILL 12 bash -c 'bomb() { bomb | bomb; }; bomb' 2>/dev/null
rc=$?
secs=$(( ($(date +%s%N) - start) / 1000000000 ))
sleep 2
read -r _ hits_after < "$cg/pids.events"
read -r now < "$cg/pids.current"
refused=$((hits_after - hits_before))
v=blocked; [ "$max" = max ] && v=OPEN; [ "$refused" -gt 0 ] || v=OPEN
res fork-bomb $v "pids.max=$max; forks refused at the limit: $refused; bomb killed after ${secs}s (exit $rc); processes left: $now"
