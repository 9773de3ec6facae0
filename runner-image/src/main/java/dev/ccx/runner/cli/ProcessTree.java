package dev.ccx.runner.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a CLI and everything it started. The CLI leads its own session and process group (started through
 * {@code setsid}), so the session catches grandchildren even after their parent exited and they were re-parented to
 * init, and even in process groups of their own (e.g. under {@code timeout}); every such group is signalled as a
 * whole and descendants seen along the way one by one. Escalates SIGINT, SIGTERM, SIGKILL, then keeps killing
 * until nothing is left (a fork bomb refills the pids it frees).
 */
public final class ProcessTree {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessTree.class);
    private static final Path PROC = Path.of("/proc");
    private static final String KILL = Files.isExecutable(Path.of("/usr/bin/kill")) ? "/usr/bin/kill" : "/bin/kill";
    private static final List<String> SIGNALS = List.of("INT", "TERM", "KILL");
    private static final Duration POLL = Duration.ofMillis(25);
    private static final Duration KILL_ROUNDS = Duration.ofSeconds(20);

    private final Duration grace;

    public ProcessTree(Duration grace) {
        this.grace = grace;
    }

    /** Stops the group led by {@code leader} and all its descendants; returns when they are gone or KILLed. */
    public void stop(ProcessHandle leader) {
        stop(leader, SIGNALS);
    }

    /** After a normal exit: ends anything the CLI left running in its group (TERM, then KILL). */
    public void reapLeftovers(ProcessHandle leader) {
        stop(leader, SIGNALS.subList(1, SIGNALS.size()));
    }

    private void stop(ProcessHandle leader, List<String> signals) {
        long group = leader.pid();
        Set<ProcessHandle> seen = new HashSet<>();
        for (String signal : signals) {
            Set<Long> alive = alive(group, leader, seen);
            if (alive.isEmpty()) {
                return;
            }
            LOG.debug("sending SIG{} to process group {} and {} processes", signal, group, alive.size());
            send(signal, group, alive);
            Duration wait = "KILL".equals(signal) ? grace.plusSeconds(2) : grace;
            if (waitUntilGone(group, leader, seen, wait)) {
                return;
            }
        }
        killUntilGone(group, leader, seen);
    }

    /** SIGKILL in rounds until the session is empty: each round may catch children forked since the last. */
    private void killUntilGone(long group, ProcessHandle leader, Set<ProcessHandle> seen) {
        long end = System.nanoTime() + KILL_ROUNDS.toNanos();
        int rounds = 0;
        for (Set<Long> alive = alive(group, leader, seen); !alive.isEmpty(); alive = alive(group, leader, seen)) {
            if (System.nanoTime() > end) {
                LOG.warn("processes of session {} survived {} SIGKILL rounds: {}", group, rounds, alive);
                return;
            }
            send("KILL", group, alive);
            rounds++;
            sleep(POLL);
        }
        LOG.info("session {} emptied after {} extra SIGKILL round(s)", group, rounds);
    }

    private boolean waitUntilGone(long group, ProcessHandle leader, Set<ProcessHandle> seen, Duration wait) {
        long end = System.nanoTime() + wait.toNanos();
        do {
            if (alive(group, leader, seen).isEmpty()) {
                return true;
            }
            sleep(POLL);
        } while (System.nanoTime() < end);
        return alive(group, leader, seen).isEmpty();
    }

    /** Live members of the session plus live descendants (remembered across calls in {@code seen}). */
    private static Set<Long> alive(long group, ProcessHandle leader, Set<ProcessHandle> seen) {
        if (leader.isAlive()) {
            seen.add(leader);
        }
        leader.descendants().forEach(seen::add);
        Set<Long> pids = new HashSet<>(sessionMembers(group).keySet());
        for (ProcessHandle h : List.copyOf(seen)) {
            if (h.isAlive()) {
                h.descendants().forEach(seen::add);
                pids.add(h.pid());
            }
        }
        pids.removeIf(ProcessTree::isZombie);
        return pids;
    }

    /**
     * Pids (with their process group) whose group or session is {@code leader}'s, from /proc, zombies left out: the
     * CLI leads both, so this is everything it started that did not call setsid itself.
     */
    static Map<Long, Long> sessionMembers(long leader) {
        Map<Long, Long> out = new HashMap<>();
        String id = Long.toString(leader);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
            for (Path dir : dirs) {
                String[] stat = stat(dir);
                if (stat != null && stat.length > 3 && !"Z".equals(stat[0])
                        && (id.equals(stat[2]) || id.equals(stat[3]))) {
                    out.put(Long.parseLong(dir.getFileName().toString()), Long.parseLong(stat[2]));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot list /proc: {}", e.toString());
        }
        return out;
    }

    private static boolean isZombie(long pid) {
        String[] stat = stat(PROC.resolve(Long.toString(pid)));
        return stat == null || "Z".equals(stat[0]) || "X".equals(stat[0]);
    }

    /** Fields of /proc/PID/stat after the command name: state, ppid, pgrp, ... (null when gone). */
    private static String[] stat(Path dir) {
        try {
            String line = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
            int close = line.lastIndexOf(')');
            return close < 0 ? null : line.substring(close + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void send(String signal, long group, Set<Long> pids) {
        List<String> argv = new ArrayList<>(List.of(KILL, "-s", signal, "--", "-" + group));
        new TreeSet<>(sessionMembers(group).values()).stream().filter(g -> g != group).forEach(g -> argv.add("-" + g));
        pids.stream().sorted().forEach(pid -> argv.add(Long.toString(pid)));
        try {
            Process kill = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            LOG.warn("cannot run {}: {}; falling back to signalling single processes", KILL, e.toString());
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(h -> {
                if ("KILL".equals(signal)) {
                    h.destroyForcibly();
                } else {
                    h.destroy();
                }
            }));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
