package dev.ccx.runner.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private (0700) directory for one run under the work directory: the fresh working directory of text-only and
 * output-files runs ({@code work/}), prompt files and Codex's last-message file. Deleted, with everything in it,
 * when the run ends.
 */
public final class RunDirectory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);

    private final Path dir;

    private RunDirectory(Path dir) {
        this.dir = dir;
    }

    /** Creates {@code <workDir>/run-<runId>}. */
    public static RunDirectory create(Path workDir, String runId) {
        try {
            if (!Files.isDirectory(workDir)) {
                Files.createDirectories(workDir);
                Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwx------"));
            }
            Path dir = workDir.resolve("run-" + runId);
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return new RunDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory", e);
        }
    }

    public Path path() {
        return dir;
    }

    /** An empty {@code work/} directory: emptied again for every attempt so a retry starts clean. */
    public Path freshWorkDir() {
        Path work = dir.resolve("work");
        try {
            deleteTree(work);
            Files.createDirectory(work);
            return work;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the working directory", e);
        }
    }

    @Override
    public void close() {
        try {
            deleteTree(dir);
        } catch (IOException e) {
            LOG.warn("cannot remove run directory {}: {}", dir, e.toString());
        }
    }

    /** Deletes {@code root} and everything below it, never following symbolic links. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                d.toFile().setWritable(true, true);
                d.toFile().setExecutable(true, true);
                d.toFile().setReadable(true, true);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                Files.deleteIfExists(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
