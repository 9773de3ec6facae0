package dev.ccx.runner;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javax.net.ssl.SSLContext;

/**
 * Work the agent's first answers need anyway, started on a thread of its own at the top of {@code main()} so that
 * it runs beside the main thread's configuration, TLS set-up and binding. A runner starts with two CPUs (the
 * orchestrator sets the policy's limit once the agent answers; see the orchestrator's {@code SlotBackend#settle}),
 * so on the second one this is off the path to the first answer. On one CPU it costs nothing extra: each step is
 * done once either way. Failures are ignored here; the real use reports them.
 */
final class StartupWarmup {
    /** The JDK HTTP server's {@code Date} header format: its first use loads CLDR day, month and zone names. */
    private static final String HTTP_DATE = "EEE, dd MMM yyyy HH:mm:ss zzz";
    private static final byte[] SAMPLE = ("{\"model\":\"sonnet\",\"stream\":true,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hi\"}],\"max_tokens\":16}").getBytes(StandardCharsets.UTF_8);

    private StartupWarmup() {
    }

    /** Starts the warm-up; the TLS provider's part only when the JVM will serve TLS itself. */
    static void start(boolean jvmTls) {
        Thread thread = new Thread(() -> run(jvmTls), "agent-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    static void run(boolean jvmTls) {
        try {
            if (jvmTls) {
                // The TLS provider's tables (every cipher suite checked against the algorithm constraints).
                SSLContext.getInstance("TLS");
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // reported when the agent builds its TLS context
        }
        try {
            DateTimeFormatter.ofPattern(HTTP_DATE, Locale.US).withZone(ZoneId.of("GMT")).format(Instant.now());
            Json.bytes(Json.parse(SAMPLE)); // Jackson's parser, tree and generator for the first request
        } catch (java.io.IOException | RuntimeException e) {
            // only a warm-up
        }
    }
}
