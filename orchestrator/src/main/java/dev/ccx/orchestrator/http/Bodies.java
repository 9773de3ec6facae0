package dev.ccx.orchestrator.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads request bodies with a hard size limit and parses JSON objects strictly, mapping failures to 4xx. */
public final class Bodies {
    private static final ObjectMapper JSON = strictMapper();

    private Bodies() {}

    /** Reads the body, refusing with 413 once it exceeds {@code maxBytes} (never reads more than that plus one). */
    public static byte[] read(Context ctx, long maxBytes) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 1024), 1 << 20));
            byte[] buffer = new byte[16 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ApiException.badRequest("body_unreadable", "the request body could not be read");
        }
    }

    /** Parses a JSON object, or throws 400 {@code invalid_json}. */
    public static ObjectNode parseObject(byte[] body) {
        if (body.length == 0) {
            throw ApiException.badRequest("invalid_json", "the request body must be a JSON object");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest("invalid_json", "the request body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("invalid_json", "the request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    public static ObjectMapper mapper() {
        return JSON;
    }

    private static ApiException tooLarge(long maxBytes) {
        return new ApiException(413, "invalid_request_error", "body_too_large",
                "the request body exceeds the limit of " + maxBytes + " bytes");
    }

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxStringLength(64 << 20).build());
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return mapper;
    }
}
