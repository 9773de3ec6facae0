package dev.ccx.orchestrator.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The adversarial suite's table: one row per attempt and agent with what was expected and what was observed,
 * printed and written to {@code target/adversarial-report.md} for docs/security.md.
 */
final class AttackReport {
    private static final Pattern RESULT = Pattern.compile("RESULT\\|([a-z-]+)\\|(blocked|OPEN)\\|([^\\n]*)");

    /** What each attempt tries and what must happen; the ids are the scripts' RESULT ids. */
    static final Map<String, String[]> ATTEMPTS = Map.ofEntries(
            Map.entry("paths", new String[] {"bob's auth.json, credentials, job file by path guessing (his real "
                    + "slot/volume names, /var/lib/docker/volumes, /proc/1/root, ../)", "nothing of bob's readable"}),
            Map.entry("proc", new String[] {"the same through /proc/*/root, cwd, environ, cmdline",
                    "only alice's own processes"}),
            Map.entry("mounts", new String[] {"mount tricks: mountinfo, mount tmpfs, bind /, remount / rw, unshare -m",
                    "only alice's 3 volumes; every mount refused"}),
            Map.entry("sweep-canaries", new String[] {"grep every file on every mount (all but the read-only image root) "
                    + "and every /proc/*/environ and cmdline for user canaries", "alice's own canaries only"}),
            Map.entry("sweep-secrets", new String[] {"find the service key, admin key, JWT HMAC secret, CA key, "
                    + "orchestrator client key in files or process environments", "none found"}),
            Map.entry("own-env", new String[] {"secret-looking variables in the runner's environment",
                    "only alice's runner TLS identity and the operator's CLI keys (by design)"}),
            Map.entry("bob-tcp", new String[] {"TCP to bob's agent at his real IP", "no connection"}),
            Map.entry("bob-tls", new String[] {"TLS to bob's agent: no client cert; alice's runner cert",
                    "no answer"}),
            Map.entry("own-agent", new String[] {"alice's own agent on 127.0.0.1 with her runner cert; plain HTTP",
                    "no answer without the orchestrator's certificate"}),
            Map.entry("docker-socket", new String[] {"Docker API over Unix sockets", "no socket"}),
            Map.entry("docker-tcp", new String[] {"Docker API on TCP 2375/2376 (gateway, host.docker.internal, "
                    + "172.17.0.1)", "refused / timed out"}),
            Map.entry("orchestrator-api", new String[] {"orchestrator admin and user APIs (as bob) with every env "
                    + "value and token-like string found, as Bearer and as x-api-key", "health reachable, every key 401"}),
            Map.entry("credentials", new String[] {"process credentials", "uid 10001, no caps, NoNewPrivs, seccomp"}),
            Map.entry("setuid", new String[] {"setuid binaries: su root, newgrp, mount", "no root"}),
            Map.entry("unshare", new String[] {"namespaces: unshare -U -r, -m, -n, -p", "EPERM"}),
            Map.entry("ptrace", new String[] {"ptrace, process_vm_readv, kcmp on the agent and init (perl syscall)",
                    "EPERM"}),
            Map.entry("syscalls", new String[] {"bpf, perf, userfaultfd, keyctl, mount, setns, kexec, modules, "
                    + "io_uring, clone3; AF_VSOCK/ALG/PACKET/netlink-audit/ICMP sockets", "EPERM / ENOSYS"}),
            Map.entry("rootfs", new String[] {"writes to /usr/bin, /etc, /opt/ccx, /, $HOME, /var/tmp",
                    "read-only"}),
            Map.entry("kernel", new String[] {"dmesg, /dev/kmsg, /dev/mem, sysrq-trigger, core_pattern",
                    "denied or absent"}),
            Map.entry("fork-bomb", new String[] {"fork bomb for 12 s", "held at the pids limit"}),
            Map.entry("memory-bomb", new String[] {"allocate memory without end", "OOM-killed within the limit"}),
            Map.entry("fill-tmp", new String[] {"fill /tmp", "ENOSPC at the tmpfs size"}),
            Map.entry("big-file", new String[] {"one endless file in /jobs", "stopped at fsize (= jobs quota)"}),
            Map.entry("fill-jobs", new String[] {"endless files in /jobs", "run stopped with 507 quota_exceeded"}),
            Map.entry("bob-during-recon", new String[] {"bob's requests while alice's file, network, API and "
                    + "privilege attacks run", "all answered"}),
            Map.entry("bob-meanwhile", new String[] {"bob's requests while alice's bombs run", "all answered"}),
            Map.entry("bob-during-fill", new String[] {"bob's requests while alice fills her jobs volume and cleans "
                    + "up", "all answered"}),
            Map.entry("shared-tls", new String[] {"shared network: TCP, HTTP, TLS without / with own cert to "
                    + "another runner's agent", "TCP connects; no answer over TLS"}));

    /** One attempt by one agent. */
    record Row(String id, String agent, boolean blocked, String observed) {
        String attempt() {
            return ATTEMPTS.getOrDefault(id, new String[] {id, "?"})[0];
        }

        String expected() {
            return ATTEMPTS.getOrDefault(id, new String[] {id, "?"})[1];
        }
    }

    private final List<Row> rows = new ArrayList<>();

    /** The RESULT lines of an agent's answer. */
    static List<Row> parse(String agent, String answer) {
        List<Row> found = new ArrayList<>();
        Matcher m = RESULT.matcher(answer);
        while (m.find()) {
            found.add(new Row(m.group(1), agent, m.group(2).equals("blocked"), m.group(3).strip()));
        }
        return found;
    }

    /** Reads the RESULT lines of an agent's answer; an expected id with no line is recorded as not blocked. */
    synchronized List<Row> record(String agent, String answer, List<String> expected) {
        List<Row> found = parse(agent, answer);
        for (String id : expected) {
            if (found.stream().noneMatch(r -> r.id().equals(id))) {
                found.add(new Row(id, agent, false, "NO RESULT: " + tail(answer)));
            }
        }
        rows.addAll(found);
        return found;
    }

    synchronized Row add(Row row) {
        rows.add(row);
        return row;
    }

    /** The table as Markdown, with a count of attempts made and blocked. */
    synchronized String markdown() {
        StringBuilder md = new StringBuilder("| attempt | agent | expected | observed | blocked |\n"
                + "| --- | --- | --- | --- | --- |\n");
        for (Row r : rows) {
            md.append("| ").append(cell(r.attempt())).append(" | ").append(r.agent()).append(" | ")
                    .append(cell(r.expected())).append(" | ").append(cell(r.observed())).append(" | ")
                    .append(r.blocked() ? "yes" : "**NO**").append(" |\n");
        }
        long blocked = rows.stream().filter(Row::blocked).count();
        return md.append("\n").append(rows.size()).append(" attempts made, ").append(blocked)
                .append(" blocked.\n").toString();
    }

    void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "# Adversarial suite: measured results\n\n" + markdown());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String cell(String text) {
        return text.replace("|", "/").replace("\n", " ");
    }

    private static String tail(String text) {
        String flat = text.replace("\n", " ");
        return flat.length() > 300 ? "..." + flat.substring(flat.length() - 300) : flat;
    }
}
