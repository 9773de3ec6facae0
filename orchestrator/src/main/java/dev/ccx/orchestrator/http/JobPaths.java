package dev.ccx.orchestrator.http;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Validates job names and file paths from callers before they are forwarded. The runner resolves every path
 * inside the user's jobs mount and refuses symlink escapes; this check refuses the obvious tricks early (before a
 * runner is even started) and re-encodes what it forwards, so no decoded byte can change the meaning of the
 * runner's URL. Paths are taken from the raw request URL and decoded one segment at a time, strictly: an encoded
 * {@code /}, {@code \}, NUL or {@code ..} is refused, and {@code +} stays a plus.
 */
public final class JobPaths {
    private static final Pattern JOB = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    public static final int MAX_PATH = 1024;
    public static final int MAX_SEGMENTS = 64;
    public static final int MAX_SEGMENT_BYTES = 255;

    private JobPaths() {}

    public static String job(String raw) {
        if (raw == null || !JOB.matcher(raw).matches() || raw.contains("..")) {
            throw ApiException.badRequest("invalid_job",
                    "job names use 1-64 lowercase letters, digits, '.', '_' or '-' and start with a letter or digit");
        }
        return raw;
    }

    /** Checks a relative file path as it appears (percent-encoded) in a URL; returns it re-encoded segment by segment. */
    public static String file(String rawEncoded) {
        if (rawEncoded == null || rawEncoded.isEmpty() || rawEncoded.length() > 3 * MAX_PATH) {
            throw invalidPath("the file path is empty or longer than " + MAX_PATH + " characters");
        }
        if (rawEncoded.startsWith("/")) {
            throw invalidPath("file paths are relative to the job directory");
        }
        String[] raw = rawEncoded.split("/", -1);
        if (raw.length > MAX_SEGMENTS) {
            throw invalidPath("file paths have at most " + MAX_SEGMENTS + " segments");
        }
        StringBuilder encoded = new StringBuilder();
        int chars = raw.length - 1;
        for (String r : raw) {
            String segment = segment(decode(r));
            chars += segment.length();
            if (encoded.length() > 0) {
                encoded.append('/');
            }
            encoded.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        if (chars > MAX_PATH) {
            throw invalidPath("the file path is longer than " + MAX_PATH + " characters");
        }
        return encoded.toString();
    }

    private static String segment(String s) {
        if (s.isEmpty() || s.equals(".") || s.equals("..")) {
            throw invalidPath("file paths may not contain empty, '.' or '..' segments");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '/' || c == '\\') {
                throw invalidPath("file paths may not contain NUL, control characters, backslashes or encoded slashes");
            }
        }
        if (s.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
            throw invalidPath("a file or directory name may have at most " + MAX_SEGMENT_BYTES + " bytes");
        }
        return s;
    }

    /** Strict percent-decoding of one segment: malformed escapes and invalid UTF-8 are refused. */
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
                throw invalidPath("the file path has a malformed percent escape");
            }
            bytes.write(hi * 16 + lo);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw invalidPath("the file path is not valid UTF-8");
        }
    }

    private static ApiException invalidPath(String message) {
        return ApiException.badRequest("invalid_path", message);
    }
}
