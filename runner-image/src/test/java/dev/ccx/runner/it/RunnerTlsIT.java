package dev.ccx.runner.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccx.runner.tls.TlsFixtures;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The runner image serving mutual TLS the way the orchestrator starts it: the image's TLS terminator (stunnel) on
 * port 8443 in front of an agent that listens on the container's loopback only. Certificates are the test
 * fixtures: the orchestrator's name from the right CA, and the ways a client can fall short of it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunnerTlsIT {

    private static final Pattern AGENT_PORT = Pattern.compile("agent on 127\\.0\\.0\\.1:(\\d+)");

    private RunnerContainer runner;
    private SSLContext orchestrator;

    @BeforeAll
    void start() throws Exception {
        DockerSupport.requireDocker();
        orchestrator = TlsFixtures.client("client");
        runner = RunnerContainer.startTls(RunnerImage.build(), Map.of(
                "CCX_SLOT", "ccx-test-runner",
                "CCX_TLS_CERT", TlsFixtures.read("server-ec.crt"),
                "CCX_TLS_KEY", TlsFixtures.read("server-ec.key"),
                "CCX_TLS_CA", TlsFixtures.read("ca.crt")), orchestrator);
    }

    @AfterAll
    void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    @Order(1)
    void the_orchestrators_certificate_gets_answers_over_tls_13_and_12_through_the_terminator() throws Exception {
        for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
            HttpResponse<String> health = get(orchestrator, protocol, "/health");
            assertThat(health.statusCode()).as(protocol).isEqualTo(200);
            assertThat(health.body()).as(protocol).contains("\"slot\":\"ccx-test-runner\"");
        }
        HttpResponse<String> models = get(orchestrator, "TLSv1.3", "/v1/models");
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.body()).contains("\"object\":\"list\"");
        assertThat(runner.logs()).contains("mTLS by the TLS terminator");
    }

    @Test
    @Order(2)
    void a_client_without_the_orchestrators_certificate_gets_no_answer() throws Exception {
        // null: no certificate; intruder: another name from the right CA; misused: the right name, but issued for
        // servers only; foreign: the right name from another CA
        for (String client : java.util.Arrays.asList(null, "intruder", "misused", "foreign")) {
            SSLContext context = TlsFixtures.client(client);
            for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
                assertThatThrownBy(() -> get(context, protocol, "/health")).as(client + " over " + protocol)
                        .isInstanceOf(IOException.class);
            }
        }
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runner.port()
                + "/health")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
                .as("plain HTTP").isInstanceOf(IOException.class);
        assertThat(runner.logs()).contains("CERT");
        assertThat(get(orchestrator, "TLSv1.3", "/health").statusCode()).as("the terminator is still serving")
                .isEqualTo(200);
    }

    @Test
    @Order(3)
    void the_agent_itself_listens_on_the_containers_loopback_only() throws Exception {
        Matcher port = AGENT_PORT.matcher(runner.logs());
        assertThat(port.find()).as(runner.logs()).isTrue();
        String ip = Docker.run(Duration.ofSeconds(30), "inspect", "-f",
                "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", runner.name()).requireSuccess("inspect")
                .output().strip();

        try (Socket tls = new Socket()) {
            tls.connect(new InetSocketAddress(ip, 8443), 5000); // the container's address is reachable
        }
        assertThatThrownBy(() -> {
            try (Socket agent = new Socket()) {
                agent.connect(new InetSocketAddress(ip, Integer.parseInt(port.group(1))), 5000);
            }
        }).as("the agent's own port from outside the container").isInstanceOf(ConnectException.class);
    }

    @Test
    @Order(4)
    void the_terminator_runs_as_the_runner_user_without_the_agents_environment() {
        String pid = terminatorPid();
        assertThat(runner.exec("ps", "-o", "user=,args=", "-p", pid).output().strip())
                .startsWith("runner ").contains("stunnel").doesNotContain("BEGIN");
        assertThat(runner.exec("sh", "-c", "tr '\\0' '\\n' < /proc/" + pid + "/environ").output())
                .doesNotContain("CCX_TLS", "PRIVATE KEY");
    }

    @Test
    @Order(5)
    void when_the_terminator_dies_the_runner_stops_so_that_it_is_started_afresh() throws Exception {
        assertThat(runner.exec("kill", terminatorPid()).exit()).isZero();

        String state = "";
        for (int i = 0; i < 100 && !state.startsWith("exited"); i++) {
            Thread.sleep(100);
            state = Docker.run(Duration.ofSeconds(30), "inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}",
                    runner.name()).output().strip();
        }
        assertThat(state).isEqualTo("exited 3");
        assertThat(runner.logs()).contains("the TLS terminator exited");
    }

    private String terminatorPid() {
        return runner.exec("ps", "-o", "pid=,comm=", "-e").output().lines().map(String::strip)
                .filter(l -> l.endsWith("stunnel4")).map(l -> l.split("\\s+")[0]).findFirst()
                .orElseThrow(() -> new AssertionError("no stunnel4 in " + runner.processes()));
    }

    private HttpResponse<String> get(SSLContext context, String protocol, String path)
            throws IOException, InterruptedException {
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setProtocols(new String[] {protocol});
        HttpClient client = HttpClient.newBuilder().sslContext(context).sslParameters(parameters)
                .connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + runner.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
