package dev.ccx.runner;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The one Jackson mapper, created on first use: at start-up by {@link StartupWarmup} on its own thread, so the
 * readiness probe's {@code /health} (answered without Jackson) never waits for it.
 */
public final class Json {

    private Json() {
    }

    private static final class Holder {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();
    }

    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    public static ObjectNode object() {
        return mapper().createObjectNode();
    }

    /** Parses one JSON value; throws {@link IOException} for malformed input. */
    public static JsonNode parse(byte[] bytes) throws IOException {
        return mapper().readTree(bytes);
    }

    /** Parses a line of CLI output, empty when it is not JSON. */
    public static Optional<JsonNode> parseLine(String line) {
        String s = line.strip();
        if (s.isEmpty() || s.charAt(0) != '{') {
            return Optional.empty();
        }
        try (JsonParser p = mapper().createParser(s)) {
            return Optional.ofNullable(mapper().readTree(p));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return mapper().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
