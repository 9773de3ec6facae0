package dev.ccx.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Request bodies: a hard size limit over real HTTP (with and without Content-Length) and strict JSON. */
@Timeout(30)
class BodiesTest {
    private static final int LIMIT = 1000;
    private static final AtomicLong declaredLength = new AtomicLong();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static Javalin app;

    @BeforeAll
    static void start() {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = 1L << 40;
            config.routes.post("/read", ctx -> {
                declaredLength.set(ctx.req().getContentLengthLong());
                ctx.result(Integer.toString(Bodies.read(ctx, LIMIT).length));
            });
            config.routes.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).result(e.code()));
        }).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    @Test
    void a_body_up_to_the_limit_is_read_whole_with_or_without_content_length() throws Exception {
        HttpResponse<String> sized = post(HttpRequest.BodyPublishers.ofByteArray(bytes(LIMIT)));
        assertThat(sized.statusCode()).isEqualTo(200);
        assertThat(sized.body()).isEqualTo("1000");

        HttpResponse<String> chunked = post(streamed(LIMIT));
        assertThat(declaredLength).hasValue(-1);
        assertThat(chunked.statusCode()).isEqualTo(200);
        assertThat(chunked.body()).isEqualTo("1000");
    }

    @Test
    void a_declared_length_over_the_limit_is_refused_with_413() throws Exception {
        HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofByteArray(bytes(LIMIT + 1)));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).isEqualTo("body_too_large");
    }

    @ParameterizedTest(name = "{0} bytes without Content-Length")
    @ValueSource(ints = {LIMIT + 1, 64 * 1024, 4 * 1024 * 1024})
    void a_body_without_content_length_is_still_cut_off_at_the_limit(int size) throws Exception {
        HttpResponse<String> response = post(streamed(size));

        assertThat(declaredLength).hasValue(-1);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).isEqualTo("body_too_large");
    }

    @Test
    void a_json_object_is_parsed() {
        ObjectNode node = Bodies.parseObject(utf8("{\"model\":\"sonnet\",\"stream\":true,\"n\":[1,2]}"));

        assertThat(node.path("model").asText()).isEqualTo("sonnet");
        assertThat(node.path("n").size()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"model\":\"sonnet\",\"model\":\"opus\"}",
            "{\"a\":{\"x\":1,\"x\":2}}",
            "{\"a\":1} trailing",
            "{\"a\":1}{\"b\":2}",
            "{\"a\":1},",
            "{\"a\":1",
            "{'a':1}",
            "{a:1}",
            "{\"a\":NaN}",
            "{\"a\":1,}",
            "[{\"a\":1}]",
            "\"just a string\"",
            "42",
            "null",
            "",
            "   "})
    void anything_but_exactly_one_well_formed_object_is_400_invalid_json(String text) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> Bodies.parseObject(utf8(text)));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("invalid_json");
    }

    @Test
    void deeply_nested_json_is_refused_before_it_can_exhaust_the_stack() {
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> Bodies.parseObject(utf8(nested(100_000))));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("invalid_json");
        assertThat(catchThrowableOfType(ApiException.class, () -> Bodies.parseObject(utf8(nested(65))))).isNotNull();
        assertThat(Bodies.parseObject(utf8(nested(32))).has("a")).isTrue();
    }

    @Test
    void the_invalid_json_message_does_not_echo_the_body() {
        String secret = "{\"api_key\":\"sk-secret-value\" oops";

        ApiException e = catchThrowableOfType(ApiException.class, () -> Bodies.parseObject(utf8(secret)));

        assertThat(e.publicMessage()).doesNotContain("sk-secret-value");
    }

    /** An object nested {@code depth} levels deep: {"a":{"a":...{}}}. */
    private static String nested(int depth) {
        return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
    }

    private static HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
        declaredLength.set(Long.MIN_VALUE);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/read"))
                .timeout(Duration.ofSeconds(20)).POST(body).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A body of {@code size} bytes sent chunked, without Content-Length. */
    private static HttpRequest.BodyPublisher streamed(int size) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes(size)));
    }

    private static byte[] bytes(int size) {
        byte[] body = new byte[size];
        java.util.Arrays.fill(body, (byte) 'x');
        return body;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
