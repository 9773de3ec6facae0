package dev.ccx.runner.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Decides whether a text fits in one argv element (Linux caps each at 128 KiB) or must go through a private
 * 0600 file instead.
 */
final class PromptDelivery {

    /** Largest text passed as one argument; safely under MAX_ARG_STRLEN (131072 bytes). */
    static final int MAX_ARG_BYTES = 100_000;

    private PromptDelivery() {
    }

    static boolean fitsInArgument(String text) {
        return text.length() * 3L <= MAX_ARG_BYTES || text.getBytes(StandardCharsets.UTF_8).length <= MAX_ARG_BYTES;
    }

    /** Writes {@code text} to {@code file}, readable by the runner user only. */
    static Path writePrivate(Path file, String text) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.WRITE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the prompt file", e);
        }
    }

    /** The file to feed on stdin when {@code text} is too large for an argument. */
    static Optional<Path> stdinFor(String text, Path file) {
        return fitsInArgument(text) ? Optional.empty() : Optional.of(writePrivate(file, text));
    }
}
