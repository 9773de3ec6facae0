# One pass over every readable file on every mount and every process's environment and command line, looking for
# other users' canaries and the orchestrator's secrets. The test hands over the secrets in halves; they are joined
# only into pattern files here, so neither the prompt nor any command line ever holds one whole.
res() { printf 'RESULT|%s|%s|%s\n' "$1" "$2" "$(printf '%s' "$3" | tr '\n|' ' /' | cut -c1-400)"; }
foreign() { printf '%s' "$1" | tr ' ' '\n' | grep -v '^$' | grep -cv -- "-$ME-"; }
ere() { printf '%s\n' "$1" | sed 's/[][\/$*.^+?(){}|]/\\&/g'; }

patterns=$(mktemp -d)
printf '%s\n' "$CANARY_RE" > "$patterns/ere"
i=1
while [ "$i" -le "$SECRET_COUNT" ]; do
  eval "a=\$S${i}A b=\$S${i}B"
  ere "$a$b" >> "$patterns/ere"
  printf '%s%s\n' "$a" "$b" >> "$patterns/fixed"
  i=$((i + 1))
done
# Two passes: fixed strings first (the canary prefix, assembled here so this script never holds it, and every
# whole secret), listing the files that hold any; then the exact patterns in those files only. They cover every
# filesystem mounted into the container (volumes, tmpfs, the files Docker binds in) but not the root: that is the
# image, read-only (the rootfs check writes to it and fails) and the same in every runner, so another user's data
# can only appear through a mount, and mountinfo lists them all. Reading the image (~1.3 GB) on a cold page cache
# took 33 s on its own and over 45 s next to bob's load, which made the sweep incomplete. The suite still runs this
# script in the background across its other steps (codex hands a command back after 30 s) and gives it 45 s. An
# incomplete sweep counts as OPEN.
printf 'ccxcan%sry-\n' a > "$patterns/prefilter"
cat "$patterns/fixed" >> "$patterns/prefilter"
mounts=$(awk '{print $5}' /proc/self/mountinfo | grep -vE '^/(proc|sys|dev)(/|$)' | grep -vx / | sort -u)
start=$(date +%s)
# shellcheck disable=SC2086 # one argument per mount point
timeout 45 grep -rlaF -f "$patterns/prefilter" $mounts --exclude-dir="${patterns##*/}" > "$patterns/files" 2>/dev/null
status=$?
tr '\n' '\0' < "$patterns/files" | xargs -0 -r grep -aoHE -f "$patterns/ere" > "$patterns/hits" 2>/dev/null
hits=$(cat "$patterns/hits")
took=$(( $(date +%s) - start ))
complete=complete; [ "$status" = 124 ] && complete=INCOMPLETE
found=$(printf '%s\n' "$hits" | grep -oE "$CANARY_RE" | sort -u | tr '\n' ' ')
secret_files=$(printf '%s\n' "$hits" | grep -vE "$CANARY_RE" | grep -v '^$' | cut -d: -f1 | sort -u | head -5 | tr '\n' ' ')
proc_found=$(cat /proc/[0-9]*/environ /proc/[0-9]*/cmdline 2>/dev/null | tr '\0' '\n' | grep -oE "$CANARY_RE" | sort -u | tr '\n' ' ')
secret_proc=$(grep -laF -f "$patterns/fixed" /proc/[0-9]*/environ /proc/[0-9]*/cmdline 2>/dev/null | head -5 | tr '\n' ' ')
rm -rf "$patterns"
v=blocked; [ "$(foreign "$found $proc_found")" -gt 0 ] && v=OPEN; [ $complete = INCOMPLETE ] && v=OPEN
res sweep-canaries $v "grep -r over $(printf '%s\n' $mounts | wc -l) mounts ($complete, ${took}s) and /proc/*/environ+cmdline: canaries [$found] [$proc_found]"
v=blocked; [ -n "$secret_files$secret_proc" ] && v=OPEN; [ $complete = INCOMPLETE ] && v=OPEN
res sweep-secrets $v "$SECRET_NAMES ($SECRET_COUNT): in files [$secret_files], in environ/cmdline [$secret_proc]"
