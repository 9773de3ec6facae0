package dev.ccx.runner.login;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secrets of one OAuth authorization with PKCE (RFC 7636, S256): the verifier kept in the runner, the
 * challenge sent in the authorize URL, and the state that ties the pasted code to this login.
 *
 * @param verifier  base64url (no padding) of 32 random bytes, 43 characters
 * @param challenge base64url (no padding) of SHA-256 of the verifier's ASCII bytes
 * @param state     32 random bytes as lower-case hex, 64 characters
 */
public record Pkce(String verifier, String challenge, String state) {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    /** Fresh values from {@code random}. */
    public static Pkce generate(SecureRandom random) {
        byte[] verifierBytes = new byte[32];
        byte[] stateBytes = new byte[32];
        random.nextBytes(verifierBytes);
        random.nextBytes(stateBytes);
        String verifier = B64URL.encodeToString(verifierBytes);
        return new Pkce(verifier, challengeOf(verifier), HexFormat.of().formatHex(stateBytes));
    }

    /** The S256 challenge of {@code verifier}. */
    public static String challengeOf(String verifier) {
        try {
            return B64URL.encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** Never prints the verifier. */
    @Override
    public String toString() {
        return "Pkce[challenge=" + challenge + "]";
    }
}
