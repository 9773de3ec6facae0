package dev.ccx.runner.files;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Recursive walks through directory handles that never follow a link: regular files are visited, links and other
 * special files are skipped (when listing) or removed as themselves (when deleting), never their targets.
 */
final class TreeWalk {

    /** Deepest directory level visited; deeper trees (only an agent can make them) are neither listed nor counted. */
    static final int MAX_DEPTH = 128;

    /** Sees each regular file with its path relative to the walk's start; answers false to stop the walk. */
    @FunctionalInterface
    interface FileVisitor {
        boolean file(String path, BasicFileAttributes attrs);
    }

    private TreeWalk() {
    }

    /** Visits the regular files below {@code dir} except entries {@code skip} names; false when stopped early. */
    static boolean files(SecureDirectoryStream<Path> dir, String prefix, int depth, Predicate<String> skip,
                         FileVisitor visitor) throws IOException {
        for (String name : Dirs.names(dir)) {
            Optional<BasicFileAttributes> attrs = skip.test(name) ? Optional.empty() : Dirs.stat(dir, name);
            if (attrs.isEmpty()) {
                continue;
            }
            if (attrs.get().isRegularFile() && !visitor.file(prefix + name, attrs.get())) {
                return false;
            }
            if (attrs.get().isDirectory() && depth < MAX_DEPTH) {
                SecureDirectoryStream<Path> sub = openOrNull(dir, name);
                if (sub == null) {
                    continue;
                }
                try (sub) {
                    if (!files(sub, prefix + name + "/", depth + 1, skip, visitor)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** Deletes everything inside {@code dir}; a link is removed as a link, never followed. */
    static void deleteContents(SecureDirectoryStream<Path> dir, int depth) throws IOException {
        for (String name : Dirs.names(dir)) {
            Optional<BasicFileAttributes> attrs = Dirs.stat(dir, name);
            if (attrs.isEmpty()) {
                continue;
            }
            SecureDirectoryStream<Path> sub = attrs.get().isDirectory() && depth < MAX_DEPTH ? openOrNull(dir, name)
                    : null;
            if (sub == null) {
                deleteFile(dir, name);
                continue;
            }
            try (sub) {
                deleteContents(sub, depth + 1);
            }
            try {
                dir.deleteDirectory(Path.of(name));
            } catch (NoSuchFileException e) {
                // removed meanwhile
            }
        }
    }

    private static void deleteFile(SecureDirectoryStream<Path> dir, String name) throws IOException {
        try {
            dir.deleteFile(Path.of(name));
        } catch (NoSuchFileException e) {
            // removed meanwhile
        }
    }

    /** The sub-directory, or null when it vanished or was replaced by a link or file since it was looked at. */
    private static SecureDirectoryStream<Path> openOrNull(SecureDirectoryStream<Path> dir, String name)
            throws IOException {
        try {
            return dir.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS);
        } catch (FileSystemException e) {
            return null;
        }
    }
}
