package dev.ccx.orchestrator.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The orchestrator's {@code Main} in a JVM of its own (same classpath as the tests, JVM options of the test's
 * choosing, e.g. a heap smaller than the files it moves), configured from an {@link ItEnvironment}'s variables.
 * Reports what the heap held at each collection (from the GC log) and the process's peak resident set.
 */
public final class OrchestratorProcess implements AutoCloseable {
    private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
    private final Process process;
    private final int port;
    private final Path log;
    private final Path gcLog;

    private OrchestratorProcess(Process process, int port, Path log, Path gcLog) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.gcLog = gcLog;
    }

    /** Starts {@code java <jvmOptions> dev.ccx.orchestrator.Main} with {@code env}'s variables; waits for /health. */
    public static OrchestratorProcess start(ItEnvironment env, Path dir, List<String> jvmOptions) {
        return start(env.env(), dir, jvmOptions);
    }

    /** As {@link #start(ItEnvironment, Path, List)}, with the orchestrator's variables given directly. */
    public static OrchestratorProcess start(Map<String, String> env, Path dir, List<String> jvmOptions) {
        try {
            int port = freePort();
            Path log = dir.resolve("orchestrator.log");
            Path gcLog = dir.resolve("orchestrator-gc.log");
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(jvmOptions);
            command.addAll(List.of("-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=" + gcLog,
                    "-cp", System.getProperty("java.class.path"), "dev.ccx.orchestrator.Main"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> variables = builder.environment();
            variables.keySet().removeIf(name -> !name.equals("PATH") && !name.equals("HOME")
                    && !name.equals("CCX_DOCKER_HOST"));
            variables.putAll(env);
            variables.put("CCX_PORT", Integer.toString(port));
            OrchestratorProcess started = new OrchestratorProcess(builder.start(), port, log, gcLog);
            started.awaitHealthy();
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The largest heap occupancy seen before any collection, in MiB (an upper bound of what it ever held). */
    public long maxHeapBeforeGcMiB() throws IOException {
        long max = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC.matcher(line);
            if (m.find()) {
                max = Math.max(max, Long.parseLong(m.group(1)));
            }
        }
        return max;
    }

    /** Collections logged so far. */
    public long collections() throws IOException {
        return Files.readAllLines(gcLog).stream().filter(l -> GC.matcher(l).find()).count();
    }

    /** The peak resident set of the process so far (VmHWM), in MiB. */
    public long peakRssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        throw new IllegalStateException("no VmHWM for " + process.pid());
    }

    /** The current resident set of the process (VmRSS), in MiB. */
    public double rssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS for " + process.pid());
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The last lines of the process's output, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the orchestrator exited:\n" + logTail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        close();
        throw new IllegalStateException("the orchestrator did not become healthy:\n" + logTail());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM (the orchestrator drains and stops), then SIGKILL if it has not exited within 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
