package dev.ccx.fakemodel.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.fakemodel.FakeModelServer;
import dev.ccx.fakemodel.http.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeLoginServersTest {

    private static final String VERIFIER = "verifier-0123456789-0123456789-0123456789-ab";
    private final HttpClient client = HttpClient.newHttpClient();
    private FakeModelServer server;

    @BeforeEach
    void start() throws Exception {
        server = FakeModelServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("Content-Type",
                contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String authorize(String user) throws Exception {
        String query = "code=true&client_id=cid&response_type=code&redirect_uri="
                + URLEncoder.encode("https://example.test/callback", StandardCharsets.UTF_8)
                + "&code_challenge=" + Forms.challenge(VERIFIER) + "&code_challenge_method=S256&state=st1&fake_user="
                + user;
        HttpResponse<String> consent = get("/oauth/authorize?" + query);
        assertThat(consent.statusCode()).isEqualTo(302);
        assertThat(consent.headers().firstValue("Location")).hasValueSatisfying(l ->
                assertThat(l).startsWith("https://example.test/callback?code=fake-code-").endsWith("&state=st1"));
        return Json.parse(consent.body()).path("code").asText();
    }

    private HttpResponse<String> exchange(String code, String verifier) throws Exception {
        return post("/v1/oauth/token", "application/json", "{\"grant_type\":\"authorization_code\",\"client_id\":"
                + "\"cid\",\"code\":\"" + code + "\",\"redirect_uri\":\"https://example.test/callback\","
                + "\"code_verifier\":\"" + verifier + "\",\"state\":\"st1\"}");
    }

    @Test
    void a_claude_code_is_exchanged_once_for_a_token_naming_the_consenting_user() throws Exception {
        String code = authorize("alice");

        HttpResponse<String> first = exchange(code, VERIFIER);
        HttpResponse<String> again = exchange(code, VERIFIER);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode tokens = Json.parse(first.body());
        assertThat(tokens.path("access_token").asText()).startsWith("sk-ant-oat01-fake-alice-");
        assertThat(tokens.path("expires_in").asLong()).isPositive();
        assertThat(server.issuedTokens()).containsExactly(
                new IssuedToken("claude", "alice", tokens.path("access_token").asText()));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(Json.parse(again.body()).path("error").path("message").asText()).contains("code");
    }

    @Test
    void a_claude_exchange_with_the_wrong_pkce_verifier_is_refused() throws Exception {
        HttpResponse<String> r = exchange(authorize("alice"), "not-the-verifier");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("code_verifier");
        assertThat(server.issuedTokens()).isEmpty();
    }

    @Test
    void a_codex_device_login_is_pending_until_approved_then_yields_jwts_for_that_user() throws Exception {
        JsonNode device = Json.parse(post("/api/accounts/deviceauth/usercode", "application/json",
                "{\"client_id\":\"app_x\"}").body());
        String poll = "{\"device_auth_id\":\"" + device.path("device_auth_id").asText() + "\",\"user_code\":\""
                + device.path("user_code").asText() + "\"}";
        assertThat(device.path("user_code").asText()).matches("[A-Z0-9]{4}-[A-Z0-9]{5}");

        assertThat(post("/api/accounts/deviceauth/token", "application/json", poll).statusCode()).isEqualTo(403);
        assertThat(get("/codex/device?user_code=" + device.path("user_code").asText() + "&fake_user=bob")
                .statusCode()).isEqualTo(200);
        JsonNode granted = Json.parse(post("/api/accounts/deviceauth/token", "application/json", poll).body());
        HttpResponse<String> token = post("/oauth/token", "application/x-www-form-urlencoded",
                "grant_type=authorization_code&client_id=app_x&code=" + granted.path("authorization_code").asText()
                + "&redirect_uri=x&code_verifier=" + granted.path("code_verifier").asText());

        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        String access = Json.parse(token.body()).path("access_token").asText();
        JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(access.split("\\.")[1]));
        assertThat(claims.path("https://api.openai.com/auth").path("chatgpt_account_id").asText())
                .isEqualTo("acct-bob");
        assertThat(claims.path("exp").asLong()).isGreaterThan(claims.path("iat").asLong());
        assertThat(server.issuedTokens()).extracting(IssuedToken::user).containsExactly("bob");
    }

    @Test
    void approving_an_unknown_device_code_is_a_404() throws Exception {
        assertThat(get("/codex/device?user_code=NOPE-NOPE1").statusCode()).isEqualTo(404);
        assertThat(Forms.parse("a=1&b=x%20y&c")).isEqualTo(Map.of("a", "1", "b", "x y", "c", ""));
    }
}
