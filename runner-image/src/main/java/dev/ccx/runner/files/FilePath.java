package dev.ccx.runner.files;

import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A caller-named file inside a job, as plain segments: never absolute, never {@code .} or {@code ..}, no empty
 * segments, no NUL, control characters or backslashes, each segment a valid Linux file name. Decoded from the
 * request URL one segment at a time, so an encoded {@code %2F} or {@code %00} can never change its meaning.
 */
public record FilePath(List<String> segments) {

    /** Most characters a whole path may have (as the orchestrator allows). */
    public static final int MAX_CHARS = 1024;
    /** Most segments (directory levels plus the file name). */
    public static final int MAX_SEGMENTS = 64;
    /** Linux NAME_MAX, in UTF-8 bytes. */
    public static final int MAX_SEGMENT_BYTES = 255;

    public FilePath {
        segments = List.copyOf(segments);
        if (segments.isEmpty() || segments.size() > MAX_SEGMENTS) {
            throw invalid("a file path needs 1 to " + MAX_SEGMENTS + " segments");
        }
        int chars = segments.size() - 1;
        for (String s : segments) {
            check(s);
            chars += s.length();
        }
        if (chars > MAX_CHARS) {
            throw invalid("a file path may have at most " + MAX_CHARS + " characters");
        }
    }

    /** Parses the still percent-encoded path of a request URL ({@code a/b%20c.txt}). */
    public static FilePath fromUrl(String rawEncoded) {
        if (rawEncoded.isEmpty() || rawEncoded.length() > 3 * MAX_CHARS) {
            throw invalid("the file path is empty or too long");
        }
        if (rawEncoded.startsWith("/")) {
            throw invalid("file paths are relative to the job directory");
        }
        List<String> segments = new ArrayList<>();
        for (String raw : rawEncoded.split("/", -1)) {
            segments.add(decode(raw));
        }
        return new FilePath(segments);
    }

    /** The directories leading to the file, outermost first. */
    public List<String> parents() {
        return segments.subList(0, segments.size() - 1);
    }

    /** The last segment. */
    public String name() {
        return segments.get(segments.size() - 1);
    }

    @Override
    public String toString() {
        return String.join("/", segments);
    }

    private static void check(String s) {
        if (s.isEmpty() || s.equals(".") || s.equals("..")) {
            throw invalid("file paths may not contain empty, '.' or '..' segments");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '/' || c == '\\') {
                throw invalid("file paths may not contain NUL, control characters, backslashes or encoded slashes");
            }
        }
        if (s.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
            throw invalid("a file or directory name may have at most " + MAX_SEGMENT_BYTES + " bytes");
        }
    }

    /** Strict percent-decoding: {@code +} stays {@code +}, bad escapes and malformed UTF-8 are refused. */
    private static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                byte[] plain = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(plain, 0, plain.length);
                continue;
            }
            int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
            if (lo < 0) {
                throw invalid("the file path has a malformed percent escape");
            }
            bytes.write(hi * 16 + lo);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw invalid("the file path is not valid UTF-8");
        }
    }

    private static AgentException invalid(String message) {
        return new AgentException(Reason.INVALID_PATH, message);
    }
}
