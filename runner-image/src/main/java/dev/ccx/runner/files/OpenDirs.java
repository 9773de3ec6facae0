package dev.ccx.runner.files;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The chain of directory handles from the jobs root down to one directory of a job, each opened relative to the
 * one above without following links. Missing directories can be created race-free: Java has no {@code mkdirat},
 * so a directory is made under a random name in the (trusted) jobs root and renamed into place relative to the
 * parent's handle.
 */
final class OpenDirs implements AutoCloseable {

    private final Path rootPath;
    private final Deque<SecureDirectoryStream<Path>> chain = new ArrayDeque<>();

    private OpenDirs(Path rootPath) {
        this.rootPath = rootPath;
    }

    /**
     * Opens {@code job} and then {@code dirs} below it; with {@code create}, missing ones are made. Without it, a
     * missing directory throws {@link NoSuchFileException}.
     */
    static OpenDirs open(Path root, JobName job, List<String> dirs, boolean create) throws IOException {
        OpenDirs open = new OpenDirs(root);
        try {
            open.chain.push(Dirs.openRoot(root));
            open.descend(job.value(), create);
            for (String dir : dirs) {
                open.descend(dir, create);
            }
            return open;
        } catch (IOException | RuntimeException e) {
            open.close();
            throw e;
        }
    }

    /** The innermost directory. */
    SecureDirectoryStream<Path> leaf() {
        return chain.peek();
    }

    private SecureDirectoryStream<Path> root() {
        return chain.peekLast();
    }

    private void descend(String name, boolean create) throws IOException {
        try {
            chain.push(Dirs.openDir(leaf(), name));
        } catch (NoSuchFileException e) {
            if (!create) {
                throw e;
            }
            makeDir(name);
            chain.push(Dirs.openDir(leaf(), name));
        }
    }

    private void makeDir(String name) throws IOException {
        String temp = Dirs.tempName("mkdir");
        Files.createDirectory(rootPath.resolve(temp));
        try {
            root().move(Path.of(temp), leaf(), Path.of(name));
        } catch (FileSystemException e) {
            // something appeared there meanwhile; opening it decides whether it is usable
            Dirs.deleteDirQuietly(root(), temp);
        }
    }

    @Override
    public void close() {
        while (!chain.isEmpty()) {
            try {
                chain.pop().close();
            } catch (IOException ignored) {
                // closing a directory handle cannot lose data
            }
        }
    }
}
