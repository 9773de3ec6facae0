package dev.ccx.runner.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ccx.runner.Json;
import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes JSON bodies and the one OpenAI-style error shape. */
public final class Responses {

    private Responses() {
    }

    public static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
        bytes(ex, status, Json.bytes(body));
    }

    /** Sends a JSON body that is already serialised. */
    public static void bytes(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    /** {@code {"error":{"message","type","code","param":null}}} for {@code e}. */
    public static ObjectNode errorBody(AgentException e) {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error");
        Reason r = e.reason();
        error.put("message", e.getMessage());
        error.put("type", r.type());
        error.put("code", r.code());
        error.putNull("param");
        return body;
    }

    public static void error(HttpExchange ex, AgentException e) throws IOException {
        if (e.reason() == Reason.METHOD_NOT_ALLOWED && !ex.getResponseHeaders().containsKey("Allow")) {
            ex.getResponseHeaders().set("Allow", "GET, POST");
        }
        json(ex, e.reason().status(), errorBody(e));
    }

    /** A tiny JSON string literal writer for the hot paths that avoid Jackson (health). */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** For the paths that must not initialise Jackson. */
    static void rawJson(HttpExchange ex, int status, String json) throws IOException {
        bytes(ex, status, json.getBytes(StandardCharsets.UTF_8));
    }
}
