package dev.ccx.orchestrator.auth;

import dev.ccx.orchestrator.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * Turns presented credentials into a {@link Principal}: service keys, admin keys (compared in constant time over
 * SHA-256 digests, so neither content nor length leaks) and per-user JWTs. Also resolves which user a request acts for.
 */
public final class Authenticator {
    private final List<byte[]> serviceDigests;
    private final List<byte[]> adminDigests;
    private final JwtVerifier jwt;

    public Authenticator(CallerKeys keys, JwtVerifier jwt) {
        this.serviceDigests = keys.serviceKeys().stream().map(Authenticator::digest).toList();
        this.adminDigests = keys.adminKeys().stream().map(Authenticator::digest).toList();
        this.jwt = jwt;
    }

    /**
     * Authenticates a request from its {@code Authorization} header or, failing that, an {@code x-api-key} header.
     * Throws 401 when neither carries a valid credential.
     */
    public Principal authenticate(String authorization, String apiKey) {
        String credential = bearer(authorization).or(() -> Optional.ofNullable(apiKey).map(String::trim))
                .filter(s -> !s.isEmpty())
                .orElseThrow(() -> ApiException.unauthorized("missing_credentials",
                        "send 'Authorization: Bearer <key or token>'"));
        byte[] presented = digest(credential);
        int service = indexOf(serviceDigests, presented);
        int admin = indexOf(adminDigests, presented);
        if (service >= 0) {
            return Principal.service(service);
        }
        if (admin >= 0) {
            return Principal.admin(admin);
        }
        if (jwt.enabled() && looksLikeJwt(credential)) {
            return Principal.user(jwt.verify(credential));
        }
        throw ApiException.unauthorized("invalid_credentials", "the presented key or token is not valid");
    }

    /** The user a request acts for: a service names one in {@code X-CCX-User}; a user token acts only for itself. */
    public UserId resolveUser(Principal principal, String userHeader) {
        return switch (principal.role()) {
            case SERVICE -> {
                if (userHeader == null || userHeader.isEmpty()) {
                    throw ApiException.badRequest("missing_user", "service keys must name the user in X-CCX-User");
                }
                yield UserId.parse(userHeader);
            }
            case USER -> {
                UserId subject = principal.subject().orElseThrow();
                if (userHeader != null && !userHeader.isEmpty() && !userHeader.equals(subject.value())) {
                    throw ApiException.forbidden("user_mismatch", "a user token may act only for its own subject");
                }
                yield subject;
            }
            case ADMIN -> throw adminOnUserApi();
        };
    }

    /** Refuses admin keys on the user API; used before a request body is read, so a refusal costs nothing. */
    public void requireUserApi(Principal principal) {
        if (principal.role() == Role.ADMIN) {
            throw adminOnUserApi();
        }
    }

    private static ApiException adminOnUserApi() {
        return ApiException.forbidden("wrong_role", "admin keys cannot call the user API");
    }

    public void requireAdmin(Principal principal) {
        if (principal.role() != Role.ADMIN) {
            throw ApiException.forbidden("wrong_role", "this endpoint needs an admin key");
        }
    }

    private static Optional<String> bearer(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String trimmed = header.trim();
        if (trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(trimmed.substring(7).trim());
        }
        return Optional.empty();
    }

    private static boolean looksLikeJwt(String credential) {
        return credential.chars().filter(c -> c == '.').count() == 2 && credential.length() < 16_384;
    }

    /** Checks every entry so the time taken does not depend on which (if any) matched. */
    private static int indexOf(List<byte[]> digests, byte[] presented) {
        int found = -1;
        for (int i = 0; i < digests.size(); i++) {
            if (MessageDigest.isEqual(digests.get(i), presented) && found < 0) {
                found = i;
            }
        }
        return found;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
