# Many files without end in the jobs volume: the agent's quota watchdog must stop the run (no result line follows).
mkdir -p /jobs/fill
i=0
while head -c 4194304 /dev/zero > "/jobs/fill/f$i"; do i=$((i + 1)); done
printf 'RESULT|fill-jobs|OPEN|the writer stopped by itself after %s files\n' "$i"
