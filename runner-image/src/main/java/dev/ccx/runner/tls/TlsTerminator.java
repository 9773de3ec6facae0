package dev.ccx.runner.tls;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's mutual TLS done by stunnel (OpenSSL) in front of an agent that listens on the container's loopback
 * only. The agent starts it, owns it and stops with it: if the terminator exits on its own, the agent exits too,
 * so the container stops and the orchestrator starts it afresh.
 *
 * <p>Why: a JVM's first TLS handshake is slow (JSSE's classes, its tables and EC arithmetic before the JIT has
 * compiled any of it). With OpenSSL terminating, a stopped runner answers its first request about 140 ms sooner.
 * The agent's port stays reachable only through the terminator from outside the container; on loopback it is
 * reachable by the runner's own processes, which run as the agent's user with the agent's files anyway.
 *
 * <p>The terminator admits only a client whose certificate chains to the given CA and whose name (DNS name, or CN
 * when it has none) is the orchestrator's; OpenSSL also refuses a certificate whose extended key usage excludes
 * clientAuth. Protocols: TLS 1.3 and 1.2 (ECDHE with AES-GCM or ChaCha20 only).
 */
public final class TlsTerminator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TlsTerminator.class);
    /** What the image sets: the path of the terminator binary (stunnel). Unset: the agent's JVM does TLS itself. */
    public static final String BINARY_ENV = "CCX_TLS_TERMINATOR";
    /** The orchestrator keeps idle connections 5 minutes; the agent and the terminator keep them 10. */
    static final Duration IDLE = Duration.ofMinutes(10);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,62}[A-Za-z0-9])?");
    /** What is wrong with a bind address that {@link #isAddress} refuses. */
    public static final String BIND_PROBLEM = "CCX_BIND: an IP address is required with " + BINARY_ENV;
    private static final AtomicInteger STARTS = new AtomicInteger();
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f.:]{2,45}");

    private final Process process;
    private final Path directory;
    private volatile boolean closing;

    private TlsTerminator(Process process, Path directory) {
        this.process = process;
        this.directory = directory;
    }

    /**
     * The terminator's settings, read from the environment but not parsed (OpenSSL does that at start, and a
     * mismatch stops the runner with OpenSSL's message in its log).
     */
    public record Settings(Path binary, String certificateChainPem, String privateKeyPem, String caPem,
            String clientName) {

        /** Reads {@code CCX_TLS_*} and the binary; throws {@link TlsConfigException} naming every problem. */
        public static Settings fromEnvironment(Map<String, String> env, String binary) {
            List<String> problems = new ArrayList<>();
            Path path = Path.of(binary);
            if (!path.isAbsolute()) {
                problems.add(BINARY_ENV + ": an absolute path is required, got '" + binary + "'");
            }
            String cert = pem(env, ServerTls.CERT_ENV, problems);
            String key = pem(env, ServerTls.KEY_ENV, problems);
            String ca = pem(env, ServerTls.CA_ENV, problems);
            if (!cert.isEmpty() && !cert.contains("-----BEGIN CERTIFICATE-----")) {
                problems.add(ServerTls.CERT_ENV + ": no PEM certificate found");
            }
            if (!key.isEmpty() && (!key.contains("PRIVATE KEY-----") || key.contains("ENCRYPTED"))) {
                problems.add(ServerTls.KEY_ENV + ": an unencrypted PEM private key is required");
            }
            if (!ca.isEmpty() && ca.split("-----BEGIN CERTIFICATE-----", -1).length != 2) {
                problems.add(ServerTls.CA_ENV + ": expected exactly one PEM CA certificate");
            }
            String client = env.getOrDefault(ServerTls.CLIENT_NAME_ENV, "").strip();
            client = client.isEmpty() ? ServerTls.DEFAULT_CLIENT_NAME : client;
            if (!NAME.matcher(client).matches()) {
                problems.add(ServerTls.CLIENT_NAME_ENV + ": letters, digits, dots, dashes and underscores only");
            }
            if (!problems.isEmpty()) {
                throw new TlsConfigException(String.join("; ", problems));
            }
            return new Settings(path, cert, key, ca, client);
        }

        private static String pem(Map<String, String> env, String name, List<String> problems) {
            String value = env.getOrDefault(name, "");
            if (value.isBlank()) {
                problems.add(name + " is missing");
                return "";
            }
            return value;
        }

        /** Never prints the key. */
        @Override
        public String toString() {
            return "Settings[binary=" + binary + ", clientName=" + clientName + "]";
        }
    }

    /**
     * Starts the terminator on {@code bindAddress:port}, forwarding to the agent on {@code 127.0.0.1:agentPort}
     * (bound already, so connections wait in its backlog until it serves). {@code onUnexpectedExit} runs if the
     * terminator exits before {@link #close()}.
     */
    public static TlsTerminator start(Settings settings, String bindAddress, int port, int agentPort,
            Runnable onUnexpectedExit) throws IOException {
        if (!isAddress(bindAddress)) {
            throw new TlsConfigException(BIND_PROBLEM);
        }
        // Named after the process, not at random: the JDK's random temporary names seed a SecureRandom at start.
        Path directory = Files.createDirectory(Path.of(System.getProperty("java.io.tmpdir"),
                "ccx-tls-" + ProcessHandle.current().pid() + "-" + STARTS.incrementAndGet()),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        writePrivate(directory.resolve("cert.pem"), settings.certificateChainPem());
        writePrivate(directory.resolve("key.pem"), settings.privateKeyPem());
        writePrivate(directory.resolve("ca.pem"), settings.caPem());
        Path conf = directory.resolve("stunnel.conf");
        writePrivate(conf, configuration(directory, bindAddress, port, agentPort, settings.clientName()));
        ProcessBuilder builder = new ProcessBuilder(settings.binary().toString(), conf.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().clear(); // none of the agent's variables (the key among them) reach it
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            deleteQuietly(directory);
            throw new IOException("cannot start the TLS terminator " + settings.binary() + ": " + e.getMessage(), e);
        }
        TlsTerminator terminator = new TlsTerminator(process, directory);
        process.onExit().thenRun(() -> {
            if (!terminator.closing) {
                LOG.error("the TLS terminator exited with status {}; stopping the agent", process.exitValue());
                onUnexpectedExit.run();
            }
        });
        return terminator;
    }

    /** Whether {@code bindAddress} can go into the terminator's configuration: an IPv4 or IPv6 literal. */
    public static boolean isAddress(String bindAddress) {
        return ADDRESS.matcher(bindAddress).matches();
    }

    /** The stunnel configuration: one service, the orchestrator alone admitted. */
    static String configuration(Path directory, String bindAddress, int port, int agentPort, String clientName) {
        return String.join("\n",
                "; written by the ccx runner agent at start",
                "foreground = yes",
                "pid =",
                "syslog = no",
                "debug = warning",
                "[agent]",
                "accept = " + bindAddress + ":" + port,
                "connect = 127.0.0.1:" + agentPort,
                "cert = " + directory.resolve("cert.pem"),
                "key = " + directory.resolve("key.pem"),
                "CAfile = " + directory.resolve("ca.pem"),
                "requireCert = yes",
                "verifyChain = yes",
                "checkHost = " + clientName,
                "sslVersionMin = TLSv1.2",
                "ciphers = ECDHE+AESGCM:ECDHE+CHACHA20",
                "socket = l:TCP_NODELAY=1",
                "socket = r:TCP_NODELAY=1",
                "TIMEOUTidle = " + IDLE.toSeconds(),
                "");
    }

    /** The terminator's process id (kept alive through a run's clean-up and a quota stop). */
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        closing = true;
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteQuietly(directory);
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content.endsWith("\n") ? content : content + "\n", StandardCharsets.US_ASCII);
    }

    private static void deleteQuietly(Path directory) {
        try (var files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            LOG.debug("could not remove {}: {}", directory, e.getMessage());
        }
    }
}
