package dev.ccx.runner.files;

import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Stores uploads atomically: the body streams through a fixed buffer (hashed on the way) into a temporary file
 * next to the target, created relative to its directory's handle with {@code O_CREAT|O_EXCL|O_NOFOLLOW}, and is
 * renamed over the target only when complete. A failed upload (quota, full disk, aborted body) leaves nothing.
 */
public final class Uploads {

    /** Bytes read from the request and written to disk at a time. */
    public static final int BUFFER = 64 * 1024;
    private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);

    private final Path root;
    private final JobsQuota quota;

    public Uploads(Path root, JobsQuota quota) {
        this.root = root;
        this.quota = quota;
    }

    /** What was stored: size and lowercase hex SHA-256. */
    public record Stored(long size, String sha256) {
    }

    /** Stores {@code body} at {@code path} in {@code job} ({@code declared}: Content-Length, negative if unknown). */
    public Stored store(JobName job, FilePath path, InputStream body, long declared) throws IOException {
        if (path.name().startsWith(Dirs.TEMP_PREFIX)) {
            throw new AgentException(Reason.INVALID_PATH, "file names starting with " + Dirs.TEMP_PREFIX
                    + " are reserved for uploads in progress");
        }
        try (OpenDirs dirs = OpenDirs.open(root, job, path.parents(), true)) {
            SecureDirectoryStream<Path> dir = dirs.leaf();
            long replaced = replacedBytes(dir, path);
            String temp = Dirs.tempName("upload");
            try (JobsQuota.Upload share = quota.begin(temp, replaced, declared)) {
                Stored stored = write(dir, temp, body, declared, share);
                publish(dir, temp, path);
                share.commit();
                return stored;
            }
        } catch (NoSuchFileException e) {
            throw new AgentException(Reason.CONFLICT, "a directory of " + path + " was removed during the upload");
        }
    }

    private static long replacedBytes(SecureDirectoryStream<Path> dir, FilePath path) throws IOException {
        Optional<BasicFileAttributes> existing = Dirs.stat(dir, path.name());
        if (existing.isEmpty()) {
            return 0;
        }
        if (existing.get().isSymbolicLink()) {
            throw new AgentException(Reason.INVALID_PATH, path + " is a symbolic link; uploads never write through"
                    + " links (delete it first)");
        }
        JobFiles.requireRegular(path, existing.get());
        return existing.get().size();
    }

    private static Stored write(SecureDirectoryStream<Path> dir, String temp, InputStream body, long declared,
                                JobsQuota.Upload share) throws IOException {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        try (SeekableByteChannel out = create(dir, temp)) {
            for (int n = read(body, buffer); n >= 0; n = read(body, buffer)) {
                share.grow(n);
                write(out, buffer, n);
                sha.update(buffer, 0, n);
                total += n;
            }
            if (declared >= 0 && total != declared) {
                throw incomplete();
            }
            if (out instanceof FileChannel file) {
                file.force(false);
            }
        } catch (IOException e) {
            Dirs.deleteQuietly(dir, temp);
            if (diskFull(e)) {
                throw new AgentException(Reason.DISK_FULL, "the jobs volume is full; the partial file was removed", e);
            }
            throw e;
        } catch (RuntimeException e) {
            Dirs.deleteQuietly(dir, temp);
            throw e;
        }
        return new Stored(total, HexFormat.of().formatHex(sha.digest()));
    }

    /** Renames the finished temporary file over the target (relative to the same handle: atomic, no link followed). */
    private static void publish(SecureDirectoryStream<Path> dir, String temp, FilePath path) throws IOException {
        try {
            dir.move(Path.of(temp), dir, Path.of(path.name()));
        } catch (IOException e) {
            Dirs.deleteQuietly(dir, temp);
            if (e instanceof FileSystemException && Dirs.stat(dir, path.name()).map(a -> a.isDirectory())
                    .orElse(false)) {
                throw new AgentException(Reason.INVALID_PATH, path + " is a directory");
            }
            throw e;
        }
    }

    private static SeekableByteChannel create(SecureDirectoryStream<Path> dir, String temp) throws IOException {
        return dir.newByteChannel(Path.of(temp), CREATE);
    }

    private static int read(InputStream body, byte[] buffer) {
        try {
            return body.read(buffer);
        } catch (IOException e) {
            throw incomplete();
        }
    }

    private static void write(SeekableByteChannel out, byte[] buffer, int n) throws IOException {
        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
        while (chunk.hasRemaining()) {
            out.write(chunk);
        }
    }

    /** ENOSPC and EDQUOT: the disk (or a filesystem quota) is full. */
    private static boolean diskFull(IOException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("No space left on device") || message.contains("Disk quota exceeded");
    }

    private static AgentException incomplete() {
        return new AgentException(Reason.UPLOAD_INCOMPLETE, "the upload ended before its last byte; nothing was"
                + " stored");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
