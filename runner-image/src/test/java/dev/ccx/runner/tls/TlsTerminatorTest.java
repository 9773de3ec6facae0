package dev.ccx.runner.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccx.runner.testing.StandIn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTerminatorTest {

    @TempDir
    Path dir;

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put(ServerTls.CERT_ENV, TlsFixtures.read("server-ec.crt"));
        env.put(ServerTls.KEY_ENV, TlsFixtures.read("server-ec.key"));
        env.put(ServerTls.CA_ENV, TlsFixtures.read("ca.crt"));
        return env;
    }

    @Test
    void the_configuration_admits_only_the_named_client_over_tls_12_or_13_and_forwards_to_loopback() {
        String conf = TlsTerminator.configuration(Path.of("/tmp/ccx-tls-1"), "0.0.0.0", 8443, 40123,
                "ccx-orchestrator");

        assertThat(conf.lines()).contains(
                "foreground = yes",
                "accept = 0.0.0.0:8443",
                "connect = 127.0.0.1:40123",
                "cert = /tmp/ccx-tls-1/cert.pem",
                "key = /tmp/ccx-tls-1/key.pem",
                "CAfile = /tmp/ccx-tls-1/ca.pem",
                "requireCert = yes",
                "verifyChain = yes",
                "checkHost = ccx-orchestrator",
                "sslVersionMin = TLSv1.2",
                "TIMEOUTidle = 600");
        assertThat(conf).doesNotContain("BEGIN");
    }

    @Test
    void settings_take_the_pems_as_given_and_the_default_client_name() {
        TlsTerminator.Settings settings = TlsTerminator.Settings.fromEnvironment(env(), "/usr/bin/stunnel4");

        assertThat(settings.binary()).isEqualTo(Path.of("/usr/bin/stunnel4"));
        assertThat(settings.clientName()).isEqualTo("ccx-orchestrator");
        assertThat(settings.privateKeyPem()).isEqualTo(TlsFixtures.read("server-ec.key"));
        assertThat(settings.toString()).doesNotContain("PRIVATE", TlsFixtures.read("server-ec.key").lines()
                .skip(1).findFirst().orElseThrow());
    }

    @Test
    void every_problem_with_the_settings_is_reported_at_once() {
        assertThatThrownBy(() -> TlsTerminator.Settings.fromEnvironment(Map.of(), "stunnel4"))
                .isInstanceOf(TlsConfigException.class)
                .hasMessageContaining("CCX_TLS_TERMINATOR: an absolute path is required")
                .hasMessageContaining("CCX_TLS_CERT is missing")
                .hasMessageContaining("CCX_TLS_KEY is missing")
                .hasMessageContaining("CCX_TLS_CA is missing");

        Map<String, String> env = env();
        env.put(ServerTls.KEY_ENV, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----");
        env.put(ServerTls.CA_ENV, TlsFixtures.read("ca.crt") + TlsFixtures.read("ca.crt"));
        env.put(ServerTls.CERT_ENV, "not a certificate");
        env.put(ServerTls.CLIENT_NAME_ENV, "ccx-orchestrator\ncheckHost = anyone");
        assertThatThrownBy(() -> TlsTerminator.Settings.fromEnvironment(env, "/usr/bin/stunnel4"))
                .isInstanceOf(TlsConfigException.class)
                .hasMessageContaining("CCX_TLS_CERT: no PEM certificate found")
                .hasMessageContaining("CCX_TLS_KEY: an unencrypted PEM private key is required")
                .hasMessageContaining("CCX_TLS_CA: expected exactly one PEM CA certificate")
                .hasMessageContaining("CCX_TLS_CLIENT_NAME: letters, digits");
    }

    @Test
    void the_terminator_gets_private_files_and_no_environment_and_closing_it_leaves_nothing() throws Exception {
        Path seen = dir.resolve("seen");
        Path binary = StandIn.script(dir, "stunnel", "d=$(dirname \"$1\")\n"
                + "{ echo \"conf=$1\"; stat -c '%n %a' \"$d\" \"$d\"/*; echo env:; env; } > " + seen + "\n"
                + "exec sleep 60\n");
        AtomicInteger unexpected = new AtomicInteger();

        TlsTerminator terminator = TlsTerminator.start(settings(binary), "0.0.0.0", 8443, 40123,
                unexpected::incrementAndGet);
        List<String> lines = awaitLines(seen, "env:");
        Path conf = Path.of(lines.get(0).substring("conf=".length()));
        Path tlsDir = conf.getParent();

        assertThat(lines).contains(tlsDir + " 700", tlsDir.resolve("cert.pem") + " 600",
                tlsDir.resolve("key.pem") + " 600", tlsDir.resolve("ca.pem") + " 600", conf + " 600");
        assertThat(Files.readString(tlsDir.resolve("key.pem"))).isEqualTo(TlsFixtures.read("server-ec.key"));
        assertThat(Files.readString(conf)).contains("connect = 127.0.0.1:40123");
        assertThat(String.join("\n", lines.subList(lines.indexOf("env:"), lines.size())))
                .doesNotContain("CCX_", "BEGIN");
        assertThat(ProcessHandle.of(terminator.pid())).isPresent();

        terminator.close();

        assertThat(ProcessHandle.of(terminator.pid()).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(tlsDir).doesNotExist();
        Thread.sleep(200);
        assertThat(unexpected).hasValue(0);
    }

    @Test
    void a_terminator_that_exits_on_its_own_stops_the_agent() throws Exception {
        Path binary = StandIn.script(dir, "stunnel", "echo 'bad key' >&2\nexit 1\n");
        CountDownLatch stopped = new CountDownLatch(1);

        try (TlsTerminator terminator = TlsTerminator.start(settings(binary), "0.0.0.0", 8443, 40123,
                stopped::countDown)) {
            assertThat(stopped.await(10, TimeUnit.SECONDS)).as("the agent's exit was called").isTrue();
        }
    }

    @Test
    void a_missing_binary_fails_the_start_and_leaves_no_key_behind() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> before = tlsDirectories(tmp);

        assertThatThrownBy(() -> TlsTerminator.start(settings(dir.resolve("no-such-stunnel")), "0.0.0.0", 8443,
                40123, () -> { })).isInstanceOf(IOException.class).hasMessageContaining("no-such-stunnel");
        assertThat(tlsDirectories(tmp)).isEqualTo(before);
    }

    @Test
    void the_bind_address_must_be_an_ip_address() {
        assertThatThrownBy(() -> TlsTerminator.start(settings(dir.resolve("stunnel")), "0.0.0.0:1\nconnect", 8443,
                40123, () -> { })).isInstanceOf(TlsConfigException.class).hasMessageContaining("CCX_BIND");
    }

    private static TlsTerminator.Settings settings(Path binary) {
        return TlsTerminator.Settings.fromEnvironment(env(), binary.toString());
    }

    private static List<Path> tlsDirectories(Path tmp) throws IOException {
        try (var files = Files.list(tmp)) {
            return files.filter(p -> p.getFileName().toString().startsWith("ccx-tls-")).sorted().toList();
        }
    }

    private static List<String> awaitLines(Path file, String marker) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (lines.contains(marker)) {
                    Thread.sleep(100); // the rest of env's output
                    return Files.readAllLines(file);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the stand-in terminator never wrote " + file);
    }
}
