package dev.ccx.orchestrator.it;

import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A deterministic stream of {@code length} pseudo-random bytes from a seed, hashed (SHA-256) as it is read: test
 * data of any size that is never held in memory.
 */
final class SeededBytes extends InputStream {
    private final SplittableRandom random;
    private final MessageDigest sha;
    private long remaining;

    SeededBytes(long seed, long length) {
        this.random = new SplittableRandom(seed);
        this.remaining = length;
        this.sha = newDigest();
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (remaining <= 0) {
            return -1;
        }
        int n = (int) Math.min(length, remaining);
        for (int i = 0; i < n; i += 8) {
            long value = random.nextLong();
            for (int j = 0; j < 8 && i + j < n; j++) {
                buffer[offset + i + j] = (byte) (value >>> (8 * j));
            }
        }
        sha.update(buffer, offset, n);
        remaining -= n;
        return n;
    }

    /** The hash of everything read so far (call once, at the end). */
    String sha256() {
        return HexFormat.of().formatHex(sha.digest());
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
