package dev.ccx.runner.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.runner.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Credential files in a CLI home, written so that a reader never sees half a file and no other account can read
 * one: a 0600 temporary file in the same directory, fsync, rename over the target, fsync of the directory.
 */
public final class CredentialFiles {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final long MAX_BYTES = 1024 * 1024;

    private CredentialFiles() {
    }

    /** Replaces {@code dir/name} with {@code content} atomically, mode 0600 (creating {@code dir} if missing). */
    public static void write(Path dir, String name, byte[] content) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + name + ".", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.setPosixFilePermissions(tmp, OWNER_ONLY);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                directory.force(true);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The JSON object in {@code file}; empty when it is missing, a symlink, too large, or not a JSON object. */
    public static Optional<ObjectNode> readObject(Path file) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_BYTES) {
                return Optional.empty();
            }
            JsonNode node = Json.parse(Files.readAllBytes(file));
            return node instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
