package dev.ccx.orchestrator.config;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Parses a PEM {@code PUBLIC KEY} (RSA or EC), so a bad JWT key is reported with the other settings at start. */
public final class PublicKeyPem {
    private PublicKeyPem() {}

    /** The key, or an {@link IllegalArgumentException} whose message names no key material. */
    public static PublicKey parse(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("JWT public key is not a PEM 'PUBLIC KEY'");
        }
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (Exception ignored) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("JWT public key is neither RSA nor EC");
    }
}
