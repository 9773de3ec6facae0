package dev.ccx.fakemodel.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ccx.fakemodel.RecordedRequest;
import dev.ccx.fakemodel.http.BadRequestException;
import dev.ccx.fakemodel.http.Exchanges;
import dev.ccx.fakemodel.http.Ids;
import dev.ccx.fakemodel.http.Json;
import dev.ccx.fakemodel.http.Router;
import dev.ccx.fakemodel.openai.ResponsesWriter;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;

/**
 * A stand-in for the OpenAI auth issuer that {@code codex login --device-auth --experimental_issuer <url>} talks
 * to (codex-cli 0.169): it hands out a device code, answers the CLI's polls with 403 until the code is approved
 * by visiting {@code GET /codex/device?user_code=…&fake_user=…} (the page the CLI prints), then lets the CLI
 * exchange the code for unsigned JWTs whose account id is {@code acct-<user>}.
 */
public final class CodexDeviceApi {

    private static final String CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long LIFETIME_SECONDS = 3600;

    private final AuthState state;

    public CodexDeviceApi(AuthState state) {
        this.state = state;
    }

    /** Adds the device-code, approval and token routes to {@code router}. */
    public void register(Router router) {
        router.add("POST", "/api/accounts/deviceauth/usercode", this::userCode, ResponsesWriter::error)
                .add("POST", "/api/accounts/deviceauth/token", this::poll, ResponsesWriter::error)
                .add("GET", "/codex/device", this::approve, ResponsesWriter::error)
                .add("POST", "/oauth/token", this::token, ResponsesWriter::error);
    }

    private void userCode(HttpExchange exchange, RecordedRequest request) throws IOException {
        JsonNode body = Json.parse(request.body());
        String clientId = body.path("client_id").asText("");
        if (clientId.isEmpty()) {
            throw new BadRequestException("missing client_id");
        }
        AuthState.DeviceLogin login = new AuthState.DeviceLogin(Ids.random("dev_", 20), code(4) + "-" + code(5),
                clientId, null, null, null);
        state.addDevice(login);
        Exchanges.sendJson(exchange, 200, Json.object().put("device_auth_id", login.deviceAuthId())
                .put("user_code", login.userCode()).put("interval", "1"));
    }

    private void poll(HttpExchange exchange, RecordedRequest request) throws IOException {
        JsonNode body = Json.parse(request.body());
        AuthState.DeviceLogin login = state.device(body.path("device_auth_id").asText()).orElse(null);
        if (login == null || !login.userCode().equals(body.path("user_code").asText())) {
            Exchanges.sendJson(exchange, 404, ResponsesWriter.error(404, "unknown device login"));
            return;
        }
        if (!login.approved()) {
            Exchanges.sendJson(exchange, 403, ResponsesWriter.error(403, "authorization pending"));
            return;
        }
        state.removeDevice(login.deviceAuthId());
        Exchanges.sendJson(exchange, 200, Json.object().put("authorization_code", login.code())
                .put("code_challenge", Forms.challenge(login.verifier())).put("code_verifier", login.verifier()));
    }

    private void approve(HttpExchange exchange, RecordedRequest request) throws IOException {
        Map<String, String> q = Forms.parse(request.query());
        String user = q.getOrDefault("fake_user", "user");
        if (!state.approve(Forms.required(q, "user_code"), user, Ids.random("fake-device-code-", 20),
                Ids.random("", 43))) {
            Exchanges.sendJson(exchange, 404, ResponsesWriter.error(404, "no pending device login with that code"));
            return;
        }
        Exchanges.sendJson(exchange, 200, Json.object().put("approved", true).put("user", user));
    }

    private void token(HttpExchange exchange, RecordedRequest request) throws IOException {
        Map<String, String> form = Forms.parse(request.body());
        if (!"authorization_code".equals(form.get("grant_type"))) {
            throw new BadRequestException("unsupported grant_type");
        }
        AuthState.DeviceLogin login = state.takeCodexCode(Forms.required(form, "code"))
                .orElseThrow(() -> new BadRequestException("invalid authorization code"));
        if (!login.verifier().equals(form.get("code_verifier")) || !login.clientId().equals(form.get("client_id"))) {
            throw new BadRequestException("code_verifier or client_id does not match");
        }
        long now = Instant.now().getEpochSecond();
        String claims = "{\"iat\":" + now + ",\"exp\":" + (now + LIFETIME_SECONDS) + ",\"email\":\"" + login.user()
                + "@example.test\",\"https://api.openai.com/auth\":{\"chatgpt_account_id\":\"acct-" + login.user()
                + "\",\"chatgpt_user_id\":\"user-" + login.user() + "\",\"chatgpt_plan_type\":\"plus\"}}";
        String access = Forms.unsignedJwt(claims.replace("{\"iat\"", "{\"jti\":\"" + Ids.random("", 12)
                + "\",\"iat\""));
        state.issued(new IssuedToken("codex", login.user(), access));
        Exchanges.sendJson(exchange, 200, Json.object().put("id_token", Forms.unsignedJwt(claims))
                .put("access_token", access).put("refresh_token", "fake-refresh-" + login.user() + "-"
                        + Ids.random("", 16)));
    }

    private static String code(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
        }
        return sb.toString();
    }
}
