package dev.ccx.runner.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the docker CLI with explicit argv; the only place the integration tests talk to Docker. */
final class Docker {

    /** Exit status and combined output of one docker command. */
    record Result(int exit, String output) {
        Result requireSuccess(String what) {
            if (exit != 0) {
                throw new IllegalStateException(what + " failed (exit " + exit + "):\n" + tail(output));
            }
            return this;
        }
    }

    private Docker() {
    }

    static Result run(Duration timeout, String... args) {
        return run(timeout, null, List.of(args));
    }

    static Result run(Duration timeout, Path workDir, List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add("docker");
        argv.addAll(args);
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            Process p = pb.start();
            byte[][] out = new byte[1][];
            Thread reader = new Thread(() -> {
                try {
                    out[0] = p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    out[0] = new byte[0];
                }
            });
            reader.start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("docker " + args.get(0) + " timed out after " + timeout);
            }
            reader.join(5000);
            return new Result(p.exitValue(), out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run docker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tail(String s) {
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }
}
