package dev.ccx.fakemodel.auth;

import java.util.Objects;

/**
 * A token the fake authorization server handed out, so tests can tell whose credential a CLI later presents.
 *
 * @param provider    {@code claude} or {@code codex}
 * @param user        the name the test "signed in" as ({@code fake_user} on the consent step)
 * @param accessToken the access token issued
 */
public record IssuedToken(String provider, String user, String accessToken) {

    public IssuedToken {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(accessToken, "accessToken");
    }
}
