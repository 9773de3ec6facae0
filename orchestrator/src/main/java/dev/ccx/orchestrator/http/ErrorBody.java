package dev.ccx.orchestrator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Renders the one public error shape: {@code {"error":{"message","type","code"}}} (OpenAI style). */
public final class ErrorBody {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorBody() {}

    public static ObjectNode of(String message, String type, String code) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("code", code);
        error.putNull("param");
        return root;
    }

    public static String json(String message, String type, String code) {
        return of(message, type, code).toString();
    }

    public static String json(ApiException e) {
        return json(e.publicMessage(), e.type(), e.code());
    }
}
