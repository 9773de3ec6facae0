package dev.ccx.runner.files;

import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Directory operations relative to open directory handles ({@code openat}, {@code fstatat} and friends with
 * {@code O_NOFOLLOW}): nothing here resolves a caller's path from the filesystem root, and no symbolic link is
 * ever followed, so an agent that swaps a directory for a link mid-request cannot redirect the operation.
 */
final class Dirs {

    /** Names the agent itself creates inside the jobs volume start with this (upload and mkdir temporaries). */
    static final String TEMP_PREFIX = ".ccx-";

    private Dirs() {
    }

    /** A handle on the jobs root (the configured mount, trusted). */
    static SecureDirectoryStream<Path> openRoot(Path root) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(root);
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        stream.close();
        throw new AgentException(Reason.INTERNAL, "this platform cannot confine file operations to the jobs volume");
    }

    /** The attributes of the entry {@code name} itself (a link is reported as a link), empty when it is missing. */
    static Optional<BasicFileAttributes> stat(SecureDirectoryStream<Path> dir, String name) throws IOException {
        try {
            return Optional.of(dir.getFileAttributeView(Path.of(name), BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Opens the sub-directory {@code name} without following a link. A missing entry throws
     * {@link NoSuchFileException}; a link or anything else that is not a directory is a 400 {@code invalid_path}.
     */
    static SecureDirectoryStream<Path> openDir(SecureDirectoryStream<Path> dir, String name) throws IOException {
        try {
            return dir.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (FileSystemException e) {
            Optional<BasicFileAttributes> attrs = stat(dir, name);
            if (attrs.isEmpty()) {
                throw new NoSuchFileException(name);
            }
            throw notADirectory(name, attrs.get());
        }
    }

    /** The 400 for a path segment that should be a directory but is a link or a file. */
    static AgentException notADirectory(String name, BasicFileAttributes attrs) {
        return new AgentException(Reason.INVALID_PATH, attrs.isSymbolicLink()
                ? "'" + name + "' is a symbolic link; links are never followed"
                : "'" + name + "' is not a directory");
    }

    /** The names in {@code dir}, sorted (a directory stream can be iterated once). */
    static List<String> names(SecureDirectoryStream<Path> dir) {
        List<String> names = new ArrayList<>();
        for (Path entry : dir) {
            names.add(entry.getFileName().toString());
        }
        names.sort(null);
        return names;
    }

    /** A fresh unguessable name for a temporary entry of {@code kind}. */
    static String tempName(String kind) {
        byte[] bytes = new byte[12];
        Unguessable.INSTANCE.nextBytes(bytes);
        return TEMP_PREFIX + kind + "-" + HexFormat.of().formatHex(bytes);
    }

    /** Removes {@code name} (a file or link) from {@code dir}, ignoring failures: cleanup after an error. */
    static void deleteQuietly(SecureDirectoryStream<Path> dir, String name) {
        try {
            dir.deleteFile(Path.of(name));
        } catch (IOException | RuntimeException ignored) {
            // already gone, or the error that brought us here is the one worth reporting
        }
    }

    /** Removes the empty directory {@code name}, ignoring failures. */
    static void deleteDirQuietly(SecureDirectoryStream<Path> dir, String name) {
        try {
            dir.deleteDirectory(Path.of(name));
        } catch (IOException | RuntimeException ignored) {
            // as above
        }
    }

    /** Created on the first temporary name, not when the jobs routes start: most runners never upload. */
    private static final class Unguessable {
        static final SecureRandom INSTANCE = new SecureRandom();
    }
}
