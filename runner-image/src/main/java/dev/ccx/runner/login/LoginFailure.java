package dev.ccx.runner.login;

import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import java.util.Optional;

/**
 * A login step that ran and failed. Answered as {@code {"ok": false, "error": {...}}} (cc-executor-docker's shape
 * for these failures), optionally with the upstream server's error type instead of the reason's.
 */
public final class LoginFailure extends AgentException {

    private static final long serialVersionUID = 1L;

    private final transient Optional<String> upstreamType;

    public LoginFailure(Reason reason, String publicMessage) {
        this(reason, publicMessage, Optional.empty());
    }

    public LoginFailure(Reason reason, String publicMessage, Optional<String> upstreamType) {
        super(reason, publicMessage);
        this.upstreamType = upstreamType;
    }

    /** The error type to report: the upstream one when known, else the reason's. */
    public String type() {
        return upstreamType.orElse(reason().type());
    }
}
