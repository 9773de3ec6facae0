package dev.ccx.orchestrator.auth;

import java.util.Optional;

/**
 * An authenticated caller. {@code subject} is set for per-user tokens (the only user they may act for);
 * {@code credentialId} names the credential for logs without revealing it, e.g. {@code service#0} or {@code jwt}.
 */
public record Principal(Role role, Optional<UserId> subject, String credentialId) {
    public static Principal service(int index) {
        return new Principal(Role.SERVICE, Optional.empty(), "service#" + index);
    }

    public static Principal admin(int index) {
        return new Principal(Role.ADMIN, Optional.empty(), "admin#" + index);
    }

    public static Principal user(UserId subject) {
        return new Principal(Role.USER, Optional.of(subject), "jwt");
    }
}
