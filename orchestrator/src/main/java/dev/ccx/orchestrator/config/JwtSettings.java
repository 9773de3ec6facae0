package dev.ccx.orchestrator.config;

import java.time.Duration;
import java.util.Optional;

/**
 * How per-user JWTs are verified: an HMAC secret and/or a public key (PEM), optional issuer and audience,
 * and the longest lifetime a token may claim.
 */
public record JwtSettings(Optional<String> hmacSecret, Optional<String> publicKeyPem, Optional<String> issuer,
                          Optional<String> audience, Duration maxLifetime, Duration clockSkew) {

    public JwtSettings {
        if (maxLifetime.isNegative() || maxLifetime.isZero()) {
            throw new IllegalArgumentException("maxLifetime must be positive");
        }
    }

    public static JwtSettings disabled() {
        return new JwtSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Duration.ofHours(24), Duration.ofSeconds(30));
    }

    public boolean enabled() {
        return hmacSecret.isPresent() || publicKeyPem.isPresent();
    }

    @Override
    public String toString() {
        return "JwtSettings[hmac=" + (hmacSecret.isPresent() ? "set" : "unset")
                + ", publicKey=" + (publicKeyPem.isPresent() ? "set" : "unset")
                + ", issuer=" + issuer.orElse("-") + ", audience=" + audience.orElse("-")
                + ", maxLifetime=" + maxLifetime + "]";
    }
}
