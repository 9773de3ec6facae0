package dev.ccx.fakemodel.auth;

import dev.ccx.fakemodel.http.BadRequestException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Query strings, form bodies and PKCE arithmetic for the fake authorization endpoints. */
final class Forms {

    private Forms() {
    }

    /** {@code a=1&b=2} (query string or x-www-form-urlencoded body) as a map; later duplicates win. */
    static Map<String, String> parse(String encoded) {
        Map<String, String> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The value of a required parameter; a 400 naming it when it is missing or empty. */
    static String required(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            throw new BadRequestException("missing " + name);
        }
        return value;
    }

    /** The S256 code challenge of {@code verifier}: base64url (no padding) of its SHA-256. */
    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned JWT ({@code alg: none}) with {@code claimsJson} as payload; the CLIs read it, never verify it. */
    static String unsignedJwt(String claimsJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8)) + ".fake-signature";
    }
}
