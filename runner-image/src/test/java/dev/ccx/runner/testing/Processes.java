package dev.ccx.runner.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Looks at processes through /proc, the way the agent's process-tree handling does. */
public final class Processes {

    private Processes() {
    }

    /** True while {@code pid} exists and is not a zombie. */
    public static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
            return !"Z".equals(state) && !"X".equals(state);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Waits up to {@code max} for a file a stand-in writes its pid into, and returns the pid. */
    public static long awaitPid(Path file, Duration max) throws Exception {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(file) && !Files.readString(file).isBlank()) {
                return Long.parseLong(Files.readString(file).strip());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no pid in " + file + " after " + max);
    }

    /** Waits up to {@code max} until {@code pid} is gone; returns whether it is. */
    public static boolean awaitGone(long pid, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            if (!isRunning(pid)) {
                return true;
            }
            Thread.sleep(20);
        }
        return !isRunning(pid);
    }
}
