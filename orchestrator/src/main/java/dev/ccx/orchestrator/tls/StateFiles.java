package dev.ccx.orchestrator.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Atomic, permission-aware reads and writes of the PEM files in the orchestrator's state directory. */
final class StateFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private StateFiles() {
    }

    /** Writes a secret: owner read/write only (0600) from the first byte on, then moved into place. */
    static void writeSecret(Path file, String content) {
        write(file, content, OWNER_ONLY);
    }

    /** Writes public material (certificates): 0644. */
    static void writePublic(Path file, String content) {
        write(file, content, WORLD_READABLE);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.getFileName() + " in the TLS state directory", e);
        }
    }

    static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the TLS state directory " + dir, e);
        }
    }

    private static void write(Path file, String content, Set<PosixFilePermission> permissions) {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = null;
        try {
            boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
            temp = posix
                    ? Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                            PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            Files.writeString(temp, content, StandardCharsets.US_ASCII);
            if (posix) {
                Files.setPosixFilePermissions(temp, permissions);
            }
            move(temp, file);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("cannot write " + file.getFileName() + " in the TLS state directory", e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // best effort: a stray temp file is harmless and is never read
        }
    }
}
