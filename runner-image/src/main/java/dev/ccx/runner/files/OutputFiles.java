package dev.ccx.runner.files;

import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the deliverables of an output-files run: every regular file below the scratch directory, keyed by its
 * relative path, UTF-8 text verbatim (byte-exact) and anything else as {@code data:base64,...}. Symbolic links are
 * skipped, never followed, and the total size is capped.
 */
public final class OutputFiles {

    /** The prefix of non-text files, as cc-executor-docker returns them (no media type). */
    public static final String BASE64_PREFIX = "data:base64,";
    private static final int MAX_FILES = 10_000;

    private OutputFiles() {
    }

    /** The files below {@code scratch}, in sorted order per directory. */
    public static Map<String, String> collect(Path scratch, long maxBytes) {
        Map<String, String> files = new LinkedHashMap<>();
        long[] total = {0};
        try {
            walk(scratch, "", files, total, maxBytes);
        } catch (IOException e) {
            throw new AgentException(Reason.INTERNAL, "output files could not be read");
        }
        return files;
    }

    private static void walk(Path dir, String prefix, Map<String, String> files, long[] total, long maxBytes)
            throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        }
        entries.sort(null);
        for (Path entry : entries) {
            String name = prefix + entry.getFileName();
            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                walk(entry, name + "/", files, total, maxBytes);
            } else if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                if (files.size() >= MAX_FILES) {
                    throw new AgentException(Reason.OUTPUT_TOO_LARGE, "output_files: more than " + MAX_FILES
                            + " files");
                }
                byte[] bytes = read(entry, maxBytes - total[0], maxBytes);
                total[0] += bytes.length;
                files.put(name, encode(bytes));
            }
        }
    }

    /** Reads without following a symbolic link; fails once the remaining budget is exceeded. */
    private static byte[] read(Path file, long budget, long maxBytes) throws IOException {
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, Math.max(0, budget) + 1));
            if (bytes.length > budget) {
                throw new AgentException(Reason.OUTPUT_TOO_LARGE,
                        "output_files: the files written exceed the limit of " + maxBytes
                                + " bytes; write smaller deliverables or use a job directory");
            }
            return bytes;
        }
    }

    /** UTF-8 text as is, anything else as base64. */
    static String encode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return BASE64_PREFIX + Base64.getEncoder().encodeToString(bytes);
        }
    }
}
