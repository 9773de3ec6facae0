package dev.ccx.runner;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Identifiers that must be unique but need not be secret: completion ids, run ids, request ids and the CLI session
 * id of a chat. They come from {@link ThreadLocalRandom}, not {@link UUID#randomUUID()}: that one draws from
 * {@code SecureRandom}, whose provider framework puts ~90 classes into the memory of every runner that has served
 * a chat. Secrets (PKCE verifiers, login session ids, temporary file names) still use {@code SecureRandom}.
 */
public final class Ids {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ids() {
    }

    /** A random (version 4, IETF variant) UUID. */
    public static UUID uuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }

    /** {@code length} random lower-case hex digits. */
    public static String hex(int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] digits = new char[length];
        for (int i = 0; i < length; i++) {
            digits[i] = HEX[random.nextInt(16)];
        }
        return new String(digits);
    }
}
