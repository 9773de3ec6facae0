# Fills /tmp, a tmpfs of a fixed size, file after file (each file is capped by fsize): it must end with ENOSPC.
res() { printf 'RESULT|%s|%s|%s\n' "$1" "$2" "$(printf '%s' "$3" | tr '\n|' ' /' | cut -c1-400)"; }
total=$(df -B1 --output=size /tmp | tail -1 | tr -d ' ')
i=0; out=""
while [ $i -lt 256 ]; do
  out=$(dd if=/dev/zero of=/tmp/ccx-fill-$i bs=1M count=8192 2>&1 | grep -iE 'space|error' | head -1)
  case "$out" in *"No space left"*) break ;; esac
  i=$((i + 1))
done
written=$(cat /tmp/ccx-fill-* | wc -c)
rm -f /tmp/ccx-fill-*
v=blocked; case "$out" in *"No space left"*) ;; *) v=OPEN ;; esac; [ "$written" -le "$total" ] || v=OPEN
res fill-tmp $v "wrote $written bytes in $((i + 1)) files into a /tmp of $total bytes, then: $out"
