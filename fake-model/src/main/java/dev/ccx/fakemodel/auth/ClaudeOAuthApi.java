package dev.ccx.fakemodel.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ccx.fakemodel.RecordedRequest;
import dev.ccx.fakemodel.anthropic.AnthropicWriter;
import dev.ccx.fakemodel.http.BadRequestException;
import dev.ccx.fakemodel.http.Exchanges;
import dev.ccx.fakemodel.http.Ids;
import dev.ccx.fakemodel.http.Json;
import dev.ccx.fakemodel.http.Router;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A stand-in for Claude's OAuth server. {@code GET /oauth/authorize} is the consent page: it "signs in" as the
 * {@code fake_user} query parameter and redirects to the client's callback with a code, as the browser would.
 * {@code POST /v1/oauth/token} exchanges that code, checking the client id, redirect URI, state and the PKCE
 * verifier against the challenge, and issues {@code sk-ant-oat01-fake-<user>-…} tokens.
 */
public final class ClaudeOAuthApi {

    static final long EXPIRES_IN_SECONDS = 28_800;

    private final AuthState state;

    public ClaudeOAuthApi(AuthState state) {
        this.state = state;
    }

    /** Adds the consent and token routes to {@code router}. */
    public void register(Router router) {
        router.add("GET", "/oauth/authorize", this::authorize, AnthropicWriter::error)
                .add("POST", "/v1/oauth/token", this::token, AnthropicWriter::error);
    }

    private void authorize(HttpExchange exchange, RecordedRequest request) throws IOException {
        Map<String, String> q = Forms.parse(request.query());
        if (!"code".equals(q.get("response_type")) || !"S256".equals(q.get("code_challenge_method"))) {
            throw new BadRequestException("response_type=code and code_challenge_method=S256 are required");
        }
        String redirect = Forms.required(q, "redirect_uri");
        String stateValue = Forms.required(q, "state");
        String code = Ids.random("fake-code-", 24);
        state.addClaudeCode(code, new AuthState.ClaudeGrant(Forms.required(q, "client_id"), redirect,
                Forms.required(q, "code_challenge"), stateValue, q.getOrDefault("fake_user", "user")));
        String callback = redirect + (redirect.contains("?") ? "&" : "?") + "code=" + enc(code) + "&state="
                + enc(stateValue);
        exchange.getResponseHeaders().set("Location", callback);
        Exchanges.sendJson(exchange, 302, Json.object().put("code", code).put("state", stateValue)
                .put("callback", callback));
    }

    private void token(HttpExchange exchange, RecordedRequest request) throws IOException {
        JsonNode body = Json.parse(request.body());
        if (!"authorization_code".equals(body.path("grant_type").asText())) {
            throw new BadRequestException("unsupported grant_type");
        }
        AuthState.ClaudeGrant grant = state.takeClaudeCode(body.path("code").asText())
                .orElseThrow(() -> new BadRequestException("Invalid 'code' in request."));
        if (!grant.clientId().equals(body.path("client_id").asText())
                || !grant.redirectUri().equals(body.path("redirect_uri").asText())) {
            throw new BadRequestException("client_id or redirect_uri does not match the authorization");
        }
        if (!grant.state().equals(body.path("state").asText())) {
            throw new BadRequestException("state does not match the authorization");
        }
        if (!grant.challenge().equals(Forms.challenge(body.path("code_verifier").asText()))) {
            throw new BadRequestException("code_verifier does not match the code_challenge");
        }
        String access = "sk-ant-oat01-fake-" + grant.user() + "-" + Ids.random("", 24);
        state.issued(new IssuedToken("claude", grant.user(), access));
        Exchanges.sendJson(exchange, 200, Json.object().put("token_type", "Bearer").put("access_token", access)
                .put("refresh_token", "sk-ant-ort01-fake-" + grant.user() + "-" + Ids.random("", 24))
                .put("expires_in", EXPIRES_IN_SECONDS).put("scope", "user:inference user:profile"));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
