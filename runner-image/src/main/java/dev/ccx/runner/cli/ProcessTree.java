package dev.ccx.runner.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a CLI and everything it started. The CLI is its own process-group leader (started through
 * {@code setsid}), so the group catches grandchildren even after their parent exited and they were re-parented to
 * init; descendants seen along the way are signalled one by one too. Escalates SIGINT, SIGTERM, SIGKILL.
 */
public final class ProcessTree {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessTree.class);
    private static final Path PROC = Path.of("/proc");
    private static final String KILL = Files.isExecutable(Path.of("/usr/bin/kill")) ? "/usr/bin/kill" : "/bin/kill";
    private static final List<String> SIGNALS = List.of("INT", "TERM", "KILL");
    private static final Duration POLL = Duration.ofMillis(25);

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
        LOG.warn("processes of group {} survived SIGKILL: {}", group, alive(group, leader, seen));
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

    /** Live members of the group plus live descendants (remembered across calls in {@code seen}). */
    private static Set<Long> alive(long group, ProcessHandle leader, Set<ProcessHandle> seen) {
        if (leader.isAlive()) {
            seen.add(leader);
        }
        leader.descendants().forEach(seen::add);
        Set<Long> pids = new HashSet<>(groupMembers(group));
        for (ProcessHandle h : List.copyOf(seen)) {
            if (h.isAlive()) {
                h.descendants().forEach(seen::add);
                pids.add(h.pid());
            }
        }
        pids.removeIf(ProcessTree::isZombie);
        return pids;
    }

    /** Pids whose process group is {@code group}, from /proc (zombies left out). */
    static Set<Long> groupMembers(long group) {
        Set<Long> out = new HashSet<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
            for (Path dir : dirs) {
                String[] stat = stat(dir);
                if (stat != null && stat.length > 2 && !"Z".equals(stat[0]) && Long.toString(group).equals(stat[2])) {
                    out.add(Long.parseLong(dir.getFileName().toString()));
                }
            }
        } catch (IOException e) {
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
