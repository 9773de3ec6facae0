package dev.ccx.runner.error;

/** Stable reason codes of every error the agent reports, each with its HTTP status and OpenAI error type. */
public enum Reason {
    INVALID_JSON(400, "invalid_request_error", "invalid_json"),
    INVALID_REQUEST(400, "invalid_request_error", "invalid_request"),
    UNSUPPORTED_FIELD(400, "unsupported_field", "unsupported_field"),
    UNSUPPORTED_CONTENT(400, "invalid_request_error", "unsupported_content"),
    UNSUPPORTED_MODEL(400, "invalid_request_error", "unsupported_model"),
    NOT_ALLOWED(400, "invalid_request_error", "not_allowed"),
    INVALID_PATH(400, "invalid_request_error", "invalid_path"),
    STATE_MISMATCH(400, "invalid_request_error", "state_mismatch"),
    LOGIN_FAILED(400, "invalid_request_error", "login_failed"),
    CLAUDE_AUTH_REQUIRED(403, "authentication_error", "CLAUDE_AUTH_REQUIRED"),
    CODEX_AUTH_REQUIRED(403, "authentication_error", "CODEX_AUTH_REQUIRED"),
    LOGIN_SESSION_UNKNOWN(404, "invalid_request_error", "login_session_unknown"),
    UPLOAD_INCOMPLETE(400, "invalid_request_error", "upload_incomplete"),
    NOT_FOUND(404, "invalid_request_error", "not_found"),
    METHOD_NOT_ALLOWED(405, "invalid_request_error", "method_not_allowed"),
    RUN_CANCELLED(409, "invalid_request_error", "run_cancelled"),
    CONFLICT(409, "invalid_request_error", "conflict"),
    BODY_TOO_LARGE(413, "invalid_request_error", "body_too_large"),
    QUOTA_EXCEEDED(413, "invalid_request_error", "quota_exceeded"),
    RANGE_NOT_SATISFIABLE(416, "invalid_request_error", "range_not_satisfiable"),
    MISSING_FIELD(422, "invalid_request_error", "missing_field"),
    BUSY(429, "rate_limit_error", "runner_busy"),
    CLI_FAILED(500, "server_error", "cli_failed"),
    CLI_NOT_FOUND(500, "server_error", "cli_not_found"),
    OUTPUT_TOO_LARGE(500, "server_error", "output_too_large"),
    INTERNAL(500, "server_error", "internal_error"),
    WRITE_FAILED(500, "server_error", "write_failed"),
    NO_DEVICE_CODE(500, "server_error", "no_device_code"),
    LOGIN_SERVER_UNREACHABLE(502, "server_error", "login_server_unreachable"),
    TIMEOUT(504, "timeout_error", "timeout"),
    QUOTA_EXHAUSTED(507, "invalid_request_error", "quota_exceeded"),
    DISK_FULL(507, "server_error", "disk_full");

    private final int status;
    private final String type;
    private final String code;

    Reason(int status, String type, String code) {
        this.status = status;
        this.type = type;
        this.code = code;
    }

    /** The HTTP status this reason is answered with. */
    public int status() {
        return status;
    }

    /** The OpenAI-style {@code error.type}. */
    public String type() {
        return type;
    }

    /** The stable {@code error.code}. */
    public String code() {
        return code;
    }
}
