package dev.ccx.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ccx.orchestrator.testing.AppHarness;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests Jetty refuses before routing still get the JSON error shape, and keep-alive clients are not stranded. */
class JsonErrorHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_request_jetty_cannot_parse_gets_a_json_400_that_closes_the_connection(@TempDir Path state) throws Exception {
        try (AppHarness app = new AppHarness(state)) {
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> refused = app.send(app.asAdmin("/admin/users/a%00b").DELETE());
                assertThat(refused.statusCode()).isEqualTo(400);
                assertThat(JSON.readTree(refused.body()).path("error").path("code").asText()).isEqualTo("http_400");
                assertThat(refused.headers().firstValue("Connection")).hasValueSatisfying(
                        v -> assertThat(v).isEqualToIgnoringCase("close"));

                HttpResponse<String> next = app.send(app.request("/health")); // must not land on the dropped connection
                assertThat(next.statusCode()).isEqualTo(200);
            }
        }
    }
}
