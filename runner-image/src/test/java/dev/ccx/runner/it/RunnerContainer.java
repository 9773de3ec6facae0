package dev.ccx.runner.it;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * A runner container started the way the orchestrator starts one (read-only root, tmpfs /tmp, uid 10001, no
 * capabilities, no-new-privileges, the policy's seccomp profile, 1 GiB, 1 CPU, 256 pids, --init, named volumes on
 * the three mount points) plus the host-gateway extra host, with the agent's port published on loopback.
 */
final class RunnerContainer implements AutoCloseable {

    private static final String LABEL = "dev.ccx.test=runner-image-it";

    private final String name;
    private final int port;

    private RunnerContainer(String name, int port) {
        this.name = name;
        this.port = port;
    }

    /** Starts a container of {@code image} with {@code env} and waits until its agent answers /health. */
    static RunnerContainer start(String image, Map<String, String> env) {
        return start(image, env, List.of());
    }

    /** As {@link #start(String, Map)}, with {@code jobsMount} (e.g. a small tmpfs) instead of the jobs volume. */
    static RunnerContainer start(String image, Map<String, String> env, List<String> jobsMount) {
        return start(image, env, jobsMount, null);
    }

    /** A runner serving mutual TLS (the {@code CCX_TLS_*} in {@code env}), awaited with {@code client}'s context. */
    static RunnerContainer startTls(String image, Map<String, String> env, SSLContext client) {
        return start(image, env, List.of(), client);
    }

    private static RunnerContainer start(String image, Map<String, String> env, List<String> jobsMount,
            SSLContext client) {
        String name = "ccx-it-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "--label", LABEL,
                "--read-only", "--tmpfs", "/tmp:rw,nosuid,nodev,size=256m,mode=1777", "--user", "10001:10001",
                "--cap-drop", "ALL", "--security-opt", "no-new-privileges:true", "--memory", "1g",
                "--memory-swap", "1g", "--cpus", "1", "--pids-limit", "256", "--init",
                "--ulimit", "nofile=4096:4096", "--ulimit", "core=0",
                "-v", name + "-claude:/home/runner/.claude", "-v", name + "-codex:/home/runner/.codex",
                "--add-host", "host.docker.internal:host-gateway",
                "-p", "127.0.0.1::8443"));
        args.addAll(jobsMount.isEmpty() ? List.of("-v", name + "-jobs:/jobs") : jobsMount);
        Path seccomp = RunnerImage.repoRoot().resolve("policies/seccomp-runner.json");
        if (Files.isRegularFile(seccomp)) {
            args.addAll(List.of("--security-opt", "seccomp=" + seccomp));
        }
        env.forEach((k, v) -> args.addAll(List.of("-e", k + "=" + v)));
        args.add(image);
        Docker.run(Duration.ofMinutes(2), null, args).requireSuccess("docker run");
        String mapped = Docker.run(Duration.ofSeconds(30), "port", name, "8443/tcp").requireSuccess("docker port")
                .output().strip().lines().findFirst().orElseThrow();
        RunnerContainer c = new RunnerContainer(name, Integer.parseInt(mapped.substring(mapped.lastIndexOf(':') + 1)));
        c.awaitHealthy(client);
        return c;
    }

    int port() {
        return port;
    }

    String name() {
        return name;
    }

    /** Runs a command inside the container as the runner user. */
    Docker.Result exec(String... command) {
        List<String> args = new ArrayList<>(List.of("exec", name));
        args.addAll(List.of(command));
        return Docker.run(Duration.ofSeconds(60), null, args);
    }

    /** The command lines of all processes in the container except ps itself. */
    List<String> processes() {
        return exec("ps", "-eo", "pid,args", "--no-headers").output().lines()
                .filter(l -> !l.contains("ps -eo")).map(String::strip).toList();
    }

    String logs() {
        return Docker.run(Duration.ofSeconds(30), "logs", name).output();
    }

    private void awaitHealthy(SSLContext client) {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create((client == null ? "http" : "https")
                        + "://127.0.0.1:" + port + "/health").toURL().openConnection();
                if (c instanceof HttpsURLConnection https) {
                    https.setSSLSocketFactory(client.getSocketFactory());
                }
                c.setConnectTimeout(1000);
                c.setReadTimeout(1000);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            sleep(50);
        }
        throw new IllegalStateException("runner " + name + " did not become healthy:\n" + logs());
    }

    @Override
    public void close() {
        Docker.run(Duration.ofMinutes(1), "rm", "-f", "-v", name);
        Docker.run(Duration.ofMinutes(1), "volume", "rm", "-f", name + "-claude", name + "-codex", name + "-jobs");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
