package dev.ccx.orchestrator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders the public error shapes: OpenAI style {@code {"error":{"message","type","code","param"}}} and, for the
 * Anthropic Messages front, {@code {"type":"error","error":{"type","message"}}}.
 */
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
        return json(e, ErrorDialect.OPENAI);
    }

    public static String json(ApiException e, ErrorDialect dialect) {
        return of(e, dialect).toString();
    }

    /** The error body of {@code e} in {@code dialect}. */
    public static ObjectNode of(ApiException e, ErrorDialect dialect) {
        if (dialect == ErrorDialect.ANTHROPIC) {
            ObjectNode root = JSON.createObjectNode();
            root.put("type", "error");
            ObjectNode error = root.putObject("error");
            error.put("type", anthropicType(e.status()));
            error.put("message", e.publicMessage());
            return root;
        }
        ObjectNode root = of(e.publicMessage(), e.type(), e.code());
        e.param().ifPresent(param -> ((ObjectNode) root.get("error")).put("param", param));
        return root;
    }

    /** Anthropic's error {@code type} for an HTTP status, as its API and SDKs use them. */
    static String anthropicType(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            case 504 -> "timeout_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }
}
