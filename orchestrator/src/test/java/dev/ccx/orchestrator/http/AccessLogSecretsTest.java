package dev.ccx.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.ccx.orchestrator.testing.AppHarness;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Never a token in the logs: every credential a caller can present (service and admin keys, valid and invalid
 * JWTs, {@code x-api-key}, the dashboard's login form and session cookie), accepted or refused, is absent from
 * every log event (message, MDC, exception) written at any level while the real app serves those requests.
 */
class AccessLogSecretsTest {
    private static final String WRONG_KEY = "wrong-key-that-looks-real-0123456789";
    private static final String WRONG_API_KEY = "sk-ant-api03-not-a-real-key-0123456789";
    @TempDir
    Path state;
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Map<Logger, Level> levels = new LinkedHashMap<>();
    private AppHarness app;

    @BeforeEach
    void captureEveryLogEvent() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        captured.setContext(context);
        captured.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (String name : List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "ccx.access", "dev.ccx")) {
            Logger logger = context.getLogger(name);
            levels.put(logger, logger.getLevel());
            logger.setLevel(Level.TRACE); // the test configuration keeps the access log at WARN
        }
        root.addAppender(captured);
        app = new AppHarness(state);
    }

    @AfterEach
    void restore() {
        app.close();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(captured);
        captured.stop();
        levels.forEach(Logger::setLevel);
    }

    @Test
    void no_key_token_or_session_cookie_reaches_any_log_event_whether_authentication_succeeds_or_fails()
            throws Exception {
        String validJwt = Jwts.hs256(AppHarness.JWT_SECRET, "carol", 600);
        String forgedJwt = Jwts.hs256("some-other-secret-0123456789-0123456789", "carol", 600);
        String expiredJwt = Jwts.hs256(AppHarness.JWT_SECRET, "carol", -600);
        List<Integer> statuses = new ArrayList<>();

        statuses.add(call(app.asService("/v1/chat/completions", "alice")
                .POST(HttpRequest.BodyPublishers.ofString(AppHarness.chat("hi", false)))));
        statuses.add(call(app.asService("/v1/models", "alice")));
        statuses.add(call(app.asAdmin("/admin/slots")));
        statuses.add(call(app.asAdmin("/v1/models").header("X-CCX-User", "alice")));
        statuses.add(call(app.request("/admin/slots").header("Authorization", "Bearer " + AppHarness.SERVICE_KEY)));
        statuses.add(call(app.request("/v1/models").header("Authorization", "Bearer " + validJwt)));
        statuses.add(call(app.request("/v1/models").header("Authorization", "Bearer " + validJwt)
                .header("X-CCX-User", "dave")));
        statuses.add(call(app.request("/v1/models").header("Authorization", "Bearer " + forgedJwt)));
        statuses.add(call(app.request("/v1/models").header("Authorization", "Bearer " + expiredJwt)));
        statuses.add(call(app.request("/v1/models").header("Authorization", "Bearer " + WRONG_KEY)
                .header("X-CCX-User", "alice")));
        statuses.add(call(app.request("/v1/models").header("Authorization", "Basic " + AppHarness.SERVICE_KEY)));
        statuses.add(call(app.request("/v1/models").header("x-api-key", AppHarness.SERVICE_KEY)
                .header("X-CCX-User", "alice")));
        statuses.add(call(app.request("/v1/models").header("x-api-key", WRONG_API_KEY)
                .header("X-CCX-User", "alice")));
        HttpResponse<String> login = login(AppHarness.ADMIN_KEY);
        statuses.add(login.statusCode());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        String session = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
        statuses.add(call(app.request("/admin/slots").header("Cookie", cookie.substring(0, cookie.indexOf(';')))));
        statuses.add(login(WRONG_KEY).statusCode());
        statuses.add(login(AppHarness.SERVICE_KEY).statusCode());

        assertThat(statuses).as("accepted and refused calls alike").contains(200, 303, 401, 403);
        List<ILoggingEvent> events = List.copyOf(captured.list);
        List<ILoggingEvent> access = events.stream().filter(e -> e.getLoggerName().equals("ccx.access")).toList();
        System.out.println(events.size() + " log events captured, e.g.\n  " + String.join("\n  ",
                access.stream().limit(4).map(e -> e.getFormattedMessage() + " " + e.getMDCPropertyMap()).toList()));
        assertThat(access).as("one access log line per request").hasSize(statuses.size());
        assertThat(access).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.contains("status=401")).anyMatch(m -> m.contains("status=403"));
        assertThat(access).extracting(e -> e.getMDCPropertyMap().get("cred"))
                .contains("service#0", "admin#0", "jwt");

        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("service key", AppHarness.SERVICE_KEY);
        secrets.put("admin key", AppHarness.ADMIN_KEY);
        secrets.put("JWT secret", AppHarness.JWT_SECRET);
        secrets.put("valid JWT", validJwt);
        secrets.put("valid JWT's signature", signature(validJwt));
        secrets.put("forged JWT", forgedJwt);
        secrets.put("forged JWT's signature", signature(forgedJwt));
        secrets.put("expired JWT's signature", signature(expiredJwt));
        secrets.put("wrong key", WRONG_KEY);
        secrets.put("wrong x-api-key", WRONG_API_KEY);
        secrets.put("session cookie", session);
        for (ILoggingEvent event : events) {
            String logged = everythingLogged(event);
            secrets.forEach((what, secret) -> assertThat(logged).as("the %s in a %s event", what,
                    event.getLoggerName()).doesNotContain(secret));
        }
    }

    private int call(HttpRequest.Builder request) throws Exception {
        return app.send(request).statusCode();
    }

    private HttpResponse<String> login(String key) throws Exception {
        return app.send(app.request("/admin/ui/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("key=" + URLEncoder.encode(key, StandardCharsets.UTF_8))));
    }

    private static String signature(String jwt) {
        String part = jwt.substring(jwt.lastIndexOf('.') + 1);
        assertThat(part).hasSizeGreaterThan(20);
        return part;
    }

    /** An event's formatted message, its MDC and its exceptions' classes and messages (with causes). */
    private static String everythingLogged(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(String.valueOf(event.getFormattedMessage()));
        text.append('\n').append(event.getMDCPropertyMap());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            text.append('\n').append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }
}
