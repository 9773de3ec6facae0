package dev.ccx.orchestrator.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The Node project in {@code src/test/node/sdk-clients} (the official SDKs, versions pinned by its lock file),
 * installed with {@code npm ci} into {@code target/} and run against a live orchestrator. Without Node this is a
 * skip on a developer machine and a failure when {@code CI=true}, like a missing Docker engine.
 */
final class NodeClients {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROJECT = "orchestrator/src/test/node/sdk-clients";

    private NodeClients() {}

    /** Copies the project into {@code target/sdk-clients} and installs exactly the locked packages. */
    static Path install() {
        requireNode();
        Path root = Images.repoRoot();
        Path dir = root.resolve("orchestrator/target/sdk-clients");
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(root.resolve(PROJECT))) {
                for (Path file : files.toList()) {
                    Files.copy(file, dir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(dir, Map.of(), 600, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
        return dir;
    }

    /** Runs {@code clients.mjs} against {@code baseUrl} and returns what it printed, one result per case. */
    static JsonNode run(Path dir, String baseUrl, String key, String user) {
        String out = run(dir, Map.of("CCX_BASE_URL", baseUrl, "CCX_KEY", key, "CCX_USER", user), 900,
                "node", "clients.mjs");
        String last = out.strip().lines().reduce((a, b) -> b).orElse("");
        try {
            return JSON.readTree(last);
        } catch (IOException e) {
            throw new IllegalStateException("clients.mjs printed no result:\n" + out, e);
        }
    }

    private static void requireNode() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes()).strip();
            if (p.waitFor() == 0 && version.matches("v(1[89]|[2-9]\\d)\\..*")) {
                return;
            }
        } catch (IOException e) {
            // no node on PATH: handled below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("Node.js 18 or newer (with npm) is required for the SDK tests when CI=true");
        }
        Assumptions.abort("no Node.js 18+ on PATH; skipping the SDK client tests outside CI");
    }

    /** Runs a command in {@code dir}; a non-zero exit or a timeout fails with the output. */
    private static String run(Path dir, Map<String, String> env, long timeoutSeconds, String... command) {
        try {
            Path log = Files.createTempFile("ccx-node", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            String extraCa = System.getenv("CCX_EXTRA_CA_PEM");
            if (extraCa != null && Files.isRegularFile(Path.of(extraCa))
                    && !builder.environment().containsKey("NODE_EXTRA_CA_CERTS")) {
                builder.environment().put("NODE_EXTRA_CA_CERTS", extraCa);
            }
            Process process = builder.start();
            boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
            }
            String output = Files.readString(log);
            Files.deleteIfExists(log);
            if (!finished || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", List.of(command)) + (finished ? " failed ("
                        + process.exitValue() + ")" : " timed out") + ":\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
