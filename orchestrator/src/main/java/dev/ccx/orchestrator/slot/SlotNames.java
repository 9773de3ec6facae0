package dev.ccx.orchestrator.slot;

import dev.ccx.orchestrator.auth.UserId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Derives the DNS-safe, collision-free names of a user's container and volumes: a readable prefix of the id
 * plus 64 bits of SHA-256 over the instance and the exact id, so {@code Alice} and {@code alice} never share a slot.
 */
public final class SlotNames {
    private static final int PREFIX_LENGTH = 20;
    private static final int MAX_NAME_LENGTH = 63;
    private static final int HASH_LENGTH = 16;
    private final String instance;

    public SlotNames(String instance) {
        this.instance = instance;
    }

    public String instance() {
        return instance;
    }

    /** The slot (container) name, e.g. {@code ccx-alice-3f9c2a1b0d4e5f61}; at most 63 characters. */
    public String slotName(UserId user) {
        String scope = "default".equals(instance) ? "ccx-" : "ccx-" + instance + "-";
        int room = MAX_NAME_LENGTH - scope.length() - HASH_LENGTH - 1; // a long instance leaves less for the id
        String readable = readablePrefix(user.value(), Math.min(PREFIX_LENGTH, room));
        return scope + (readable.isEmpty() ? "" : readable + "-") + hash(user.value());
    }

    public String volumeName(UserId user, VolumeKind kind) {
        return slotName(user) + "-" + kind.suffix();
    }

    private String hash(String userId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(instance.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            byte[] digest = sha.digest(userId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static String readablePrefix(String userId, int maxLength) {
        StringBuilder out = new StringBuilder();
        for (char c : userId.toLowerCase(Locale.ROOT).toCharArray()) {
            if (out.length() >= maxLength) {
                break;
            }
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (alnum) {
                out.append(c);
            } else if (out.length() > 0 && out.charAt(out.length() - 1) != '-') {
                out.append('-');
            }
        }
        while (out.length() > 0 && out.charAt(out.length() - 1) == '-') {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }
}
