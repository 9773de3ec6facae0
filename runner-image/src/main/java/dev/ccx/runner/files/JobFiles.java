package dev.ccx.runner.files;

import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads, lists and deletes files in the user's job directories. Every operation walks down from the jobs root
 * through directory handles opened without following links, so a symbolic link the agent planted (to
 * {@code /etc/passwd}, to another job, in place of a parent directory) is never followed out of the volume.
 */
public final class JobFiles {

    /** Most files one listing returns ({@code truncated} is set beyond it). */
    public static final int MAX_LISTED = 50_000;
    private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    private final Path root;
    private final JobsQuota quota;

    public JobFiles(Path root, JobsQuota quota) {
        this.root = root;
        this.quota = quota;
    }

    /** An open regular file; the caller closes it. */
    public record OpenFile(SeekableByteChannel channel, long size, Instant modified) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** A job's files, sorted by path. */
    public record Listing(List<FileEntry> files, boolean truncated) {
        public Listing {
            files = List.copyOf(files);
        }
    }

    /** The job directories with their files and bytes; a fresh walk. */
    public JobsUsage jobs() throws IOException {
        return JobsUsage.walk(root, quota::inFlight);
    }

    /** Every regular file below {@code job} (links and special files are left out); 404 for a missing job. */
    public Listing list(JobName job) throws IOException {
        List<FileEntry> files = new ArrayList<>();
        try (OpenDirs dirs = OpenDirs.open(root, job, List.of(), false)) {
            boolean complete = TreeWalk.files(dirs.leaf(), "", 1, quota::inFlight, (path, attrs) -> {
                if (files.size() >= MAX_LISTED) {
                    return false;
                }
                files.add(new FileEntry(path, attrs.size(), modified(attrs)));
                return true;
            });
            return new Listing(files, !complete);
        } catch (NoSuchFileException e) {
            throw new AgentException(Reason.NOT_FOUND, "no job named " + job);
        }
    }

    /** Opens a regular file for reading; 404 when missing, 400 when it is a link, a directory or special. */
    public OpenFile open(JobName job, FilePath path) throws IOException {
        try (OpenDirs dirs = OpenDirs.open(root, job, path.parents(), false)) {
            BasicFileAttributes attrs = Dirs.stat(dirs.leaf(), path.name())
                    .orElseThrow(() -> new NoSuchFileException(path.name()));
            requireRegular(path, attrs);
            SeekableByteChannel channel;
            try {
                channel = dirs.leaf().newByteChannel(Path.of(path.name()), READ);
            } catch (NoSuchFileException e) {
                throw e;
            } catch (IOException e) {
                // O_NOFOLLOW refused a link that replaced the file after it was looked at
                throw replacedByLink(path);
            }
            return new OpenFile(channel, channel.size(), modified(attrs));
        } catch (NoSuchFileException e) {
            throw new AgentException(Reason.NOT_FOUND, "no file " + path + " in job " + job);
        }
    }

    /** Deletes one file (a link is removed as a link); false when there was nothing to delete. */
    public boolean delete(JobName job, FilePath path) throws IOException {
        try (OpenDirs dirs = OpenDirs.open(root, job, path.parents(), false)) {
            Optional<BasicFileAttributes> attrs = Dirs.stat(dirs.leaf(), path.name());
            if (attrs.isPresent() && attrs.get().isDirectory()) {
                throw new AgentException(Reason.INVALID_PATH, path + " is a directory; delete files one by one or"
                        + " the whole job");
            }
            if (attrs.isEmpty() || quota.inFlight(path.name())) {
                return false;
            }
            dirs.leaf().deleteFile(Path.of(path.name()));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } finally {
            quota.invalidate();
        }
    }

    /** Deletes a whole job without following any link inside it; false when it did not exist. */
    public boolean deleteJob(JobName job) throws IOException {
        try (SecureDirectoryStream<Path> top = Dirs.openRoot(root)) {
            Optional<BasicFileAttributes> attrs = Dirs.stat(top, job.value());
            if (attrs.isEmpty()) {
                return false;
            }
            if (!attrs.get().isDirectory()) {
                top.deleteFile(Path.of(job.value()));
                return true;
            }
            try (SecureDirectoryStream<Path> dir = Dirs.openDir(top, job.value())) {
                TreeWalk.deleteContents(dir, 1);
            }
            top.deleteDirectory(Path.of(job.value()));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (DirectoryNotEmptyException e) {
            throw new AgentException(Reason.CONFLICT, "job " + job + " changed while it was being deleted; try again");
        } catch (FileSystemException e) {
            throw new AgentException(Reason.CONFLICT, "job " + job + " could not be deleted completely", e);
        } finally {
            quota.invalidate();
        }
    }

    static void requireRegular(FilePath path, BasicFileAttributes attrs) {
        if (attrs.isSymbolicLink()) {
            throw new AgentException(Reason.INVALID_PATH, path + " is a symbolic link; links are never followed");
        }
        if (!attrs.isRegularFile()) {
            throw new AgentException(Reason.INVALID_PATH, path + (attrs.isDirectory() ? " is a directory"
                    : " is not a regular file"));
        }
    }

    private static AgentException replacedByLink(FilePath path) {
        return new AgentException(Reason.INVALID_PATH, path + " changed into a symbolic link or special file;"
                + " links are never followed");
    }

    private static Instant modified(BasicFileAttributes attrs) {
        return attrs.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.MILLIS);
    }
}
