package dev.ccx.runner.files;

import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Confines every caller-named directory to the user's jobs volume: relative names resolve against it, absolute
 * ones must lie under it, and the real path (symlinks resolved) must still lie under it.
 */
public final class JobPaths {

    private final Path root;

    public JobPaths(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The directory of job {@code name}, created when missing. */
    public Path jobDir(String name) {
        new JobName(name);
        Path dir = root.resolve(name);
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            // an existing job: checked below like any other directory
        } catch (IOException e) {
            throw new AgentException(Reason.INVALID_PATH, "job directory cannot be created", e);
        }
        return confined("job", dir);
    }

    /** An existing directory named by the caller in {@code field} ({@code cwd} or an {@code add_dirs} entry). */
    public Path existingDir(String field, String raw) {
        if (raw.isEmpty() || raw.indexOf('\0') >= 0) {
            throw new AgentException(Reason.INVALID_PATH, field + " must be a non-empty path without NUL");
        }
        Path p;
        try {
            p = raw.startsWith("/") ? Path.of(raw) : root.resolve(raw);
        } catch (InvalidPathException e) {
            throw new AgentException(Reason.INVALID_PATH, field + " is not a valid path");
        }
        Path normalized = p.normalize();
        if (!normalized.startsWith(root)) {
            throw new AgentException(Reason.INVALID_PATH, field + " must be inside the jobs directory " + root);
        }
        return confined(field, normalized);
    }

    private Path confined(String field, Path path) {
        Path real;
        Path realRoot;
        try {
            realRoot = root.toRealPath();
            real = path.toRealPath();
        } catch (NoSuchFileException e) {
            throw new AgentException(Reason.INVALID_PATH, field + " does not exist");
        } catch (IOException e) {
            throw new AgentException(Reason.INVALID_PATH, field + " cannot be resolved");
        }
        if (!real.startsWith(realRoot)) {
            throw new AgentException(Reason.INVALID_PATH,
                    field + " resolves outside the jobs directory (symbolic link)");
        }
        if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new AgentException(Reason.INVALID_PATH, field + " is not a directory");
        }
        return real;
    }
}
