# One file without end in the jobs volume: the container's fsize limit (the jobs quota) must stop the writer.
res() { printf 'RESULT|%s|%s|%s\n' "$1" "$2" "$(printf '%s' "$3" | tr '\n|' ' /' | cut -c1-400)"; }
limit=$(ulimit -f)
mkdir -p /jobs/ccx-big
out=$( (dd if=/dev/zero of=/jobs/ccx-big/one bs=1M count=100000 2>&1; echo "exit=$?") | grep -iE 'error|limit|exit' | tr '\n' ' ')
size=$(stat -c %s /jobs/ccx-big/one)
rm -rf /jobs/ccx-big
v=blocked; case "$out" in *exit=153*|*"too large"*) ;; *) v=OPEN ;; esac
[ "$limit" != unlimited ] && [ "$size" -le $((limit * 1024)) ] || v=OPEN
res big-file $v "ulimit -f: $limit KiB; dd of 100 GB stopped at $size bytes: $out"
