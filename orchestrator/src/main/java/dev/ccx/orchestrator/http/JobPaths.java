package dev.ccx.orchestrator.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Validates job names and file paths from callers before they are forwarded. The runner resolves every path
 * inside the user's jobs mount and refuses symlink escapes; this check refuses the obvious tricks early and
 * re-encodes what it forwards, so no decoded byte can change the meaning of the runner's URL.
 */
public final class JobPaths {
    private static final Pattern JOB = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern SEGMENT = Pattern.compile("[^\\x00-\\x1f\\x7f/\\\\]{1,255}");
    public static final int MAX_PATH = 1024;

    private JobPaths() {}

    public static String job(String raw) {
        if (raw == null || !JOB.matcher(raw).matches() || raw.contains("..")) {
            throw ApiException.badRequest("invalid_job",
                    "job names use 1-64 lowercase letters, digits, '.', '_' or '-' and start with a letter or digit");
        }
        return raw;
    }

    /** Checks a relative file path and returns it URL-encoded segment by segment. */
    public static String file(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > MAX_PATH) {
            throw invalidPath("the file path is empty or longer than " + MAX_PATH + " characters");
        }
        if (raw.startsWith("/")) {
            throw invalidPath("file paths are relative to the job directory");
        }
        StringBuilder encoded = new StringBuilder();
        for (String segment : raw.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw invalidPath("file paths may not contain '.' or '..' segments");
            }
            if (!SEGMENT.matcher(segment).matches()) {
                throw invalidPath("file paths may not contain empty segments, backslashes or control characters");
            }
            if (encoded.length() > 0) {
                encoded.append('/');
            }
            encoded.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return encoded.toString();
    }

    private static ApiException invalidPath(String message) {
        return ApiException.badRequest("invalid_path", message);
    }
}
