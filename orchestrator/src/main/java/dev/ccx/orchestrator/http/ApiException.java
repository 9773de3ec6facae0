package dev.ccx.orchestrator.http;

/**
 * A failure with a stable reason code and a message that is safe to show callers;
 * the one exception type the HTTP layer maps to a status and an OpenAI-style error body.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String type;
    private final String code;
    private final String publicMessage;
    private final Integer retryAfterSeconds;
    private final String param;

    public ApiException(int status, String type, String code, String publicMessage) {
        this(status, type, code, publicMessage, null, null);
    }

    public ApiException(int status, String type, String code, String publicMessage,
                        Integer retryAfterSeconds, Throwable cause) {
        this(status, type, code, publicMessage, retryAfterSeconds, cause, null);
    }

    private ApiException(int status, String type, String code, String publicMessage,
                         Integer retryAfterSeconds, Throwable cause, String param) {
        super(code + ": " + publicMessage, cause);
        this.param = param;
        this.status = status;
        this.type = type;
        this.code = code;
        this.publicMessage = publicMessage;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() { return status; }
    public String type() { return type; }
    public String code() { return code; }
    public String publicMessage() { return publicMessage; }
    public Integer retryAfterSeconds() { return retryAfterSeconds; }
    /** The request field the error is about, when there is one (OpenAI's {@code param}). */
    public java.util.Optional<String> param() { return java.util.Optional.ofNullable(param); }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, "invalid_request_error", code, message);
    }

    /** 400 about one request field, named in the message and in {@code param}. */
    public static ApiException badField(String code, String param, String message) {
        return new ApiException(400, "invalid_request_error", code, message, null, null, param);
    }

    public static ApiException unauthorized(String code, String message) {
        return new ApiException(401, "authentication_error", code, message);
    }

    public static ApiException forbidden(String code, String message) {
        return new ApiException(403, "permission_error", code, message);
    }

    public static ApiException notFound(String code, String message) {
        return new ApiException(404, "not_found_error", code, message);
    }

    /** 503 {@code shutting_down}: the orchestrator is stopping; the caller should retry in a few seconds. */
    public static ApiException shuttingDown() {
        return unavailable("shutting_down", "the orchestrator is shutting down; retry shortly", 5);
    }

    public static ApiException unavailable(String code, String message, int retryAfterSeconds) {
        return new ApiException(503, "server_error", code, message, retryAfterSeconds, null);
    }

    public static ApiException badGateway(String code, String message, Throwable cause) {
        return new ApiException(502, "server_error", code, message, null, cause);
    }

    public static ApiException timeout(String code, String message) {
        return new ApiException(504, "timeout_error", code, message);
    }
}
