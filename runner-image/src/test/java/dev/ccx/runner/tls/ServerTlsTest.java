package dev.ccx.runner.tls;

import static dev.ccx.runner.tls.TlsFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerTlsTest {

    private static Map<String, String> env(String server) {
        return Map.of(ServerTls.CERT_ENV, read(server + ".crt"), ServerTls.KEY_ENV, read(server + ".key"),
                ServerTls.CA_ENV, read("ca.crt"));
    }

    @Test
    void the_orchestrator_client_is_served_over_tls_1_3() throws Exception {
        try (TlsFixtures.Server server = new TlsFixtures.Server(ServerTls.fromEnvironment(env("server-ec")))) {
            HttpResponse<String> response = server.get(TlsFixtures.client("client"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("CN=ccx-orchestrator TLSv1.3");
        }
    }

    @Test
    void a_runner_with_an_rsa_key_serves_the_orchestrator_too() throws Exception {
        try (TlsFixtures.Server server = new TlsFixtures.Server(ServerTls.fromEnvironment(env("server-rsa")))) {
            assertThat(server.get(TlsFixtures.client("client")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void a_client_without_a_certificate_is_refused() throws Exception {
        try (TlsFixtures.Server server = new TlsFixtures.Server(ServerTls.fromEnvironment(env("server-ec")))) {
            assertThatThrownBy(() -> server.get(TlsFixtures.client(null))).isInstanceOf(IOException.class);
            assertThat(server.handled).hasValue(0);
        }
    }

    @Test
    void a_client_of_the_same_ca_with_another_name_is_refused() throws Exception {
        try (TlsFixtures.Server server = new TlsFixtures.Server(ServerTls.fromEnvironment(env("server-ec")))) {
            assertThatThrownBy(() -> server.get(TlsFixtures.client("intruder"))).isInstanceOf(IOException.class);
            assertThat(server.handled).hasValue(0);
        }
    }

    @Test
    void the_expected_client_name_can_be_changed_through_the_environment() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(env("server-ec"));
        env.put(ServerTls.CLIENT_NAME_ENV, "ccx-intruder");
        ServerTls tls = ServerTls.fromEnvironment(env);
        assertThat(tls.expectedClientName()).isEqualTo("ccx-intruder");
        try (TlsFixtures.Server server = new TlsFixtures.Server(tls)) {
            assertThat(server.get(TlsFixtures.client("intruder")).body()).startsWith("CN=ccx-intruder");
            assertThatThrownBy(() -> server.get(TlsFixtures.client("client"))).isInstanceOf(IOException.class);
        }
    }

    @Test
    void the_default_client_name_is_the_orchestrator() {
        assertThat(ServerTls.fromEnvironment(env("server-ec")).expectedClientName()).isEqualTo("ccx-orchestrator");
    }

    @Test
    void every_missing_variable_is_reported_at_once() {
        assertThatThrownBy(() -> ServerTls.fromEnvironment(Map.of(ServerTls.CA_ENV, read("ca.crt"))))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage("missing TLS environment variables: CCX_TLS_CERT, CCX_TLS_KEY");
    }

    @Test
    void a_key_that_does_not_belong_to_the_certificate_is_refused() {
        String otherKey = read("client.key");
        assertThatThrownBy(() -> ServerTls.fromPem(read("server-ec.crt"), otherKey, read("ca.crt")))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage("CCX_TLS_KEY does not match the first certificate in CCX_TLS_CERT")
                .hasNoCause();
    }

    @Test
    void an_rsa_key_paired_with_an_ec_certificate_is_refused() {
        assertThatThrownBy(() -> ServerTls.fromPem(read("server-ec.crt"), read("server-rsa.key"), read("ca.crt")))
                .hasMessage("CCX_TLS_KEY does not match the first certificate in CCX_TLS_CERT");
    }

    @Test
    void a_ca_variable_holding_two_certificates_is_refused() {
        String twoCas = read("ca.crt") + read("client.crt");
        assertThatThrownBy(() -> ServerTls.fromPem(read("server-ec.crt"), read("server-ec.key"), twoCas))
                .hasMessage("CCX_TLS_CA: expected exactly one CA certificate, found 2");
    }
}
