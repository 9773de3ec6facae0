package dev.ccx.fakemodel.http;

import java.security.SecureRandom;

/** Random ids in the providers' styles ({@code msg_…}, {@code toolu_…}, {@code resp_…}, {@code call_…}). */
public final class Ids {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** {@code prefix} followed by {@code length} random base-62 characters. */
    public static String random(String prefix, int length) {
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
