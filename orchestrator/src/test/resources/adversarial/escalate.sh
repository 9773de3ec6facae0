# Privilege escalation: credentials, setuid binaries, namespaces, ptrace and other dangerous system calls, writes
# to the read-only root filesystem, kernel interfaces.
res() { printf 'RESULT|%s|%s|%s\n' "$1" "$2" "$(printf '%s' "$3" | tr '\n|' ' /' | cut -c1-500)"; }

# 1. who am I, and what may I do
st=$(grep -E '^(Uid|Gid|CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):' /proc/self/status | tr -s '\t ' ' ' | tr '\n' ';')
v=blocked
case "$st" in *"Uid: 10001 10001 10001 10001"*) ;; *) v=OPEN ;; esac
case "$st" in *"CapEff: 0000000000000000"*) ;; *) v=OPEN ;; esac
case "$st" in *"CapBnd: 0000000000000000"*) ;; *) v=OPEN ;; esac
case "$st" in *"NoNewPrivs: 1"*) ;; *) v=OPEN ;; esac
case "$st" in *"Seccomp: 2"*) ;; *) v=OPEN ;; esac
res credentials $v "$st"

# 2. setuid binaries (no-new-privileges makes their bit inert)
suid=$(find / -xdev -perm -4000 -type f 2>/dev/null | tr '\n' ' ')
su1=$(timeout 5 su root -c 'id -u' </dev/null 2>&1 | head -1)
su2=$(printf 'root\n' | timeout 5 su -c 'id -u' root 2>&1 | head -1)
mo=$(timeout 5 mount -t tmpfs tmpfs /mnt 2>&1 | head -1)
ng=$(timeout 5 newgrp root </dev/null 2>&1 | head -1)
v=blocked
for o in "$su1" "$su2"; do [ "$o" = 0 ] && v=OPEN; done
grep -q ' /mnt ' /proc/self/mounts && v=OPEN
res setuid $v "setuid binaries: [$suid]; su: $su1 / $su2; mount: $mo; newgrp: $ng"

# 3. namespaces (user namespaces would hand out a fake root)
u1=$(timeout 5 unshare -U -r id -u 2>&1 | head -1)
u2=$(timeout 5 unshare -m true 2>&1 | head -1)
u3=$(timeout 5 unshare -n true 2>&1 | head -1)
u4=$(timeout 5 unshare -p -f true 2>&1 | head -1)
u5=$(timeout 5 unshare -U -r -m sh -c 'mount -t tmpfs t /mnt && echo MOUNTED' 2>&1 | head -1)
v=blocked
[ "$u1" = 0 ] && v=OPEN; case "$u5" in *MOUNTED*) v=OPEN ;; esac
res unshare $v "unshare -U -r: $u1; -m: $u2; -n: $u3; -p: $u4; userns+mount: $u5"

# 4. ptrace and friends, straight through perl's syscall() (x86_64 / aarch64 numbers)
case "$(uname -m)" in
  aarch64) PTRACE=117 PVR=270 PIDFD_GETFD=438 KCMP=272 ;;
  *) PTRACE=101 PVR=310 PIDFD_GETFD=438 KCMP=312 ;;
