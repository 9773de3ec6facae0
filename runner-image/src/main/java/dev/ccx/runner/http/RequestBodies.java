package dev.ccx.runner.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ccx.runner.Json;
import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a size limit (413 beyond it) and parses it as JSON (400 when it is not). */
public final class RequestBodies {

    private RequestBodies() {
    }

    /** The body as JSON; empty, malformed or {@code null} bodies are 400 "Invalid JSON". */
    public static JsonNode json(HttpExchange ex, long maxBytes) throws IOException {
        byte[] body = read(ex, maxBytes);
        if (body.length == 0) {
            throw new AgentException(Reason.INVALID_JSON, "Invalid JSON");
        }
        try {
            JsonNode node = Json.parse(body);
            if (node == null || node.isNull() || node.isMissingNode()) {
                throw new AgentException(Reason.INVALID_JSON, "Invalid JSON");
            }
            return node;
        } catch (IOException e) {
            throw new AgentException(Reason.INVALID_JSON, "Invalid JSON");
        }
    }

    static byte[] read(HttpExchange ex, long maxBytes) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > maxBytes) {
                    throw tooLarge(maxBytes);
                }
            } catch (NumberFormatException e) {
                throw AgentException.invalid("Content-Length is not a number");
            }
        }
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return body;
        }
    }

    private static AgentException tooLarge(long maxBytes) {
        return new AgentException(Reason.BODY_TOO_LARGE, "request body exceeds " + maxBytes + " bytes");
    }
}
