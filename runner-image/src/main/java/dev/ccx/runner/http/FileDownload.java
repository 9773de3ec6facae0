package dev.ccx.runner.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.files.ByteRange;
import dev.ccx.runner.files.FilePath;
import dev.ccx.runner.files.JobFiles;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLConnection;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Sends an open file, whole (200) or one byte range (206, {@code Content-Range}; 416 when unsatisfiable), with its
 * length, a guessed content type, {@code Accept-Ranges: bytes} and {@code Last-Modified}, through a fixed buffer.
 */
final class FileDownload {

    private static final int BUFFER = 64 * 1024;

    private FileDownload() {
    }

    static void send(HttpExchange ex, JobFiles.OpenFile file, FilePath path) throws IOException {
        try (file) {
            Headers h = ex.getResponseHeaders();
            Optional<ByteRange> range;
            try {
                range = ByteRange.parse(ex.getRequestHeaders().getFirst("Range"), file.size());
            } catch (AgentException e) {
                h.set("Content-Range", "bytes */" + file.size());
                throw e;
            }
            long first = range.map(ByteRange::first).orElse(0L);
            long length = range.map(ByteRange::length).orElse(file.size());
            h.set("Content-Type", contentType(path.name()));
            h.set("Accept-Ranges", "bytes");
            h.set("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(file.modified().atOffset(ZoneOffset.UTC)));
            h.set("Content-Disposition", "attachment; filename*=UTF-8''"
                    + URLEncoder.encode(path.name(), StandardCharsets.UTF_8).replace("+", "%20"));
            h.set("Cache-Control", "no-store");
            range.ifPresent(r -> h.set("Content-Range", r.contentRange(file.size())));
            int status = range.isPresent() ? 206 : 200;
            if ("HEAD".equals(ex.getRequestMethod())) {
                h.set("Content-Length", Long.toString(length));
                ex.sendResponseHeaders(status, -1);
                return;
            }
            ex.sendResponseHeaders(status, length == 0 ? -1 : length);
            try (OutputStream out = ex.getResponseBody()) {
                copy(file.channel(), first, length, out);
            }
        }
    }

    private static void copy(SeekableByteChannel in, long first, long length, OutputStream out) throws IOException {
        in.position(first);
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        long remaining = length;
        while (remaining > 0) {
            buffer.clear().limit((int) Math.min(BUFFER, remaining));
            int n = in.read(buffer);
            if (n < 0) {
                throw new EOFException("the file shrank while it was being sent");
            }
            out.write(buffer.array(), 0, n);
            remaining -= n;
        }
    }

    private static String contentType(String name) {
        String guessed = URLConnection.guessContentTypeFromName(name);
        return guessed == null ? "application/octet-stream" : guessed;
    }
}
