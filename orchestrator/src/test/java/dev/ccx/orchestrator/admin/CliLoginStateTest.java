package dev.ccx.orchestrator.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CliLoginStateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CliLoginState parse(String json) throws Exception {
        JsonNode node = JSON.readTree(json);
        return CliLoginState.fromRunner(node);
    }

    @Test
    void an_oauth_login_carries_its_expiry_and_expires_by_the_clock_not_by_the_old_answer() throws Exception {
        CliLoginState state = parse("{\"loggedIn\":true,\"authMethod\":\"claude.ai\",\"expiresAt\":1767229200000,"
                + "\"expired\":false}");
        assertThat(state.loggedIn()).isTrue();
        assertThat(state.authMethod()).hasValue("claude.ai");
        assertThat(state.expiresAt()).hasValue(Instant.ofEpochMilli(1767229200000L));
        assertThat(state.expiredAt(Instant.ofEpochMilli(1767229200000L - 1))).hasValue(false);
        assertThat(state.expiredAt(Instant.ofEpochMilli(1767229200000L + 1))).hasValue(true);
    }

    @Test
    void an_api_key_login_has_no_expiry() throws Exception {
        CliLoginState state = parse("{\"loggedIn\":true,\"authMethod\":\"api_key\",\"expiresAt\":null,\"expired\":null}");
        assertThat(state.expiresAt()).isEmpty();
        assertThat(state.expiredAt(Instant.now())).isEmpty();
    }

    @Test
    void what_an_untrusted_runner_sends_passes_only_when_well_typed() throws Exception {
        CliLoginState state = parse("{\"loggedIn\":\"yes\",\"authMethod\":\"<img src=x onerror=alert(1)>\","
                + "\"expiresAt\":\"soon\",\"expired\":1}");
        assertThat(state.loggedIn()).isFalse();
        assertThat(state.authMethod()).isEmpty();
        assertThat(state.expiresAt()).isEmpty();
        assertThat(state.reportedExpired()).isEmpty();
        assertThat(parse("{\"expiresAt\":99999999999999999}").expiresAt()).isEmpty();
        assertThat(parse("[]").loggedIn()).isFalse();
    }
}