esac
agent=$(pgrep -f 'dev.ccx.runner.Main' | head -1)
pt=$(perl -e '
  my ($ptrace, $pvr, $kcmp, $agent) = @ARGV;
  sub try { my ($n, @a) = @_; my $r = syscall($a[0], @a[1 .. $#a]); return $n . "=" . ($r == -1 ? $!+0 . "(" . $! . ")" : "OK:$r"); }
  print join("; ", try("ptrace(ATTACH, agent)", $ptrace, 16, $agent, 0, 0),
    try("ptrace(SEIZE, init)", $ptrace, 0x4206, 1, 0, 0),
    try("ptrace(TRACEME)", $ptrace, 0, 0, 0, 0),
    try("process_vm_readv(agent)", $pvr, $agent, 0, 0, 0, 0, 0),
    try("kcmp(agent)", $kcmp, $$, $agent, 0, 0, 0)), "\n";' "$PTRACE" "$PVR" "$KCMP" "${agent:-1}" 2>&1)
st2=$(strace -V 2>&1 | head -1; gdb --version 2>&1 | head -1)
v=blocked; case "$pt" in *OK:*) v=OPEN ;; esac
res ptrace $v "agent pid ${agent:-?}: $pt; debuggers in the image: [$(printf '%s' "$st2" | tr '\n' ' ')]"

# 5. other dangerous system calls the seccomp profile denies (EPERM) or hides (ENOSYS)
case "$(uname -m)" in
  aarch64) T="bpf=280 perf_event_open=241 userfaultfd=282 keyctl=219 add_key=217 io_uring_setup=425 clone3=435 \
mount=40 pivot_root=41 setns=268 open_by_handle_at=265 init_module=105 kexec_load=104 reboot=142 swapon=224 \
syslog=116 fsopen=430 move_mount=429 unshare=97 socket=198" ;;
  *) T="bpf=321 perf_event_open=298 userfaultfd=323 keyctl=250 add_key=248 io_uring_setup=425 clone3=435 \
mount=165 pivot_root=155 setns=308 open_by_handle_at=304 init_module=175 kexec_load=246 reboot=169 swapon=167 \
syslog=103 fsopen=430 move_mount=429 unshare=272 socket=41" ;;
esac
sc=$(perl -e '
  my %n = map { split /=/ } @ARGV; my @out;
  my %args = (clone3 => [0, 0], unshare => [0x10000000], mount => [0, 0, 0, 0, 0], keyctl => [0, 0],
    perf_event_open => [0, 0, -1, -1, 0], bpf => [0, 0, 0], io_uring_setup => [1, 0], setns => [0, 0]);
  for my $name (sort keys %n) {
    next if $name eq "socket";
    my $r = syscall($n{$name}, @{ $args{$name} || [0, 0, 0] });
    push @out, $name . "=" . ($r == -1 ? ($!{EPERM} ? "EPERM" : $!{ENOSYS} ? "ENOSYS" : $!+0) : "OK");
  }
  for my $af ([40, "AF_VSOCK", 1, 0], [38, "AF_ALG", 5, 0], [17, "AF_PACKET", 3, 0], [16, "AF_NETLINK/AUDIT", 3, 9],
      [2, "ICMP ping", 2, 1]) {
    my $r = syscall($n{socket}, $af->[0], $af->[2], $af->[3]);
    push @out, "socket(" . $af->[1] . ")=" . ($r == -1 ? ($!{EPERM} ? "EPERM" : $!+0) : "OK");
  }
  print join(" ", @out), "\n";' $T 2>&1)
v=blocked; case " $sc" in *=OK*) v=OPEN ;; esac
res syscalls $v "$sc"

# 6. writing to the root filesystem and to kernel interfaces
w=""; v=blocked
for f in /usr/bin/ccx-x /etc/passwd /opt/ccx/ccx-x /ccx-x /home/runner/ccx-x /var/tmp/ccx-x /etc/ld.so.preload; do
  if ( : >> "$f" ) 2>/dev/null; then w="$w $f:WRITTEN"; v=OPEN; else w="$w $f:$( ( : >> "$f" ) 2>&1 | sed 's/.*: //')"; fi
done
k=$(dmesg 2>&1 | head -1 | sed 's/.*: //'); km=$(head -c1 /dev/kmsg 2>&1 | sed 's/.*: //'); mem=$(head -c1 /dev/mem 2>&1 | sed 's/.*: //')
sysrq=$( (echo h > /proc/sysrq-trigger) 2>&1 | sed 's/.*: //'); core=$( (echo x > /proc/sys/kernel/core_pattern) 2>&1 | sed 's/.*: //')
res rootfs $v "writes:$w"
v=blocked; [ -z "$core" ] && v=OPEN; [ -z "$sysrq" ] && v=OPEN
res kernel $v "dmesg: $k; /dev/kmsg: $km; /dev/mem: $mem; sysrq-trigger: $sysrq; core_pattern: $core; devices: $(ls /dev | tr '\n' ' ')"
