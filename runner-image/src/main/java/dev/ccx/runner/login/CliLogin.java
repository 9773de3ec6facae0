package dev.ccx.runner.login;

import java.util.Optional;

/**
 * Whether one CLI can authenticate, as {@code GET /v1/auth/status} reports it.
 *
 * @param loggedIn   credentials present (and not known to be expired)
 * @param authMethod {@code claude.ai}, {@code auth_json}, {@code api_key}, {@code oauth_token} or empty
 * @param expiresAt  credential expiry in epoch milliseconds, when known
 * @param expired    whether that expiry has passed, when known
 */
public record CliLogin(boolean loggedIn, Optional<String> authMethod, Optional<Long> expiresAt,
        Optional<Boolean> expired) {

    public static final CliLogin NONE = new CliLogin(false, Optional.empty(), Optional.empty(), Optional.empty());
}
