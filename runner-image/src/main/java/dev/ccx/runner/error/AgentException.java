package dev.ccx.runner.error;

import java.util.Objects;

/** A failure with a stable reason and a message that is safe to show the caller (no paths, tokens or traces). */
public class AgentException extends RuntimeException {

    private final Reason reason;

    public AgentException(Reason reason, String publicMessage) {
        super(Objects.requireNonNull(publicMessage, "publicMessage"));
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public AgentException(Reason reason, String publicMessage, Throwable cause) {
        super(publicMessage, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Shorthand for a 400 {@link Reason#INVALID_REQUEST}. */
    public static AgentException invalid(String publicMessage) {
        return new AgentException(Reason.INVALID_REQUEST, publicMessage);
    }

    public Reason reason() {
        return reason;
    }
}
