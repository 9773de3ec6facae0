package dev.ccx.orchestrator.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.ccx.orchestrator.config.JwtSettings;
import dev.ccx.orchestrator.config.PublicKeyPem;
import dev.ccx.orchestrator.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * Verifies per-user JWTs (nimbus-jose-jwt): HMAC with a shared secret or RSA/EC with a configured public key.
 * {@code sub} and {@code exp} are mandatory, the lifetime is capped, and issuer/audience are checked when configured.
 */
public final class JwtVerifier {
    private final JwtSettings settings;
    private final Optional<JWSVerifier> hmac;
    private final Optional<JWSVerifier> asymmetric;
    private final Clock clock;

    public JwtVerifier(JwtSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.hmac = settings.hmacSecret().map(JwtVerifier::macVerifier);
        this.asymmetric = settings.publicKeyPem().map(JwtVerifier::publicKeyVerifier);
    }

    public boolean enabled() {
        return hmac.isPresent() || asymmetric.isPresent();
    }

    /** Returns the token's subject as a user id, or throws 401 with a reason that names no secret. */
    public UserId verify(String token) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid("token is not a well-formed signed JWT");
        }
        JWSVerifier verifier = verifierFor(jwt.getHeader().getAlgorithm());
        try {
            if (!jwt.verify(verifier)) {
                throw invalid("token signature is invalid");
            }
        } catch (JOSEException e) {
            throw invalid("token signature cannot be verified");
        }
        checkClaims(claims);
        String problem = UserId.problem(claims.getSubject());
        if (problem != null) {
            throw invalid("token subject is not a valid user id: " + problem);
        }
        return new UserId(claims.getSubject());
    }

    private JWSVerifier verifierFor(JWSAlgorithm alg) {
        if (JWSAlgorithm.Family.HMAC_SHA.contains(alg) && hmac.isPresent()) {
            return hmac.get();
        }
        boolean asymmetricAlg = JWSAlgorithm.Family.RSA.contains(alg) || JWSAlgorithm.Family.EC.contains(alg);
        if (asymmetricAlg && asymmetric.isPresent()) {
            return asymmetric.get();
        }
        throw invalid("token algorithm " + alg.getName() + " is not accepted");
    }

    private void checkClaims(JWTClaimsSet claims) {
        Instant now = clock.instant();
        Duration skew = settings.clockSkew();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw invalid("token has no exp claim");
        }
        if (exp.toInstant().plus(skew).isBefore(now)) {
            throw invalid("token has expired");
        }
        Instant issued = claims.getIssueTime() == null ? now : claims.getIssueTime().toInstant();
        if (Duration.between(issued, exp.toInstant()).compareTo(settings.maxLifetime()) > 0
                || Duration.between(now, exp.toInstant()).compareTo(settings.maxLifetime().plus(skew)) > 0) {
            throw invalid("token lifetime exceeds the allowed maximum");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().minus(skew).isAfter(now)) {
            throw invalid("token is not valid yet");
        }
        if (settings.issuer().isPresent() && !settings.issuer().get().equals(claims.getIssuer())) {
            throw invalid("token issuer is not accepted");
        }
        if (settings.audience().isPresent()
                && (claims.getAudience() == null || !claims.getAudience().contains(settings.audience().get()))) {
            throw invalid("token audience is not accepted");
        }
    }

    private static JWSVerifier macVerifier(String secret) {
        try {
            return new MACVerifier(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("JWT HMAC secret is too short", e);
        }
    }

    private static JWSVerifier publicKeyVerifier(String pem) {
        PublicKey key = PublicKeyPem.parse(pem);
        try {
            if (key instanceof RSAPublicKey rsa) {
                return new RSASSAVerifier(rsa);
            }
            if (key instanceof ECPublicKey ec) {
                return new ECDSAVerifier(ec);
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unsupported JWT public key", e);
        }
        throw new IllegalArgumentException("JWT public key must be RSA or EC");
    }

    private static ApiException invalid(String reason) {
        return ApiException.unauthorized("invalid_token", reason);
    }
}
