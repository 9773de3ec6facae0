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
    private static final long DRAIN_LIMIT = 64L << 20;

    private Bodies() {}

    /**
     * Reads the body, refusing with 413 once it exceeds {@code maxBytes}; never keeps more than that in memory.
     * A moderately oversized body is read to its end and discarded first, so the client (still sending) gets the
     * 413 instead of a reset connection; a huge one is refused at once and the connection closed.
     */
    public static byte[] read(Context ctx, long maxBytes) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > DRAIN_LIMIT) {
            ctx.header("Connection", "close");
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
                    drain(ctx, in, buffer, total);
                    throw tooLarge(maxBytes);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ApiException.badRequest("body_unreadable", "the request body could not be read");
        }
    }

    private static void drain(Context ctx, InputStream in, byte[] buffer, long alreadyRead) throws IOException {
        long total = alreadyRead;
        int n;
        while (total <= DRAIN_LIMIT && (n = in.read(buffer)) >= 0) {
            total += n;
        }
        if (total > DRAIN_LIMIT) {
            ctx.header("Connection", "close");
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
