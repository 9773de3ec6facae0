# A memory bomb: allocates until something stops it; the container's memory limit (no swap) must OOM-kill it.
res() { printf 'RESULT|%s|%s|%s\n' "$1" "$2" "$(printf '%s' "$3" | tr '\n|' ' /' | cut -c1-400)"; }
cg=/sys/fs/cgroup/memory
if [ -f "$cg/memory.limit_in_bytes" ]; then
  limit=$(cat "$cg/memory.limit_in_bytes"); kills() { awk '/^oom_kill /{print $2}' "$cg/memory.oom_control"; }
else
  cg=/sys/fs/cgroup; limit=$(cat "$cg/memory.max"); kills() { awk '/^oom_kill /{print $2}' "$cg/memory.events"; }
fi
before=$(kills)
start=$(date +%s%N)
perl -e 'my $mib = "x" x (1 << 20); my @hoard; while (1) { push @hoard, $mib . ""; }' 2>/dev/null
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
after=$(kills)
v=blocked; [ "$rc" = 137 ] || v=OPEN; [ "${after:-0}" -gt "${before:-0}" ] || v=OPEN
res memory-bomb $v "limit $limit bytes; the hoarder ended with exit $rc after ${ms} ms; OOM kills in the container: ${before:-?} -> ${after:-?}"
