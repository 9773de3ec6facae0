package dev.ccx.orchestrator.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/** Signs test tokens the way a web backend would, with HMAC, RSA or EC keys. */
final class TestTokens {
    private TestTokens() {}

    /** Claims of a well-formed token for {@code subject}: issued at {@code now}, valid for {@code seconds}. */
    static JWTClaimsSet.Builder claims(String subject, Instant now, long seconds) {
        return new JWTClaimsSet.Builder().subject(subject).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(seconds)));
    }

    static String hs256(String secret, JWTClaimsSet claims) {
        return sign(JWSAlgorithm.HS256, claims, macSigner(secret));
    }

    static String rs256(KeyPair rsa, JWTClaimsSet claims) {
        return sign(JWSAlgorithm.RS256, claims, new RSASSASigner(rsa.getPrivate()));
    }

    static String es256(KeyPair ec, JWTClaimsSet claims) {
        try {
            return sign(JWSAlgorithm.ES256, claims, new ECDSASigner((ECPrivateKey) ec.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair rsaKeyPair() {
        return generate("RSA", null);
    }

    static KeyPair ecKeyPair() {
        return generate("EC", new ECGenParameterSpec("secp256r1"));
    }

    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** An unsigned ({@code alg: none}) token carrying {@code claims}. */
    static String unsigned(JWTClaimsSet claims) {
        return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims.toString()) + ".";
    }

    /** A token whose header claims HS256 but that carries no signature at all. */
    static String hs256WithoutSignature(JWTClaimsSet claims) {
        return b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64(claims.toString()) + ".";
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static JWSSigner macSigner(String secret) {
        try {
            return new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(JWSAlgorithm alg, JWTClaimsSet claims, JWSSigner signer) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        try {
            jwt.sign(signer);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static KeyPair generate(String algorithm, ECGenParameterSpec spec) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (spec != null) {
                generator.initialize(spec);
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
